// Browsing bundles in a web browser (`newsarc serve`): where each article falls by month, the
// URLs of the site and its pages, made on request. The pages need nothing but the site itself:
// no script, no font, nothing remote; every text from a bundle or a request is escaped. The HTTP
// server that sends them is the program's (the tool uses cpp-httplib): this header has no
// network code.
#ifndef ARCHIVE_NEWS_BROWSE_H_
#define ARCHIVE_NEWS_BROWSE_H_

#include <archive_news/article.h>
#include <archive_news/export.h>
#include <archive_news/reader.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archive_news {

struct SearchResults;  // search.h

// --- Articles by month --------------------------------------------------------------------------

// An article of one of the bundles served: which bundle (its place in the list), which article
// (its position in that bundle).
struct BrowsedArticle {
  std::size_t bundle = 0;
  std::size_t position = 0;
};

// A month ("2019-06", as the article's date writes it) and how many articles fall in it; the
// month "undated" holds the articles with neither firstcreated nor versioncreated.
struct MonthCount {
  std::string month;
  std::uint64_t count = 0;
};

inline constexpr std::string_view kUndatedMonth = "undated";

// The articles of some bundles by month of their date (firstcreated, else versioncreated), newest
// first within a month (by the instant the date names; a date alone counts as its midnight UTC).
// Made once, from one pass over each bundle's index (Bundle::forEachArticle), and holding 24 bytes
// an article: a page of a month then costs the summaries it shows, whatever the number of
// articles. The bundles must outlive it. Throws as forEachArticle() does for a damaged index.
class ARCHIVE_NEWS_EXPORT ArticleCalendar {
 public:
  explicit ArticleCalendar(const std::vector<const Bundle*>& bundles);
  ArticleCalendar(ArticleCalendar&&) noexcept;
  ArticleCalendar& operator=(ArticleCalendar&&) noexcept;
  ~ArticleCalendar();

  // Every month that holds an article, the newest first; "undated" last.
  const std::vector<MonthCount>& months() const;
  // Articles of `month` in the calendar's order, from `offset`, at most `limit`; empty for a month
  // that holds none (or an offset past its end).
  std::vector<BrowsedArticle> articles(std::string_view month, std::size_t offset,
                                       std::size_t limit) const;
  // How many articles `month` holds: 0 for one that holds none.
  std::uint64_t count(std::string_view month) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// --- URLs ---------------------------------------------------------------------------------------

// Every byte but ASCII letters, digits and "-._~" as %XX: an article id (a URI, which may hold
// '/', '?', '#' and '%') as one path segment or query value.
ARCHIVE_NEWS_EXPORT std::string percentEncode(std::string_view text);
// The bytes %XX stands for (and '+' for a space when `plusIsSpace`: query values). std::nullopt
// for a '%' not followed by two hex digits, or for a result that is not valid UTF-8 or holds a NUL.
ARCHIVE_NEWS_EXPORT std::optional<std::string> percentDecode(std::string_view text,
                                                             bool plusIsSpace);

// What a request's target ("/path?query", as sent) asks the site for.
struct BrowseRequest {
  enum class Kind {
    kHome,        // "/": the bundles, the months, the search form
    kStyleSheet,  // "/style.css"
    kMonth,       // "/month/2019-06?page=2", "/month/undated"
    kArticle,     // "/article/BUNDLE/ID/"
    kFile,        // "/article/BUNDLE/ID/files/NAME": an image's or attachment's file
    kSearch,      // "/search?q=...&page=N"
    kIcon,        // "/favicon.ico", which browsers ask for unbidden: the site has none
    kRedirect,    // "/article/BUNDLE/ID" without its last '/': moved to `location`
    kNotFound,    // no page of the site
    kBadRequest,  // a page of the site, asked badly: `problem` says how
  };
  Kind kind = Kind::kNotFound;
  std::size_t bundle = 0;
  std::string month;     // kMonth
  std::string id;        // kArticle, kFile: decoded
  std::string fileName;  // kFile: the name the article page links it by (htmlFiles' htmlName)
  std::string query;     // kSearch: decoded
  std::size_t page = 1;  // kMonth, kSearch: from 1
  std::string problem;   // kBadRequest
  std::string location;  // kRedirect: articlePath(), percent-encoded, safe as a header value
};
// Percent-escapes are decoded strictly (percentDecode), segment by segment, so that an id holding
// '/' reaches kArticle whole. Unknown query parameters are ignored.
ARCHIVE_NEWS_EXPORT BrowseRequest parseBrowseTarget(std::string_view target);

ARCHIVE_NEWS_EXPORT std::string monthPath(std::string_view month, std::size_t page = 1);
// "/article/0/urn%3Anewsarc%3A.../": ends with '/', so that the page's relative "files/NAME"
// links resolve below it.
ARCHIVE_NEWS_EXPORT std::string articlePath(std::size_t bundle, std::string_view id);

// --- Pages --------------------------------------------------------------------------------------

// A bundle as the home page lists it.
struct ServedBundle {
  std::string name;   // the path or URL it was opened from
  std::string title;  // its title, empty when it has none
  std::uint64_t articles = 0;
  bool searchable = false;  // it holds a search index (hasSearchIndex of search.h) that opens
  // Why its search index cannot be read; empty when it has none, or one that opens.
  std::string indexProblem;
};

// "/": each bundle with its title and article count, the months by year with their counts (each
// a link to its month page), and a search form (GET /search?q=).
ARCHIVE_NEWS_EXPORT std::string renderHomePage(const std::vector<ServedBundle>& bundles,
                                               const std::vector<MonthCount>& months);

// A page of a month's articles: date, headline (a link), bylines.
struct MonthListing {
  std::string month;
  std::vector<std::pair<std::size_t, ArticleSummary>> articles;  // (bundle, summary)
  std::uint64_t total = 0;                                       // articles in the month
  std::size_t page = 1;                                          // from 1
  std::size_t pages = 1;
};
ARCHIVE_NEWS_EXPORT std::string renderMonthPage(const MonthListing& listing);

// An article as renderArticleHtml() makes it (render.h), linking its files as "files/NAME"
// (HtmlFile::htmlName) below articlePath(), the style sheet as "/style.css", and `backHref` (its
// month's page) from the top.
ARCHIVE_NEWS_EXPORT std::string renderBrowsedArticle(const Article& article,
                                                     const std::string& backHref);

// "/search?q=...": the form with the query, then the hits of one page (headline linked to
// articlePath(hit.bundle, hit.id): `bundle` the served bundle's place, date, bylines, snippet
// with <mark> around each highlight), or what kept the search from running.
struct SearchPage {
  std::string query;
  std::size_t page = 1;  // from 1
  std::size_t pageSize = 10;
  const SearchResults* results = nullptr;  // nullptr: no search ran (no query, or `error`)
  std::string error;                       // why the query could not run, shown escaped
  std::vector<std::string> unsearchable;   // bundles without a search index, named in a note
  // Bundles whose search index cannot be read (damaged, another engine's), each with why: named
  // in a note, since their articles are not searched.
  std::vector<std::pair<std::string, std::string>> unreadable;
};
ARCHIVE_NEWS_EXPORT std::string renderSearchPage(const SearchPage& page);

// A page for an error: "404 Not found" and what was not found, escaped.
ARCHIVE_NEWS_EXPORT std::string renderStatusPage(int status, std::string_view message);

// The site's one style sheet, served as "/style.css": the article pages' (articleHtmlStyleSheet())
// and the rules of the site's own pages.
ARCHIVE_NEWS_EXPORT std::string browseStyleSheet();

// --- Headers of served files --------------------------------------------------------------------

// The Content-Type a file is sent with: `mediatype` when it is a plain "type/subtype" (RFC 6838
// characters only; for an image, an image/ type), else "application/octet-stream". Never
// anything a header could be split by.
ARCHIVE_NEWS_EXPORT std::string servedMediaType(std::string_view mediatype, bool image);
// `attachment; filename="..."; filename*=UTF-8''...` for the base name of `fileName`: the quoted
// name ASCII with anything else as '_', the encoded one exact (RFC 6266, RFC 8187).
ARCHIVE_NEWS_EXPORT std::string attachmentDisposition(std::string_view fileName);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_BROWSE_H_
