// The reading, whole: what archive_news::Bundle does (docs/design/format-2.md, sections 4.2
// and 11), over the reading blocks. Opening reads the
// tail and digests the dictionary, nothing else; every call then reads the pages on its way and
// the one cluster it needs, so its cost does not depend on the number of articles.
//
// Const and safe for any number of threads: each call has its own page readers. The last
// cluster each thread decoded is kept (per thread and per reader), so that reading the articles
// of a cluster one after the other, as listing with content or extracting does, decodes it once.
#ifndef ARCHIVE_NEWS_CORE_READ_BUNDLE_READER_H_
#define ARCHIVE_NEWS_CORE_READ_BUNDLE_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/common/index_entry.h"
#include "core/common/info_message.h"
#include "core/read/capnp_decode.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/tail_reader.h"

namespace archive_news::internal {

class BundleReader {
 public:
  // `file` and `name` must outlive the reader. Throws as readTail(), and Error(kCorruption) for a
  // dictionary that is not one.
  BundleReader(std::span<const std::uint8_t> file, const std::string& name,
               const ReaderOptions& options);
  ~BundleReader();
  BundleReader(const BundleReader&) = delete;
  BundleReader& operator=(const BundleReader&) = delete;

  const Tail& tail() const { return tail_; }
  std::uint64_t articleCount() const { return tail_.seal.index.count; }

  // The index entry at position i in id order (Error(kNotFound) past the end), or of an id.
  IndexEntry entryAt(std::uint64_t i) const;
  std::optional<IndexEntry> find(std::string_view id) const;
  // The same with its position in id order.
  std::optional<std::pair<std::uint64_t, IndexEntry>> locate(std::string_view id) const;
  // Entries in id order from position `first`, until `visit` returns false; one page a level
  // in memory.
  void forEachFrom(std::uint64_t first, const std::function<bool(const IndexEntry&)>& visit) const;

  // The article of an entry, its content named by extent. Throws Error(kCorruption) when its
  // record's uri is not the entry's id, or its cluster or record is damaged.
  ArticleRecord article(const IndexEntry& entry) const;

  // Content: its raw bytes in pieces of at most a few hundred KiB, checked against `digest` at
  // the end (kCorruption naming the extent's offset); the stored bytes when stored raw.
  void readContent(const ExtentRef& extent, const Digest& digest,
                   const std::function<void(std::span<const std::uint8_t>)>& sink) const;
  std::optional<std::span<const std::uint8_t>> storedContent(const ExtentRef& extent,
                                                             const Digest& digest) const;

  InfoFields info() const;
  // What an append builds on: the bytes read, the extents below the seal, the dictionary's raw
  // bytes (empty when none).
  std::span<const std::uint8_t> file() const { return file_; }
  const ExtentReader& extents() const { return extents_; }
  const ReaderOptions& options() const { return options_; }
  const std::vector<std::uint8_t>& dictionaryBytes() const;
  std::string schemaText() const;
  std::vector<Signature> signatures() const;
  std::vector<Timestamp> timestamps() const;

 private:
  std::shared_ptr<const std::vector<std::uint8_t>> cluster(const ExtentRef& extent) const;
  // The dictionary, decoded and checked on first need (null when the bundle has none); its bytes
  // fetched together with `alongWith`'s when given (one request over a network).
  const DecompressionDictionary* dictionary(const ExtentRef* alongWith) const;

  std::span<const std::uint8_t> file_;
  const std::string& name_;
  ReaderOptions options_;
  Tail tail_;
  ExtentReader extents_;
  // Loaded on opening when its bytes are at hand (a local file: a bad dictionary fails the
  // open), else with the first cluster that needs it (spec/FORMAT.md 10.8).
  mutable std::once_flag dictionaryLoaded_;
  mutable std::vector<std::uint8_t> dictionaryBytes_;
  mutable std::unique_ptr<DecompressionDictionary> dictionary_;
  std::uint64_t generation_;  // tells this reader's cached clusters from another's
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_BUNDLE_READER_H_
