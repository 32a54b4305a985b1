#include "toolkit/search/text_folding.h"

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include <algorithm>

namespace archive_news::internal {
namespace {

bool isHangulSyllable(unsigned c) { return c >= 0xAC00 && c <= 0xD7A3; }

void appendUtf8(std::string& out, unsigned c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  char buffer[4];
  const unsigned n = Xapian::Unicode::nonascii_to_utf8(c, buffer);
  out.append(buffer, n);
}

// Appends `c` without its marks: its NFD decomposition minus the nonspacing marks.
void appendFolded(std::string& out, unsigned c, const UNormalizer2* nfd) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
    return;
  }
  if (isHangulSyllable(c)) return appendUtf8(out, c);
  UChar decomposition[32];
  UErrorCode status = U_ZERO_ERROR;
  const int32_t n = nfd == nullptr ? -1
                                   : unorm2_getDecomposition(nfd, static_cast<UChar32>(c),
                                                             decomposition, 32, &status);
  if (n < 0 || U_FAILURE(status)) {
    if (u_charType(static_cast<UChar32>(c)) != U_NON_SPACING_MARK) appendUtf8(out, c);
    return;
  }
  for (int32_t i = 0; i < n;) {
    UChar32 part;
    U16_NEXT(decomposition, i, n, part);
    if (u_charType(part) != U_NON_SPACING_MARK) appendUtf8(out, static_cast<unsigned>(part));
  }
}

const UNormalizer2* nfdInstance() {
  static const UNormalizer2* const instance = [] {
    UErrorCode status = U_ZERO_ERROR;
    const UNormalizer2* nfd = unorm2_getNFDInstance(&status);
    return U_FAILURE(status) ? nullptr : nfd;
  }();
  return instance;
}

class AccentFolding : public Xapian::StemImplementation {
 public:
  std::string operator()(const std::string& word) override { return withoutAccents(word); }
  std::string get_description() const override { return "newsarc accent folding"; }
};

}  // namespace

std::string withoutAccents(std::string_view word) {
  if (std::all_of(word.begin(), word.end(), [](char c) { return (c & 0x80) == 0; })) {
    return std::string(word);
  }
  std::string out;
  out.reserve(word.size());
  const UNormalizer2* nfd = nfdInstance();
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
    appendFolded(out, *it, nfd);
  }
  return out;
}

Xapian::Stem accentFoldingStemmer() { return Xapian::Stem(new AccentFolding()); }

}  // namespace archive_news::internal
