// The frame of the site's own pages and the style sheet they share with the article pages.
#include "toolkit/serve/site_frame.h"

#include <archive_news/browse.h>
#include <archive_news/render.h>

#include "toolkit/render/html_page.h"
#include "toolkit/render/html_text.h"

namespace archive_news {
namespace {

// The site's own pages on top of the article pages' style: the bar, the search form, lists.
constexpr std::string_view kSiteStyle = R"css(/* newsarc serve: the site's own pages */
.bar {
  display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: center; justify-content: space-between;
  font-family: var(--sans); font-size: .9rem; margin-bottom: 2rem;
}
.bar .home { font-weight: 600; text-decoration: none; }
.bar form, form.search { display: flex; gap: .4rem; }
input[type=search] {
  font: inherit; padding: .3rem .5rem; border: 1px solid var(--rule); border-radius: .25rem;
  background: var(--page); color: var(--text); min-width: 14rem;
}
button {
  font: inherit; padding: .3rem .8rem; border: 1px solid var(--accent); border-radius: .25rem;
  background: var(--accent); color: var(--page);
}
.bundles, .years { font-family: var(--sans); }
.bundles li { margin-bottom: .4rem; }
.years h3 { margin: 1.4rem 0 .4rem; }
.years ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1.2rem; }
.count, .note, .pages { font-family: var(--sans); color: var(--muted); font-size: .9rem; }
.note { background: var(--panel); padding: .5rem .75rem; }
.error { font-family: var(--sans); border-left: 4px solid #b3261e; padding: .5rem .75rem; background: var(--panel); }
.snippet { margin: .25rem 0 0; font-size: 1rem; }
mark { background: #fde68a; color: #1f2023; padding: 0 .1em; }
.pages a { margin-right: 1rem; }
)css";

}  // namespace

std::string browseStyleSheet() { return articleHtmlStyleSheet() + std::string(kSiteStyle); }

namespace internal {

std::string siteStart(std::string_view title, std::string_view query) {
  return pageStart(title, "/style.css") +
         "<nav class=\"bar\"><a class=\"home\" href=\"/\">newsarc</a>\n"
         "<form class=\"search\" action=\"/search\" method=\"get\" role=\"search\">"
         "<input type=\"search\" name=\"q\" value=\"" +
         escapeHtml(query) +
         "\" aria-label=\"Search the articles\" placeholder=\"Search the articles\">"
         "<button type=\"submit\">Search</button></form></nav>\n<main>\n";
}

std::string siteEnd() { return "</main>\n" + pageEnd(); }

std::string dateAndBylines(const std::optional<std::string>& date,
                           const std::vector<std::string>& bylines) {
  std::string out;
  if (date) {
    out = "<time datetime=\"" + escapeHtml(*date) + "\">" + escapeHtml(displayTime(*date)) +
          "</time>";
  }
  for (std::size_t i = 0; i < bylines.size(); ++i) {
    out += (i == 0 ? (out.empty() ? "" : " · ") : ", ") + escapeHtml(bylines[i]);
  }
  return out;
}

std::string articleItem(const std::string& href, std::string_view headline,
                        const std::string& factsHtml, const std::string& snippetHtml) {
  std::string out = "<li>";
  if (!factsHtml.empty()) out += "<p class=\"meta\">" + factsHtml + "</p>";
  out += "<h3><a href=\"" + escapeHtml(href) + "\">" + escapeHtml(headline) + "</a></h3>";
  if (!snippetHtml.empty()) out += "<p class=\"snippet\">" + snippetHtml + "</p>";
  return out + "</li>\n";
}

std::string pageLinks(std::size_t page, std::size_t pages,
                      const std::function<std::string(std::size_t)>& hrefOf) {
  if (pages <= 1) return {};
  std::string out =
      "<p class=\"pages\">Page " + std::to_string(page) + " of " + std::to_string(pages) + " ";
  if (page > 1)
    out += "<a href=\"" + escapeHtml(hrefOf(page - 1)) + "\" rel=\"prev\">← Previous</a>";
  if (page < pages)
    out += "<a href=\"" + escapeHtml(hrefOf(page + 1)) + "\" rel=\"next\">Next →</a>";
  return out + "</p>\n";
}

}  // namespace internal
}  // namespace archive_news
