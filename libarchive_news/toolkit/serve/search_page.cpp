// The search page: the form, the hits of a page with their snippets marked, notes and errors.
#include <archive_news/browse.h>
#include <archive_news/search.h>

#include <algorithm>

#include "toolkit/render/html_text.h"
#include "toolkit/serve/site_frame.h"

namespace archive_news {
namespace {

using internal::escapeHtml;

// The snippet escaped, each highlight in a <mark>. Highlights out of order, overlapping or past
// the end are left out rather than trusted: the markup stays balanced whatever they say.
std::string markedSnippet(const SearchHit& hit) {
  const std::string& text = hit.snippet;
  std::string out = hit.snippetCutBefore ? "… " : "";
  std::size_t done = 0;
  for (const auto& [first, second] : hit.highlights) {
    if (first < done || second <= first || second > text.size()) continue;
    out += escapeHtml(std::string_view(text).substr(done, first - done)) + "<mark>" +
           escapeHtml(std::string_view(text).substr(first, second - first)) + "</mark>";
    done = second;
  }
  out += escapeHtml(std::string_view(text).substr(done));
  return out + (hit.snippetCutAfter ? " …" : "");
}

std::string hitList(const SearchResults& results) {
  std::string out = "<ol class=\"articles index\">\n";
  for (const SearchHit& hit : results.hits) {
    out += internal::articleItem(articlePath(hit.bundle, hit.id), hit.headline,
                                 internal::dateAndBylines(hit.date, hit.bylines),
                                 hit.snippet.empty() ? "" : markedSnippet(hit));
  }
  return out + "</ol>\n";
}

std::string searchHref(const std::string& query, std::size_t page) {
  std::string href = "/search?q=" + percentEncode(query);
  if (page > 1) href += "&page=" + std::to_string(page);
  return href;
}

std::string results(const SearchPage& page) {
  const SearchResults& found = *page.results;
  if (found.hits.empty()) {
    return "<p class=\"count\">" +
           std::string(page.page > 1 && found.matches > 0 ? "No more articles match."
                                                          : "No article matches.") +
           "</p>\n";
  }
  const std::size_t first = (page.page - 1) * page.pageSize + 1;
  std::string out = "<p class=\"count\">" + std::to_string(found.matches) +
                    (found.matches == 1 ? " article matches" : " articles match") + "; " +
                    std::to_string(first) + " to " + std::to_string(first + found.hits.size() - 1) +
                    " below.</p>\n";
  // `matches` may be an estimate: a next page is offered while this one is full.
  const std::size_t pages = std::max<std::size_t>(
      page.page +
          (found.hits.size() == page.pageSize && first - 1 + found.hits.size() < found.matches ? 1
                                                                                               : 0),
      1);
  const auto hrefOf = [&page](std::size_t n) { return searchHref(page.query, n); };
  const std::string links = internal::pageLinks(page.page, pages, hrefOf);
  return out + hitList(found) + links;
}

}  // namespace

std::string renderSearchPage(const SearchPage& page) {
  const std::string title = page.query.empty() ? "Search" : "Search: " + page.query;
  std::string out = internal::siteStart(title, page.query);
  out += "<h1>" + escapeHtml(title) + "</h1>\n";
  if (!page.error.empty()) out += "<p class=\"error\">" + escapeHtml(page.error) + "</p>\n";
  for (const std::string& name : page.unsearchable) {
    out += "<p class=\"note\">" + escapeHtml(name) +
           " has no search index, and its articles are not searched ('newsarc index' adds "
           "one).</p>\n";
  }
  for (const auto& [name, why] : page.unreadable) {
    out += "<p class=\"note\">" + escapeHtml(name) +
           ": its search index cannot be read, and its articles are not searched ('newsarc "
           "verify' checks the bundle): " +
           escapeHtml(why) + "</p>\n";
  }
  if (page.results != nullptr) {
    out += results(page);
  } else if (page.query.empty() && page.error.empty()) {
    out +=
        "<p class=\"count\">Words to search for; \"quotes\" find a phrase, -word leaves "
        "out, date:2019..2020 limits the dates.</p>\n";
  }
  return out + internal::siteEnd();
}

}  // namespace archive_news
