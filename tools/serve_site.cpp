// newsarc serve: each request of the site answered from the bundles.
#include "serve_site.h"

#include <archive_news/error.h>
#include <archive_news/render.h>

#include <algorithm>
#include <string_view>

#include "cli.h"

namespace newsarc {
namespace {

using archive_news::BrowseRequest;
using Kind = archive_news::BrowseRequest::Kind;

constexpr std::size_t kMonthPageSize = 50;  // a month of a million articles costs 50 summaries
constexpr std::size_t kSearchPageSize = 10;
// Deeper pages cost the search engine more and more; nobody reads them.
constexpr std::size_t kMaxSearchPage = 100;

// Nothing but the site's own images and style sheet; no script, no frame, no form elsewhere.
constexpr const char* kPagePolicy =
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'";
// A file opened by itself (an SVG image, an HTML attachment typed in the address bar) runs
// nothing and reaches nothing: a sandbox of its own origin.
constexpr const char* kFilePolicy =
    "default-src 'none'; img-src 'self'; style-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'; sandbox";

constexpr const char* kHtmlType = "text/html; charset=utf-8";

void sendPage(httplib::Response& response, int status, const std::string& html) {
  response.status = status;
  response.set_content(html, kHtmlType);
}

void sendError(httplib::Response& response, int status, std::string_view message) {
  sendPage(response, status, archive_news::renderStatusPage(status, message));
}

// The status a library error is answered with: a missing article is the client's 404; a damaged
// bundle or a failed read is the server's fault.
int statusOf(const archive_news::Error& error) {
  return error.code() == archive_news::ErrorCode::kNotFound ? 404 : 500;
}

// True when If-None-Match names `etag` (or is "*"): the browser's copy is this one.
bool browserHas(const httplib::Request& request, const std::string& etag) {
  const std::string wanted = request.get_header_value("If-None-Match");
  return wanted == "*" || wanted.find(etag) != std::string::npos;
}

// False when a range of a Range header starts past the end (httplib would answer 206 with what
// it could): RFC 9110 asks for 416 and the size.
bool satisfiable(const httplib::Ranges& ranges, std::size_t size) {
  for (const auto& [first, last] : ranges) {
    const bool suffix = first < 0;  // "bytes=-N": the last N bytes
    if (suffix ? last == 0 || size == 0 : static_cast<std::size_t>(first) >= size) return false;
  }
  return true;
}

}  // namespace

ServedSite::ServedSite(const std::vector<std::string>& bundles) {
  std::vector<const archive_news::Bundle*> pointers;
  for (const std::string& name : bundles) {
    bundles_.push_back(std::make_unique<archive_news::Bundle>(openBundle(name)));
    const archive_news::Bundle& bundle = *bundles_.back();
    const archive_news::BundleInfo info = bundle.info();
    served_.push_back({name, info.title.value_or(""), bundle.articleCount(), false, ""});
    pointers.push_back(&bundle);
  }
  calendar_ = std::make_unique<archive_news::ArticleCalendar>(pointers);
  for (std::size_t b = 0; b < pointers.size(); ++b) {
    if (archive_news::hasSearchIndex(*pointers[b])) {
      searched_.push_back(b);
      served_[b].searchable = true;
    } else {
      unsearchable_.push_back(bundles[b]);
    }
  }
  openSearcher();
}

std::unique_ptr<archive_news::Searcher> ServedSite::searcherOf(
    const std::vector<std::size_t>& served) const {
  std::vector<const archive_news::Bundle*> pointers;
  for (const std::size_t b : served) pointers.push_back(bundles_[b].get());
  return std::make_unique<archive_news::Searcher>(pointers);
}

void ServedSite::openSearcher() {
  if (searched_.empty()) return;
  try {
    searcher_ = searcherOf(searched_);
    return;
  } catch (const archive_news::Error&) {
    // One index at least does not open: found below, one by one. Only now, since opening an
    // index hashes all of it.
  }
  std::vector<std::size_t> opened;
  for (const std::size_t b : searched_) {
    try {
      searcherOf({b});
      opened.push_back(b);
    } catch (const archive_news::Error& e) {
      served_[b].searchable = false;
      served_[b].indexProblem = e.what();
    }
  }
  searched_ = std::move(opened);
  if (!searched_.empty()) searcher_ = searcherOf(searched_);
}

std::vector<std::pair<std::string, std::string>> ServedSite::unreadableIndexes() const {
  std::vector<std::pair<std::string, std::string>> unreadable;
  for (const archive_news::ServedBundle& bundle : served_) {
    if (!bundle.indexProblem.empty()) unreadable.emplace_back(bundle.name, bundle.indexProblem);
  }
  return unreadable;
}

std::uint64_t ServedSite::articleCount() const {
  std::uint64_t count = 0;
  for (const archive_news::ServedBundle& bundle : served_) count += bundle.articles;
  return count;
}

void ServedSite::install(httplib::Server& server) const {
  // One route for every path: the library parses the target as sent, so that an id's escapes
  // ("%2F" included) and malformed ones are read strictly rather than by httplib's decoding.
  server.Get(R"([\s\S]*)", [this](const httplib::Request& request, httplib::Response& response) {
    answer(request, response);
  });
  // Errors httplib answers itself (a malformed request, a method the site has not, a range past
  // the end) get a page of the site too.
  server.set_error_handler(httplib::Server::HandlerWithResponse(
      [](const httplib::Request&, httplib::Response& response) {
        if (!response.body.empty() || response.content_length_ > 0) {
          return httplib::Server::HandlerResponse::Unhandled;
        }
        sendError(response, response.status, "The server could not answer this request.");
        return httplib::Server::HandlerResponse::Handled;
      }));
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string message = "The server failed to answer.";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          message = e.what();
        } catch (...) {
        }
        sendError(response, 500, message);
      });
  // Every response, whatever made it.
  server.set_post_routing_handler([](const httplib::Request&, httplib::Response& response) {
    if (!response.has_header("Content-Security-Policy")) {
      response.set_header("Content-Security-Policy", kPagePolicy);
    }
    response.set_header("X-Content-Type-Options", "nosniff");
    response.set_header("Referrer-Policy", "no-referrer");
  });
}

void ServedSite::answer(const httplib::Request& http, httplib::Response& response) const {
  const BrowseRequest request = archive_news::parseBrowseTarget(http.target);
  try {
    switch (request.kind) {
      case Kind::kHome:
        return home(response);
      case Kind::kStyleSheet:
        response.set_header("Cache-Control", "max-age=3600");
        return response.set_content(archive_news::browseStyleSheet(), "text/css; charset=utf-8");
      case Kind::kMonth:
        return month(request, response);
      case Kind::kArticle:
        return article(request, response);
      case Kind::kFile:
        return file(request, http, response);
      case Kind::kIcon:
        // No content rather than a 404: the browser's console then stays free of errors.
        response.status = 204;
        return;
      case Kind::kRedirect:
        response.set_redirect(request.location, 301);
        return;
      case Kind::kSearch:
        return search(request, response);
      case Kind::kBadRequest:
        return sendError(response, 400, request.problem);
      case Kind::kNotFound:
        return sendError(response, 404, "No page of this site is at " + http.path + ".");
    }
  } catch (const archive_news::Error& e) {
    sendError(response, statusOf(e), e.what());
  }
}

void ServedSite::home(httplib::Response& response) const {
  sendPage(response, 200, archive_news::renderHomePage(served_, calendar_->months()));
}

void ServedSite::month(const BrowseRequest& request, httplib::Response& response) const {
  archive_news::MonthListing listing;
  listing.month = request.month;
  listing.total = calendar_->count(request.month);
  listing.pages = std::max<std::uint64_t>(1, (listing.total + kMonthPageSize - 1) / kMonthPageSize);
  listing.page = request.page;
  if (listing.total == 0 || request.page > listing.pages) {
    return sendError(response, 404, "No articles for " + request.month + " on this page.");
  }
  for (const archive_news::BrowsedArticle& entry :
       calendar_->articles(request.month, (request.page - 1) * kMonthPageSize, kMonthPageSize)) {
    listing.articles.emplace_back(entry.bundle, bundles_[entry.bundle]->summary(entry.position));
  }
  sendPage(response, 200, archive_news::renderMonthPage(listing));
}

void ServedSite::search(const BrowseRequest& request, httplib::Response& response) const {
  archive_news::SearchPage page;
  page.query = request.query;
  page.page = request.page;
  page.pageSize = kSearchPageSize;
  page.unsearchable = unsearchable_;
  page.unreadable = unreadableIndexes();
  if (request.query.empty()) return sendPage(response, 200, archive_news::renderSearchPage(page));
  if (request.page > kMaxSearchPage) {
    page.error = "Pages of results go up to " + std::to_string(kMaxSearchPage) +
                 "; a narrower query finds the rest.";
    return sendPage(response, 400, archive_news::renderSearchPage(page));
  }
  if (searcher_ == nullptr) {
    page.error = page.unreadable.empty()
                     ? "None of the bundles has a search index."
                     : "None of the bundles has a search index that can be read.";
    return sendPage(response, 200, archive_news::renderSearchPage(page));
  }
  archive_news::SearchOptions options;
  options.offset = (request.page - 1) * kSearchPageSize;
  options.limit = kSearchPageSize;
  archive_news::SearchResults results;
  try {
    results = searcher_->search(request.query, options);
  } catch (const archive_news::Error& e) {
    if (e.code() != archive_news::ErrorCode::kInvalidArgument) throw;
    page.error = e.reason();
    return sendPage(response, 400, archive_news::renderSearchPage(page));
  }
  for (archive_news::SearchHit& hit : results.hits) hit.bundle = searched_.at(hit.bundle);
  page.results = &results;
  sendPage(response, 200, archive_news::renderSearchPage(page));
}

const archive_news::Bundle* ServedSite::findArticle(const BrowseRequest& request,
                                                    std::size_t& position,
                                                    httplib::Response& response) const {
  if (request.bundle >= bundles_.size()) {
    sendError(response, 404, "No bundle " + std::to_string(request.bundle) + " is served.");
    return nullptr;
  }
  const archive_news::Bundle& bundle = *bundles_[request.bundle];
  const std::optional<std::size_t> found = bundle.find(request.id);
  if (!found) {
    sendError(response, 404, "No article with id '" + request.id + "' in " + bundle.name() + ".");
    return nullptr;
  }
  position = *found;
  return &bundle;
}

void ServedSite::article(const BrowseRequest& request, httplib::Response& response) const {
  std::size_t position = 0;
  const archive_news::Bundle* bundle = findArticle(request, position, response);
  if (bundle == nullptr) return;
  const archive_news::ArticleSummary summary = bundle->summary(position);
  const std::optional<std::string>& date =
      summary.firstcreated ? summary.firstcreated : summary.versioncreated;
  const std::string back = date && date->size() >= 7 && date->at(4) == '-'
                               ? archive_news::monthPath(date->substr(0, 7))
                               : archive_news::monthPath(archive_news::kUndatedMonth);
  sendPage(response, 200, archive_news::renderBrowsedArticle(bundle->article(position), back));
}

void ServedSite::file(const BrowseRequest& request, const httplib::Request& http,
                      httplib::Response& response) const {
  std::size_t position = 0;
  const archive_news::Bundle* bundle = findArticle(request, position, response);
  if (bundle == nullptr) return;
  const archive_news::Article article = bundle->article(position);
  // The names the article page links its files by (a hostile "page.html" as "page.html.txt").
  const std::vector<archive_news::HtmlFile> files = archive_news::htmlFiles(article);
  const auto linked = std::find_if(files.begin(), files.end(),
                                   [&](const auto& f) { return f.htmlName == request.fileName; });
  if (linked == files.end()) {
    return sendError(response, 404, "The article has no file '" + request.fileName + "'.");
  }
  const archive_news::ContentRef* content = nullptr;
  std::string type;
  if (linked->image) {
    for (const archive_news::Image& image : article.images) {
      if (image.fileName == linked->fileName && content == nullptr) {
        content = &image.content;
        type = archive_news::servedMediaType(image.mediatype, true);
      }
    }
  } else {
    for (const archive_news::Attachment& attachment : article.attachments) {
      if (attachment.fileName == linked->fileName && content == nullptr) {
        content = &attachment.content;
        type = archive_news::servedMediaType(attachment.mediatype, false);
      }
    }
    response.set_header("Content-Disposition",
                        archive_news::attachmentDisposition(linked->fileName));
  }
  const std::string etag = "\"" + hexOf(content->digest) + "\"";
  response.set_header("ETag", etag);
  response.set_header("Cache-Control", "max-age=3600");
  response.set_header("Accept-Ranges", "bytes");
  response.set_header("Content-Security-Policy", kFilePolicy);
  if (browserHas(http, etag)) {
    response.status = 304;
    return;
  }
  // Stored uncompressed: sent straight from the mapping. Compressed: decoded once for this
  // response (checked against its digest first), and each range cut from that.
  std::shared_ptr<const std::vector<std::uint8_t>> decoded;
  std::optional<std::span<const std::uint8_t>> bytes = bundle->storedBytes(*content);
  if (!bytes) {
    decoded = std::make_shared<const std::vector<std::uint8_t>>(bundle->read(*content));
    bytes = std::span<const std::uint8_t>(*decoded);
  }
  if (!satisfiable(http.ranges, bytes->size())) {
    response.set_header("Content-Range", "bytes */" + std::to_string(bytes->size()));
    return sendError(response, 416, "The range asked for lies past the end of the file.");
  }
  // The status stays unset: httplib answers 200, or 206 with Content-Range for a Range request.
  response.set_content_provider(
      bytes->size(), type,
      [decoded, data = *bytes](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(reinterpret_cast<const char*>(data.data()) + offset, length);
      });
}

}  // namespace newsarc
