#include "util/utf8.h"

#include <cstdint>
#include <cstring>

namespace archive_news::internal {
namespace {

// The length of the run of ASCII bytes other than NUL at the start of text, found eight bytes at a
// time (most text is mostly ASCII), possibly stopping up to seven bytes short of the run's end.
std::size_t asciiPrefix(std::string_view text) {
  constexpr std::uint64_t kOnes = 0x0101010101010101;
  constexpr std::uint64_t kHighBits = 0x8080808080808080;
  std::size_t i = 0;
  for (; text.size() - i >= 8; i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + i, 8);
    // A byte of 0x80 or more, or a zero byte (the classic borrow test), ends the run.
    if (((word | ((word - kOnes) & ~word)) & kHighBits) != 0) break;
  }
  return i;
}

}  // namespace

std::size_t invalidTextOffset(std::string_view text) {
  std::size_t i = asciiPrefix(text);
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      if (lead == 0) return i;
      ++i;
      i += asciiPrefix(text.substr(i));
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80;  // allowed range of the second byte
    unsigned char high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead == 0xe0) low = 0xa0;   // overlong below U+0800
      if (lead == 0xed) high = 0x9f;  // surrogates U+D800..U+DFFF
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead == 0xf0) low = 0x90;   // overlong below U+10000
      if (lead == 0xf4) high = 0x8f;  // above U+10FFFF
    } else {
      return i;  // continuation byte, overlong lead 0xc0/0xc1, or 0xf5..0xff
    }
    if (text.size() - i < length) return i;
    const auto second = static_cast<unsigned char>(text[i + 1]);
    if (second < low || second > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return i;
    }
    i += length;
  }
  return kValidText;
}

}  // namespace archive_news::internal
