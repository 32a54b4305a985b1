// Extracting articles from a bundle in an export format (ExtractFormat: article folders, the form
// `pack` reads back into the same articles, and others), into a folder or into a tar, tar.gz,
// tar.zst or zip archive written with libarchive.
// An archive is written to a temporary file beside the target and renamed into place only when
// complete. Names from the bundle are untrusted: each is checked to stay inside its article
// folder and made portable (see internal readArticleForExtract), and in a folder target no
// symbolic link is ever followed or replaced.
#ifndef ARCHIVE_NEWS_EXTRACT_H_
#define ARCHIVE_NEWS_EXTRACT_H_

#include <archive_news/export.h>
#include <archive_news/reader.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace archive_news {

enum class ExtractTarget { kFolder, kTar, kTarGz, kTarZst, kZip };

// From the target's name: ".tar", ".tar.gz" or ".tgz", ".tar.zst" or ".tzst", ".zip"; anything
// else is a folder.
ARCHIVE_NEWS_EXPORT ExtractTarget extractTargetFor(const std::filesystem::path& target);

// What each article becomes.
enum class ExtractFormat {
  kFolder,  // article folders: article.json and its files, which pack reads back
  kHtml,    // a static web site: index.html by date, one page per article (render.h), style.css
  kNinjs,   // ninjs 2.x: item.ninjs.json and its files, which pack reads back (spec/NINJS.md)
};

struct ExtractOptions {
  ExtractFormat format = ExtractFormat::kFolder;
  // Replace existing files (folder target) or an existing archive.
  bool overwrite = false;
  // Called after each article, with the count so far, the total and the bytes written so far.
  std::function<void(std::size_t done, std::size_t total, std::uint64_t bytes)> progress;
};

// Writes the articles at `indices` in `options.format`, each in a folder named by
// folderNameForId() (two ids that give one name get "-2", "-3", ...; kHtml puts these folders in
// "articles/"). Throws Error: kNotFound for
// an index out of range, kCorruption for damaged content or names, kIOError for a target that
// exists (without overwrite) or cannot be written.
ARCHIVE_NEWS_EXPORT void extractArticles(const Bundle& bundle,
                                         const std::vector<std::size_t>& indices,
                                         const std::filesystem::path& target,
                                         const ExtractOptions& options = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_EXTRACT_H_
