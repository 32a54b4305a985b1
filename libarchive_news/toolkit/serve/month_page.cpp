// A month's articles, newest first, a page at a time.
#include <archive_news/browse.h>

#include "toolkit/render/html_text.h"
#include "toolkit/serve/site_frame.h"

namespace archive_news {

std::string renderMonthPage(const MonthListing& listing) {
  const bool undated = listing.month == kUndatedMonth;
  const std::string title = undated ? "Articles without a date" : "Articles of " + listing.month;
  std::string out = internal::siteStart(title);
  out += "<h1>" + internal::escapeHtml(title) + "</h1>\n<p class=\"count\">" +
         std::to_string(listing.total) + (listing.total == 1 ? " article" : " articles") + "</p>\n";
  const auto hrefOf = [&listing](std::size_t page) { return monthPath(listing.month, page); };
  out += internal::pageLinks(listing.page, listing.pages, hrefOf);
  out += "<ol class=\"articles index\">\n";
  for (const auto& [bundle, summary] : listing.articles) {
    const std::optional<std::string>& date =
        summary.firstcreated ? summary.firstcreated : summary.versioncreated;
    out += internal::articleItem(articlePath(bundle, summary.id),
                                 summary.headline + (summary.headlineCut ? "…" : ""),
                                 internal::dateAndBylines(date, summary.bylines), "");
  }
  out += "</ol>\n" + internal::pageLinks(listing.page, listing.pages, hrefOf);
  return out + internal::siteEnd();
}

}  // namespace archive_news
