// Text from a bundle or any other input, made inert before it reaches a terminal or a text report.
// A bundle is untrusted until verified, and even a signed bundle's text is someone else's: an
// escape sequence in a headline could clear the screen, retitle the terminal or hide the lines
// that follow, a newline could add a fake row to a table, a bidi override could reverse what is
// read. spec/SECURITY.md, "Text shown in a terminal", lists what is escaped and why.
#ifndef ARCHIVE_NEWS_TERMINAL_TEXT_H_
#define ARCHIVE_NEWS_TERMINAL_TEXT_H_

#include <archive_news/export.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

// `text` as one line of inert, valid UTF-8:
//   newline, tab, carriage return     -> \n  \t  \r
//   other C0 controls (NUL, ESC, ...) -> \xHH      (ESC: \x1b)
//   DEL and each byte of invalid UTF-8 -> \xHH    (a lone 0xff: \xff)
//   C1 controls U+0080..U+009F, bidi marks, embeddings, overrides and isolates (U+061C, U+200E,
//   U+200F, U+202A..U+202E, U+2066..U+2069), line and paragraph separators (U+2028, U+2029)
//                                     -> \uHHHH    (U+202E: \u202e)
// Everything else, backslashes included, is kept as it is. The escaping is for reading, not for
// reversing: a text that holds the six characters "\x1b" looks the same as one that holds ESC
// (JSON output, --json, keeps the exact bytes). In exchange the function is idempotent, so a
// message made of safe parts can be made safe again without doubling anything.
ARCHIVE_NEWS_EXPORT std::string terminalSafe(std::string_view text);

// Columns that terminal-safe text takes: East Asian wide and fullwidth characters and emoji take
// two, combining marks and zero-width joiners none, everything else one. The table is the
// library's own (a small one of the main ranges, not the full Unicode one), so the answer does
// not depend on the locale the program runs in.
ARCHIVE_NEWS_EXPORT std::size_t displayWidth(std::string_view text);

// Terminal-safe text cut to at most `columns` columns, never inside a character, ending in "…"
// when something was cut.
ARCHIVE_NEWS_EXPORT std::string fitToWidth(std::string_view text, std::size_t columns);

// Terminal-safe text broken into lines of at most `columns` columns, at spaces; a word longer
// than a line is broken between characters. columns 0: one line, as it is.
ARCHIVE_NEWS_EXPORT std::vector<std::string> wrapToWidth(std::string_view text,
                                                         std::size_t columns);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_TERMINAL_TEXT_H_
