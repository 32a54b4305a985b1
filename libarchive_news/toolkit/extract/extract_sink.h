// Where extracted files go, and how each export format lays an article out as files. A format
// (article folders, ninjs, HTML) turns every article into entries; a sink writes them into a
// folder or into a tar or zip archive. Formats never touch the file system, sinks never look
// inside an article: every format gets every target, and every name check lives in one place.
#ifndef ARCHIVE_NEWS_TOOLKIT_EXTRACT_EXTRACT_SINK_H_
#define ARCHIVE_NEWS_TOOLKIT_EXTRACT_EXTRACT_SINK_H_

#include <archive_news/article.h>
#include <archive_news/extract.h>
#include <archive_news/reader.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <variant>
#include <vector>

namespace archive_news::internal {

// One file to write: its '/'-separated path below the target, and either bytes made on the way
// out (article.json, a page), content of the bundle, streamed so that memory stays bounded, or
// the stored bytes of content already checked against its digest (Bundle::storedBytes()).
struct ExtractEntry {
  std::string path;
  std::variant<std::string, ContentRef, std::span<const std::uint8_t>> data;
  std::uint64_t size() const;
};

class ExtractSink {
 public:
  virtual ~ExtractSink() = default;
  // Writes one article's entries (or a format's closing entries). A folder sink checks every
  // entry before it writes the first, so a refused article leaves nothing of itself behind.
  virtual void write(const Bundle& bundle, const std::vector<ExtractEntry>& entries) = 0;
  // Finishes the output: one flush to disk for a folder, close and rename for an archive.
  virtual void commit() = 0;
};

// A folder sink never follows or replaces a symbolic link below `target` and refuses existing
// files unless `overwrite`; an archive sink writes a temporary file beside `target` and renames
// it into place at commit(). Error(kIOError) naming the path when the target cannot be written.
std::unique_ptr<ExtractSink> openExtractSink(const std::filesystem::path& target, bool overwrite);

class ExtractLayout {
 public:
  virtual ~ExtractLayout() = default;
  // The entries of one article (as readArticleForExtract returns it), below `folder`, a name
  // from folderNameForId() that is unique within this extract.
  virtual std::vector<ExtractEntry> article(const Article& article, const std::string& folder) = 0;
  // Entries written once after every article: an index, a style sheet.
  virtual std::vector<ExtractEntry> finish() { return {}; }
};

// Article folders: article.json and the files it names, which pack reads back.
std::unique_ptr<ExtractLayout> makeFolderLayout(const std::string& source);
// ninjs: item.ninjs.json and the files it refers to, which pack reads back (spec/NINJS.md).
std::unique_ptr<ExtractLayout> makeNinjsLayout(const std::string& source);

// A static web site: index.html, style.css, and articles/<folder>/index.html with the article's
// files in articles/<folder>/files/. The bundle gives the index its title.
std::unique_ptr<ExtractLayout> makeHtmlLayout(const Bundle& bundle);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_EXTRACT_EXTRACT_SINK_H_
