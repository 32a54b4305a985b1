// What the site's own pages share (the home, month, search and error pages; the article pages
// are renderArticleHtml's): the head, a bar with the way home and the search form, the end.
#ifndef ARCHIVE_NEWS_TOOLKIT_SERVE_SITE_FRAME_H_
#define ARCHIVE_NEWS_TOOLKIT_SERVE_SITE_FRAME_H_

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// From <!DOCTYPE html> to the top bar, after which the page's own content goes. `title` and
// `query` (the search box's text) are escaped here.
std::string siteStart(std::string_view title, std::string_view query = {});
std::string siteEnd();

// "2019-06-30 · Lee Joo-Hyeong": the date (firstcreated, else versioncreated) and bylines of a
// listed article, escaped; empty when it has neither.
std::string dateAndBylines(const std::optional<std::string>& date,
                           const std::vector<std::string>& bylines);

// The list item of an article in a month's or a search's list: date and bylines, headline as a
// link to `href`; `snippetHtml` (already escaped) after it when not empty.
std::string articleItem(const std::string& href, std::string_view headline,
                        const std::string& factsHtml, const std::string& snippetHtml);

// "Page 2 of 7 · Newer · Older" links for a list cut in pages; empty for a single page.
// `hrefOf(page)` makes a page's URL.
std::string pageLinks(std::size_t page, std::size_t pages,
                      const std::function<std::string(std::size_t)>& hrefOf);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SERVE_SITE_FRAME_H_
