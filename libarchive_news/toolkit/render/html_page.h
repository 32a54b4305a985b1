// The frame every HTML page of newsarc shares: the head (charset, viewport, a content security
// policy, title, style) and the style sheet itself.
#ifndef ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_PAGE_H_
#define ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_PAGE_H_

#include <string>
#include <string_view>

namespace archive_news::internal {

// From <!DOCTYPE html> to <body>: `title` escaped, the style sheet linked from `styleSheetHref`
// or, when it is empty, inline.
std::string pageStart(std::string_view title, const std::string& styleSheetHref);
// From </body> to the end.
std::string pageEnd();

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_RENDER_HTML_PAGE_H_
