// Importing articles into a bundle from what archivists have at hand: article folders, IPTC ninjs
// documents (archive_news/ninjs.h), folder trees of them, and tar (plain, gzip, zstd) or zip
// archives of such trees, read in place with libarchive (nothing is unpacked to disk), or a tar
// stream on standard input. In trees and archives, ninjs documents are the files named
// "*.ninjs.json" outside article folders; given by name, any ".json" file is one.
//
// Every input is surveyed first (article.json files parsed, every named file found), so that bad
// input is refused before the first byte of the bundle is written. Then the articles are packed
// through the writer's queue (BundleWriter::queueContentFile, queueContent, queueArticle): files
// are read, hashed and compressed on the writer's threads, and memory stays bounded by
// WriterOptions::maxQueuedBytes (or the largest single image or attachment, when larger).
#ifndef ARCHIVE_NEWS_IMPORT_H_
#define ARCHIVE_NEWS_IMPORT_H_

#include <archive_news/export.h>
#include <archive_news/writer.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace archive_news {

struct ImportOptions {
  // Threads that parse article folders (article.json, the names it gives) ahead of the writer
  // (1: none). Archives are read sequentially whatever the number. The writer's own threads
  // (WriterOptions::jobs) read, hash and compress the files.
  unsigned jobs = 1;
  // Unknown keys of article.json and unknown properties of ninjs items: false refuses them
  // (Error(kInvalidArgument)). True keeps an unknown key of article.json in Article::extra as
  // "json:<path>" with the exact text of its value (spec/ARTICLE-JSON.md), which extract writes
  // back in its place, and leaves an unknown ninjs property out; each is reported through `note`.
  bool allowUnknownKeys = true;
  // What no article holds is left out and counted in ImportResult::leftOut: a file in an article
  // folder or archive that its article.json does not name, an archive entry whose name leads
  // outside the archive, an unknown ninjs property, a ninjs rendition whose file is not packed.
  // `strict` refuses any of these instead (Error(kInvalidArgument) naming it), so that nothing
  // given is left out; a folder that holds one is refused while packing, not before.
  bool strict = false;
  // Called with each note: what is left out, an unknown key kept, what of a ninjs item is kept
  // as metadata rather than packed (a rendition with a remote href).
  std::function<void(const std::string& note)> note;
  // Called after each article is packed, with the count so far, the total and the bytes read so
  // far: article text (article.json, ninjs documents) and the raw bytes of images and
  // attachments.
  std::function<void(std::size_t done, std::size_t total, std::uint64_t bytes)> progress;
  // The input name that stands for a tar stream (plain or compressed) on standard input, as "-"
  // does for newsarc; empty (the default): every input is a path.
  std::string standardInputName;
};

struct ImportResult {
  std::size_t articles = 0;
  std::uint64_t contentBytes = 0;  // raw bytes of images and attachments (each file once)
  std::size_t leftOut = 0;         // files, entries and ninjs properties left out (each noted)
};

// Adds the articles of every input to `writer`. An input is an article folder, its article.json,
// or a folder tree of article folders and ninjs documents; a ninjs document (a file whose name
// ends in ".json", but article.json); a tar, tar.gz, tar.zst, tar.xz, tar.bz2 or zip file; or
// options.standardInputName. Throws Error naming the input (and, inside an archive,
// "archive:entry"): kNotFound for a missing input or a named file that is missing,
// kInvalidArgument for invalid article.json or ninjs, an input holding no article, or a damaged
// archive, kIOError for an unreadable input; the writer's own errors (a duplicate article id)
// pass through. With a writer made by BundleWriter::append, an article whose id the bundle holds
// is a new version of it: its id is given to BundleWriter::reuseContentOf before its files are
// queued, so that the images and attachments it keeps are not stored again (for a new bundle
// that call returns at once).
ARCHIVE_NEWS_EXPORT ImportResult importArticles(BundleWriter& writer,
                                                const std::vector<std::string>& inputs,
                                                const ImportOptions& options = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_IMPORT_H_
