// Extracting articles from a bundle in an export format (ExtractFormat: article folders, the form
// `pack` reads back into the same articles, and others), into a folder or into a tar, tar.gz,
// tar.zst or zip archive written with libarchive.
// An archive is written to a temporary file beside the target and renamed into place only when
// complete. Names from the bundle are untrusted: each is checked to stay inside its article
// folder and made portable (see internal readArticleForExtract), and in a folder target no
// symbolic link is ever followed or replaced.
#ifndef ARCHIVE_NEWS_EXTRACT_H_
#define ARCHIVE_NEWS_EXTRACT_H_

#include <archive_news/error.h>
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
  // Without keepGoing the first damaged article (its record or a content that does not decode
  // or match its digest) stops the extract with Error(kCorruption or kLimitExceeded) naming it,
  // and nothing is kept of an archive target. With it, each damaged article is left out whole,
  // reported to `damaged` (the same Error), and every intact one is written; every content is
  // then checked before its article is written, so compressed content is decoded twice.
  bool keepGoing = false;
  std::function<void(const Error& damage)> damaged;
};

struct ExtractResult {
  std::size_t extracted = 0;  // articles written
  std::size_t damaged = 0;    // articles left out as damaged (keepGoing only)
};

// Writes the articles at `indices` in `options.format`, each in a folder named by
// folderNameForId() (two ids that give one name get "-2", "-3", ...; kHtml puts these folders in
// "articles/"; FORMAT.md 16.4.1). Throws Error: kNotFound for an index out of range,
// kCorruption or kLimitExceeded for a damaged article (without keepGoing; the reason names the
// article's id, and the file when the damage is in one), kIOError for a target that exists
// (without overwrite) or cannot be written.
ARCHIVE_NEWS_EXPORT ExtractResult extractArticles(const Bundle& bundle,
                                                  const std::vector<std::size_t>& indices,
                                                  const std::filesystem::path& target,
                                                  const ExtractOptions& options = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_EXTRACT_H_
