// The HTML export: a static site that opens straight from disk. index.html lists the articles by
// date, newest first; each article is articles/<folder>/index.html with its images and
// attachments in articles/<folder>/files/; style.css is shared. Articles live in a folder of
// their own and files in one of theirs, so no article id or file name can clash with a page.
#include <archive_news/render.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "toolkit/extract/extract_sink.h"
#include "toolkit/folder/article_files.h"
#include "toolkit/render/html_page.h"
#include "toolkit/render/html_text.h"

namespace archive_news::internal {
namespace {

// What the index shows of one article, kept while the pages are written.
struct IndexItem {
  std::string folder;
  std::string headline;
  std::optional<std::string> subheadline;
  std::optional<std::string> section;
  std::optional<std::string> language;
  std::optional<std::string> date;  // as the source wrote it
  std::vector<std::string> bylines;
  std::size_t images = 0;
  std::size_t attachments = 0;
};

// Newest first by the calendar day the source wrote, then by the instant within it; undated last.
bool newerFirst(const IndexItem& a, const IndexItem& b) {
  if (a.date.has_value() != b.date.has_value()) return a.date.has_value();
  if (a.date) {
    const std::string dayA = a.date->substr(0, 10);
    const std::string dayB = b.date->substr(0, 10);
    if (dayA != dayB) return dayA > dayB;
    const std::int64_t timeA = utcSeconds(*a.date).value_or(0);
    const std::int64_t timeB = utcSeconds(*b.date).value_or(0);
    if (timeA != timeB) return timeA > timeB;
  }
  return a.folder < b.folder;
}

// "June 2019" for a date, "Undated" without one.
std::string monthHeading(const std::optional<std::string>& date) {
  static constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};
  if (!date || date->size() < 7) return "Undated";
  const int month = (date->at(5) - '0') * 10 + (date->at(6) - '0');
  if (month < 1 || month > 12) return date->substr(0, 7);
  return std::string(kMonths[month - 1]) + " " + date->substr(0, 4);
}

std::string plural(std::size_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

std::string indexEntry(const IndexItem& item) {
  std::string meta;
  if (item.date) {
    meta = "<time datetime=\"" + escapeHtml(*item.date) + "\">" +
           escapeHtml(displayTime(*item.date)) + "</time>";
  }
  if (item.section) meta += (meta.empty() ? "" : " · ") + escapeHtml(*item.section);
  if (item.images > 0) meta += (meta.empty() ? "" : " · ") + plural(item.images, "image");
  if (item.attachments > 0) {
    meta += (meta.empty() ? "" : " · ") + plural(item.attachments, "attachment");
  }
  std::string out = "<li lang=\"" + escapeHtml(item.language.value_or("")) + "\" dir=\"auto\">\n";
  if (!meta.empty()) out += "<p class=\"meta\">" + meta + "</p>\n";
  out += "<h3><a href=\"articles/" + urlPath(item.folder) + "/index.html\">" +
         escapeHtml(item.headline.empty() ? item.folder : item.headline) + "</a></h3>\n";
  if (item.subheadline) {
    out += "<p class=\"subheadline\">" + escapeHtml(*item.subheadline) + "</p>\n";
  }
  if (!item.bylines.empty()) {
    std::string names;
    for (const std::string& name : item.bylines) names += (names.empty() ? "" : ", ") + name;
    out += "<p class=\"bylines\">By " + escapeHtml(names) + "</p>\n";
  }
  return out + "</li>\n";
}

class HtmlSiteLayout : public ExtractLayout {
 public:
  HtmlSiteLayout(std::string source, std::string title, std::optional<std::string> description)
      : source_(std::move(source)),
        fileName_(std::filesystem::path(source_).filename().string()),
        title_(std::move(title)),
        description_(std::move(description)) {}

  std::vector<ExtractEntry> article(const Article& article, const std::string& folder) override {
    const std::string prefix = "articles/" + folder + "/";
    std::vector<ExtractEntry> entries;
    // Each file under the name its page links it by (htmlFiles()): one that a browser would run
    // as a page is written as text, or the site's pages would link script of the bundle's.
    const std::vector<std::pair<std::string, ContentRef>> files = extractFiles(article, source_);
    std::set<std::string> written;
    for (const HtmlFile& file : htmlFiles(article)) {
      if (!written.insert(file.htmlName).second) continue;
      for (const auto& [fileName, content] : files) {
        if (fileName == file.fileName) {
          entries.push_back({prefix + "files/" + file.htmlName, content});
        }
      }
    }
    HtmlPageOptions options;
    options.styleSheetHref = "../../style.css";
    options.filesPrefix = "files/";
    options.indexHref = "../../index.html";
    entries.push_back({prefix + "index.html", renderArticleHtml(article, options)});
    remember(article, folder);
    return entries;
  }

  std::vector<ExtractEntry> finish() override {
    return {{"style.css", articleHtmlStyleSheet()}, {"index.html", indexPage()}};
  }

 private:
  void remember(const Article& article, const std::string& folder) {
    IndexItem item{folder,
                   article.headline,
                   std::nullopt,
                   article.section,
                   article.language,
                   article.firstcreated ? article.firstcreated : article.versioncreated,
                   {},
                   article.images.size(),
                   article.attachments.size()};
    if (!article.subheadlines.empty()) item.subheadline = article.subheadlines.front();
    for (const Byline& byline : article.bylines) item.bylines.push_back(byline.name);
    items_.push_back(std::move(item));
  }

  std::string indexPage() {
    std::stable_sort(items_.begin(), items_.end(), newerFirst);
    std::string out = pageStart(title_, "style.css");
    out += "<header>\n<h1>" + escapeHtml(title_) + "</h1>\n";
    if (description_) out += "<p class=\"subheadline\">" + escapeHtml(*description_) + "</p>\n";
    out += "<p class=\"site-meta\">" + plural(items_.size(), "article") +
           ", newest first, exported from " + escapeHtml(fileName_) + "</p>\n</header>\n";
    out += "<main class=\"index\">\n";
    std::optional<std::string> month;
    for (const IndexItem& item : items_) {
      const std::string heading = monthHeading(item.date);
      if (heading != month) {
        out += std::string(month ? "</ol>\n" : "") + "<h2 class=\"month\">" + heading +
               "</h2>\n<ol class=\"articles\">\n";
        month = heading;
      }
      out += indexEntry(item);
    }
    if (month) out += "</ol>\n";
    return out + "</main>\n" + pageEnd();
  }

  std::string source_;    // the bundle, for errors
  std::string fileName_;  // the bundle's file name, for people
  std::string title_;
  std::optional<std::string> description_;
  std::vector<IndexItem> items_;
};

}  // namespace

std::unique_ptr<ExtractLayout> makeHtmlLayout(const Bundle& bundle) {
  const BundleInfo info = bundle.info();
  return std::make_unique<HtmlSiteLayout>(bundle.name(), info.title.value_or("Articles"),
                                          info.description);
}

}  // namespace archive_news::internal
