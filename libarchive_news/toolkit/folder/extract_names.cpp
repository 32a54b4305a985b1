// The names extract writes (spec/FORMAT.md, 16.4: every rule here is normative there).
#include "toolkit/folder/extract_names.h"

#include <archive_news/article_folder.h>
#include <wctype.h>

#include <algorithm>
#include <array>
#include <map>
#include <set>

#include "toolkit/common/archive_locale.h"

namespace archive_news {
namespace {

constexpr std::size_t kMaxFolderNameBytes = 120;

// One code point of UTF-8 text at `at`: its value and length, or length 1 and !valid for a byte
// that does not start a well-formed sequence (RFC 3629).
struct CodePoint {
  char32_t value;
  std::size_t length;
  bool valid;
};

CodePoint decodeAt(std::string_view text, std::size_t at) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[at + i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return {lead, 1, true};
  std::size_t length = 0;
  char32_t value = 0;
  char32_t least = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2, value = lead & 0x1F, least = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3, value = lead & 0x0F, least = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4, value = lead & 0x07, least = 0x10000;
  } else {
    return {lead, 1, false};
  }
  if (at + length > text.size()) return {lead, 1, false};
  for (std::size_t i = 1; i < length; ++i) {
    if ((byte(i) & 0xC0) != 0x80) return {lead, 1, false};
    value = (value << 6) | (byte(i) & 0x3F);
  }
  if (value < least || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
    return {lead, 1, false};
  }
  return {value, length, true};
}

void appendUtf8(std::string& out, char32_t value) {
  if (value < 0x80) {
    out += static_cast<char>(value);
  } else if (value < 0x800) {
    out += static_cast<char>(0xC0 | (value >> 6));
    out += static_cast<char>(0x80 | (value & 0x3F));
  } else if (value < 0x10000) {
    out += static_cast<char>(0xE0 | (value >> 12));
    out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (value & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (value >> 18));
    out += static_cast<char>(0x80 | ((value >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (value & 0x3F));
  }
}

bool isAsciiAlnum(char32_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Code points beyond ASCII that a folder name leaves out: controls, and characters that are
// invisible or change the direction of the text around them, so that a name would not show
// what it is (FORMAT.md 16.4 lists them).
bool isUnsafeBeyondAscii(char32_t c) {
  static constexpr std::array<std::pair<char32_t, char32_t>, 14> kRanges = {{
      {0x0080, 0x00A0},    // C1 controls, no-break space
      {0x00AD, 0x00AD},    // soft hyphen
      {0x061C, 0x061C},    // Arabic letter mark
      {0x1680, 0x1680},    // Ogham space mark
      {0x180E, 0x180E},    // Mongolian vowel separator
      {0x2000, 0x200F},    // spaces, zero-width characters, left-to-right and right-to-left marks
      {0x2028, 0x202F},    // line and paragraph separators, bidi embeddings, narrow no-break space
      {0x205F, 0x206F},    // medium space, word joiner, invisible operators, bidi isolates
      {0x3000, 0x3000},    // ideographic space
      {0xFEFF, 0xFEFF},    // zero-width no-break space (byte order mark)
      {0xFFF0, 0xFFFF},    // specials: annotation marks, replacement character, noncharacters
      {0xE0000, 0xE007F},  // tags
      {0xE000, 0xF8FF},    // private use
      {0xF0000, 0x10FFFF}  // supplementary private use
  }};
  return std::any_of(kRanges.begin(), kRanges.end(),
                     [c](const auto& range) { return c >= range.first && c <= range.second; });
}

}  // namespace

namespace internal {

std::string caseFoldedName(std::string_view name) {
  const locale_t utf8 = utf8Locale();
  std::string out;
  out.reserve(name.size());
  for (std::size_t at = 0; at < name.size();) {
    const CodePoint c = decodeAt(name, at);
    if (!c.valid || (c.value >= 0x80 && utf8 == nullptr)) {
      out.append(name.substr(at, c.length));
    } else if (c.value < 0x80) {
      out += static_cast<char>(c.value >= 'A' && c.value <= 'Z' ? c.value + ('a' - 'A') : c.value);
    } else {
      appendUtf8(out, static_cast<char32_t>(towlower_l(static_cast<wint_t>(c.value), utf8)));
    }
    at += c.length;
  }
  return out;
}

bool isWindowsDeviceName(std::string_view component) {
  std::string stem(component.substr(0, component.find('.')));
  while (!stem.empty() && stem.back() == ' ') stem.pop_back();
  for (char& c : stem) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c);
  static constexpr std::string_view kDevices[] = {"con", "prn", "aux", "nul", "conin$", "conout$"};
  if (std::find(std::begin(kDevices), std::end(kDevices), stem) != std::end(kDevices)) return true;
  if (!stem.starts_with("com") && !stem.starts_with("lpt")) return false;
  const std::string_view number = std::string_view(stem).substr(3);
  // A digit, or a superscript 1, 2 or 3 (U+00B9, U+00B2, U+00B3), which Windows takes for one.
  return (number.size() == 1 && number[0] >= '0' && number[0] <= '9') || number == "\xC2\xB9" ||
         number == "\xC2\xB2" || number == "\xC2\xB3";
}

std::string portableComponent(std::string_view component) {
  std::string out(component);
  for (char& c : out) {
    if (std::string_view(":*?\"<>|").find(c) != std::string_view::npos) c = '_';
  }
  if (!out.empty() && (out.back() == '.' || out.back() == ' ')) out += '_';
  if (isWindowsDeviceName(out)) out.insert(0, "_");
  return out;
}

std::string portableFileName(std::string_view name) {
  std::string out;
  for (std::size_t start = 0;;) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    out += portableComponent(name.substr(start, end - start));
    if (end == name.size()) return out;
    out += '/';
    start = end + 1;
  }
}

std::string numberedFileName(const std::string& name, int n) {
  const std::size_t base = name.rfind('/') + 1;  // npos + 1 == 0
  const std::size_t dot = name.rfind('.');
  const std::string suffix = "-" + std::to_string(n);
  if (dot == std::string::npos || dot <= base) return name + suffix;
  return name.substr(0, dot) + suffix + name.substr(dot);
}

void makeNamesPortable(Article& article) {
  std::set<std::string> stored;  // every name as stored: a new name must not take one
  for (const Image& image : article.images) stored.insert(image.fileName);
  for (const Attachment& attachment : article.attachments) stored.insert(attachment.fileName);
  // The names taken in the article folder, case-folded: the files the layouts write beside
  // the article's own (folder: article.json; ninjs: item.ninjs.json), then each name written.
  std::set<std::string> taken = {caseFoldedName("article.json"), caseFoldedName("item.ninjs.json")};
  std::map<std::string, std::string> written;  // stored name -> name written
  auto rename = [&](std::string& fileName) {
    auto found = written.find(fileName);
    if (found == written.end()) {
      const std::string portable = portableFileName(fileName);
      std::string candidate = portable;
      for (int n = 2; (candidate != fileName && stored.contains(candidate)) ||
                      taken.contains(caseFoldedName(candidate));
           ++n) {
        candidate = numberedFileName(portable, n);
      }
      stored.insert(candidate);
      taken.insert(caseFoldedName(candidate));
      found = written.emplace(fileName, candidate).first;
    }
    fileName = found->second;
  };
  for (Image& image : article.images) rename(image.fileName);
  for (Attachment& attachment : article.attachments) rename(attachment.fileName);
}

std::vector<std::string> uniqueFolderNames(const std::vector<std::string>& ids) {
  std::vector<std::string> names;
  std::set<std::string> taken;  // case-folded
  for (const std::string& id : ids) {
    const std::string base = folderNameForId(id);
    std::string name = base;
    for (int n = 2; !taken.insert(caseFoldedName(name)).second; ++n) {
      name = base + "-" + std::to_string(n);
    }
    names.push_back(name);
  }
  return names;
}

}  // namespace internal

std::string folderNameForId(std::string_view id) {
  std::string name;
  bool inRun = false;  // inside a run of replaced code points, already written as one '_'
  for (std::size_t at = 0; at < id.size();) {
    const CodePoint c = decodeAt(id, at);
    const bool kept = c.valid && (c.value < 0x80 ? isAsciiAlnum(c.value) || c.value == '.' ||
                                                       c.value == '-' || c.value == '_'
                                                 : !isUnsafeBeyondAscii(c.value));
    // Cut at a code point, never inside one: at most kMaxFolderNameBytes bytes.
    const std::size_t bytes = kept ? c.length : (inRun ? 0 : 1);
    if (name.size() + bytes > kMaxFolderNameBytes) break;
    if (kept) {
      name.append(id.substr(at, c.length));
    } else if (!inRun) {
      name += '_';
    }
    inRun = !kept;
    at += c.length;
  }
  // "", "." and ".." name no folder of their own.
  if (name.find_first_not_of('.') == std::string::npos) {
    name.assign(std::max<std::size_t>(name.size(), 1), '_');
  }
  return internal::portableComponent(name);
}

}  // namespace archive_news
