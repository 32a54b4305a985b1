// terminalSafe and the display width of text: what every place that shows untrusted text in a
// terminal goes through (the CLI's tables and reports, render.cpp, Error::what()).
#include <archive_news/terminal_text.h>

#include <cstdint>

namespace archive_news {
namespace {

struct Decoded {
  char32_t point = 0;
  std::size_t length = 0;  // 0: the byte at the position does not start valid UTF-8
};

// The character at text[i], checked as RFC 3629 says: no overlong form, no surrogate, nothing
// above U+10FFFF.
Decoded decodeAt(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return {lead, 1};
  std::size_t length = 0;
  char32_t point = 0;
  unsigned char low = 0x80;
  unsigned char high = 0xbf;
  if (lead >= 0xc2 && lead <= 0xdf) {
    length = 2;
    point = lead & 0x1fU;
  } else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3;
    point = lead & 0x0fU;
    if (lead == 0xe0) low = 0xa0;
    if (lead == 0xed) high = 0x9f;
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4;
    point = lead & 0x07U;
    if (lead == 0xf0) low = 0x90;
    if (lead == 0xf4) high = 0x8f;
  } else {
    return {};
  }
  if (text.size() - i < length) return {};
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xbf)) return {};
    point = (point << 6) | (next & 0x3fU);
  }
  return {point, length};
}

// Characters that move the cursor, change how the rest of the line reads or start a new line.
bool mustEscape(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x061c || c == 0x200e || c == 0x200f ||
         (c >= 0x2028 && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

void appendHex(std::string& out, std::uint32_t value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xf];
}

void appendEscape(std::string& out, char32_t c) {
  if (c == '\n') {
    out += "\\n";
  } else if (c == '\t') {
    out += "\\t";
  } else if (c == '\r') {
    out += "\\r";
  } else if (c <= 0x7f) {
    out += "\\x";
    appendHex(out, c, 2);
  } else {
    out += "\\u";
    appendHex(out, c, 4);
  }
}

struct Range {
  char32_t first;
  char32_t last;
};

// Combining marks and other characters drawn over the one before: no column of their own.
constexpr Range kZeroWidth[] = {
    {0x0300, 0x036f}, {0x0483, 0x0489}, {0x0591, 0x05bd}, {0x0610, 0x061a}, {0x064b, 0x065f},
    {0x0e31, 0x0e31}, {0x0e34, 0x0e3a}, {0x0e47, 0x0e4e}, {0x1160, 0x11ff}, {0x1ab0, 0x1aff},
    {0x1dc0, 0x1dff}, {0x200b, 0x200d}, {0x2060, 0x2064}, {0x20d0, 0x20ff}, {0x302a, 0x302f},
    {0x3099, 0x309a}, {0xfe00, 0xfe0f}, {0xfe20, 0xfe2f}, {0xfeff, 0xfeff}, {0xe0100, 0xe01ef},
};

// East Asian Wide and Fullwidth, and the emoji blocks terminals draw two columns wide.
constexpr Range kWide[] = {
    {0x1100, 0x115f},   {0x231a, 0x231b},   {0x2329, 0x232a},   {0x23e9, 0x23ec},
    {0x25fd, 0x25fe},   {0x2614, 0x2615},   {0x2648, 0x2653},   {0x26aa, 0x26ab},
    {0x26bd, 0x26be},   {0x26f5, 0x26f5},   {0x26fa, 0x26fa},   {0x2705, 0x2705},
    {0x270a, 0x270b},   {0x2728, 0x2728},   {0x274c, 0x274c},   {0x2753, 0x2755},
    {0x2795, 0x2797},   {0x2b1b, 0x2b1c},   {0x2b50, 0x2b50},   {0x2e80, 0x303e},
    {0x3041, 0x3096},   {0x309b, 0x33ff},   {0x3400, 0x4dbf},   {0x4e00, 0x9fff},
    {0xa000, 0xa4cf},   {0xa960, 0xa97f},   {0xac00, 0xd7a3},   {0xf900, 0xfaff},
    {0xfe10, 0xfe19},   {0xfe30, 0xfe6f},   {0xff00, 0xff60},   {0xffe0, 0xffe6},
    {0x16fe0, 0x16fe4}, {0x17000, 0x18cff}, {0x1b000, 0x1b2ff}, {0x1f004, 0x1f004},
    {0x1f0cf, 0x1f0cf}, {0x1f18e, 0x1f18e}, {0x1f191, 0x1f19a}, {0x1f200, 0x1f2ff},
    {0x1f300, 0x1f64f}, {0x1f680, 0x1f6ff}, {0x1f7e0, 0x1f7eb}, {0x1f90c, 0x1f9ff},
    {0x1fa70, 0x1faff}, {0x20000, 0x2fffd}, {0x30000, 0x3fffd},
};

template <std::size_t N>
bool inRanges(char32_t c, const Range (&ranges)[N]) {
  for (const Range& r : ranges) {
    if (c >= r.first && c <= r.last) return true;
  }
  return false;
}

std::size_t columnsOf(char32_t c) {
  if (c < 0x300) return 1;  // the common case, Latin text, at once
  if (inRanges(c, kZeroWidth)) return 0;
  return inRanges(c, kWide) ? 2 : 1;
}

// The character at text[i] of terminal-safe text and its columns; a stray invalid byte (the text
// was not made safe) counts as one column of one byte.
std::pair<std::size_t, std::size_t> characterAt(std::string_view text, std::size_t i) {
  const Decoded d = decodeAt(text, i);
  if (d.length == 0) return {1, 1};
  return {d.length, columnsOf(d.point)};
}

}  // namespace

namespace {

// The length of the run of printable ASCII (0x20..0x7e) at the start of text: most ids and much
// text is all of it, and is copied as it is.
std::size_t printableAsciiPrefix(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) - 0x20U < 0x5fU) ++i;
  return i;
}

}  // namespace

std::string terminalSafe(std::string_view text) {
  if (printableAsciiPrefix(text) == text.size()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const Decoded d = decodeAt(text, i);
    if (d.length == 0) {
      out += "\\x";
      appendHex(out, static_cast<unsigned char>(text[i]), 2);
      ++i;
      continue;
    }
    if (mustEscape(d.point)) {
      appendEscape(out, d.point);
    } else {
      out.append(text, i, d.length);
    }
    i += d.length;
  }
  return out;
}

std::size_t displayWidth(std::string_view text) {
  std::size_t columns = printableAsciiPrefix(text);
  for (std::size_t i = columns; i < text.size();) {
    const auto [length, width] = characterAt(text, i);
    columns += width;
    i += length;
  }
  return columns;
}

std::string fitToWidth(std::string_view text, std::size_t columns) {
  if (displayWidth(text) <= columns) return std::string(text);
  if (columns == 0) return {};
  std::size_t used = 0;
  std::size_t end = 0;
  while (end < text.size()) {
    const auto [length, width] = characterAt(text, end);
    if (used + width > columns - 1) break;  // one column is kept for the ellipsis
    used += width;
    end += length;
  }
  return std::string(text.substr(0, end)) + "…";
}

namespace {

// Appends as much of `word` to `line` as fits in `room` columns; returns the columns appended.
std::size_t takeCharacters(std::string_view& word, std::string& line, std::size_t room) {
  std::size_t used = 0;
  std::size_t end = 0;
  while (end < word.size()) {
    const auto [length, width] = characterAt(word, end);
    if (used + width > room && end > 0) break;  // at least one character, however wide
    used += width;
    end += length;
  }
  line.append(word.substr(0, end));
  word.remove_prefix(end);
  return used;
}

}  // namespace

std::vector<std::string> wrapToWidth(std::string_view text, std::size_t columns) {
  if (columns == 0 || displayWidth(text) <= columns) return {std::string(text)};
  std::vector<std::string> lines(1);
  std::size_t used = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t space = text.find(' ', i);
    std::string_view word = text.substr(i, space == std::string_view::npos ? space : space - i);
    i = space == std::string_view::npos ? text.size() : space + 1;
    if (word.empty()) continue;  // runs of spaces collapse at line breaks
    const std::size_t width = displayWidth(word);
    if (used > 0 && used + 1 + width <= columns) {
      lines.back() += ' ';
      used += 1;
    } else if (used > 0) {
      lines.emplace_back();
      used = 0;
    }
    while (!word.empty()) {
      used += takeCharacters(word, lines.back(), columns - used);
      if (!word.empty()) {
        lines.emplace_back();
        used = 0;
      }
    }
  }
  return lines;
}

}  // namespace archive_news
