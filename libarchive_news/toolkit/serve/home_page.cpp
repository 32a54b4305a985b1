// "/": what is served, and the way into it by date.
#include <archive_news/browse.h>

#include "toolkit/render/html_text.h"
#include "toolkit/serve/site_frame.h"

namespace archive_news {
namespace {

using internal::escapeHtml;

std::string bundleList(const std::vector<ServedBundle>& bundles) {
  std::string out = "<h2>Bundles</h2>\n<ul class=\"bundles\">\n";
  for (const ServedBundle& bundle : bundles) {
    const std::string& title = bundle.title.empty() ? bundle.name : bundle.title;
    out += "<li><strong>" + escapeHtml(title) + "</strong> <span class=\"count\">" +
           std::to_string(bundle.articles) + (bundle.articles == 1 ? " article" : " articles");
    if (!bundle.searchable) {
      out += bundle.indexProblem.empty() ? ", no search index" : ", search index unreadable";
    }
    out += "</span>";
    if (!bundle.title.empty()) out += "<br><code>" + escapeHtml(bundle.name) + "</code>";
    out += "</li>\n";
  }
  return out + "</ul>\n";
}

std::string monthLink(const MonthCount& month, std::string_view label) {
  return "<li><a href=\"" + escapeHtml(monthPath(month.month)) + "\">" + escapeHtml(label) +
         "</a> <span class=\"count\">" + std::to_string(month.count) + "</span></li>";
}

// The months grouped by year (the newest first), each year with its total.
std::string yearList(const std::vector<MonthCount>& months) {
  std::string out = "<h2>By date</h2>\n<div class=\"years\">\n";
  for (std::size_t i = 0; i < months.size();) {
    const std::string year = months[i].month == kUndatedMonth ? "" : months[i].month.substr(0, 4);
    std::uint64_t total = 0;
    std::string links;
    for (; i < months.size() && (year.empty() ? months[i].month == kUndatedMonth
                                              : months[i].month.starts_with(year + "-"));
         ++i) {
      total += months[i].count;
      links += monthLink(months[i], year.empty() ? "Undated" : months[i].month);
    }
    out += "<h3>" + (year.empty() ? std::string("Without a date") : year) +
           " <span class=\"count\">" + std::to_string(total) + "</span></h3>\n<ul>" + links +
           "</ul>\n";
  }
  return out + "</div>\n";
}

}  // namespace

std::string renderHomePage(const std::vector<ServedBundle>& bundles,
                           const std::vector<MonthCount>& months) {
  std::string out = internal::siteStart("newsarc: " + std::to_string(bundles.size()) +
                                        (bundles.size() == 1 ? " bundle" : " bundles"));
  out += "<h1>Archived articles</h1>\n" + bundleList(bundles);
  out += months.empty() ? "<p class=\"note\">No articles.</p>\n" : yearList(months);
  return out + internal::siteEnd();
}

}  // namespace archive_news
