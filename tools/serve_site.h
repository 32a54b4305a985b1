// newsarc serve's site: the bundles it serves and its answer to each request, over cpp-httplib.
// The pages themselves are the library's (archive_news/browse.h); this file only finds what a
// request names and sends it with the right status and headers.
#ifndef NEWSARC_TOOLS_SERVE_SITE_H_
#define NEWSARC_TOOLS_SERVE_SITE_H_

#include <archive_news/browse.h>
#include <archive_news/reader.h>
#include <archive_news/search.h>
#include <httplib.h>

#include <memory>
#include <string>
#include <vector>

namespace newsarc {

class ServedSite {
 public:
  // Opens each bundle (a path or an http(s) URL), reads their indexes once, for the months, and
  // opens the search indexes. Throws as openBundle() does; a search index that cannot be read
  // leaves its bundle browsable but not searched (unreadableIndexes()).
  explicit ServedSite(const std::vector<std::string>& bundles);
  ServedSite(const ServedSite&) = delete;
  ServedSite& operator=(const ServedSite&) = delete;

  std::uint64_t articleCount() const;
  std::size_t bundleCount() const { return bundles_.size(); }
  // The bundles whose search index cannot be read, each with why.
  std::vector<std::pair<std::string, std::string>> unreadableIndexes() const;

  // Routes every request of `server` here, and gives every response (errors of the server's own
  // included) the site's security headers and an HTML page for an error without one.
  void install(httplib::Server& server) const;

 private:
  // searcher_ over the bundles of searched_ whose index opens; the others are left out of it,
  // with why in their ServedBundle, so that one damaged index leaves the rest searchable.
  void openSearcher();
  std::unique_ptr<archive_news::Searcher> searcherOf(const std::vector<std::size_t>& served) const;
  void answer(const httplib::Request& request, httplib::Response& response) const;
  void home(httplib::Response& response) const;
  void month(const archive_news::BrowseRequest& request, httplib::Response& response) const;
  void article(const archive_news::BrowseRequest& request, httplib::Response& response) const;
  void search(const archive_news::BrowseRequest& request, httplib::Response& response) const;
  void file(const archive_news::BrowseRequest& request, const httplib::Request& http,
            httplib::Response& response) const;
  // The bundle a request names and the position of its article; nullptr (and a 404 page in
  // `response`) when there is none.
  const archive_news::Bundle* findArticle(const archive_news::BrowseRequest& request,
                                          std::size_t& position, httplib::Response& response) const;

  std::vector<std::unique_ptr<archive_news::Bundle>> bundles_;
  std::vector<archive_news::ServedBundle> served_;
  std::unique_ptr<archive_news::ArticleCalendar> calendar_;
  // Over the bundles that hold a search index, made once; nullptr when none does.
  std::unique_ptr<archive_news::Searcher> searcher_;
  std::vector<std::size_t> searched_;      // the served place of each of the searcher's bundles
  std::vector<std::string> unsearchable_;  // the names of those without an index
};

}  // namespace newsarc

#endif  // NEWSARC_TOOLS_SERVE_SITE_H_
