// Text made safe and readable for HTML: escaping, link targets and dates (sizes: displaySize() of
// <archive_news/render.h>). Article text is untrusted; everything that reaches a page or an
// attribute passes through here.
#ifndef ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_TEXT_H_
#define ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace archive_news::internal {

// Text for an element's content or a quoted attribute value: & < > " ' as character references,
// control bytes other than tab, line feed and carriage return as U+FFFD (HTML has no place for
// them).
std::string escapeHtml(std::string_view text);

// escapeHtml(), and each line feed a <br>: paragraphs and quotes keep their line breaks.
std::string escapeHtmlLines(std::string_view text);

// A relative file name as a URL path: every byte but ASCII letters, digits, "-._~" and the '/'
// between components percent-encoded, so that '#', '?', '%', ':' and spaces stay part of the name.
std::string urlPath(std::string_view fileName);

// True when browsers show a file of this name passively or offer it as a download, whatever it
// holds: its extension (ASCII case ignored) names an image, audio, video, document or archive
// format, plain text, CSV or JSON. HTML, XHTML, SVG, XML, MHTML, a name without an extension or
// with an unknown one may render as a page that runs script.
bool isInertFileName(std::string_view fileName);

// True for an absolute http or https URL: the only kind a page links to from article data (a
// "javascript:" URL in an article must never become a link).
bool isWebUrl(std::string_view url);

// An RFC 3339 date or date-time (as validateArticle accepts them) for people: "2019-06-30",
// "2024-03-01 12:10 +09:00", "2024-03-01 03:10:30 UTC".
std::string displayTime(std::string_view time);

// Seconds since 1970 in UTC of an RFC 3339 date (at 00:00 UTC) or date-time; std::nullopt when
// the text is not of that form.
std::optional<std::int64_t> utcSeconds(std::string_view time);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_TEXT_H_
