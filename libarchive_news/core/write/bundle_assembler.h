// The bundle, assembled in one pass from content and articles (docs/design/format-2.md,
// sections 1 and 6): content extents as they come, then at finish the dictionary, the clusters
// of records in id order, the bundle information, the extent table, the index and the tail. What
// grows with the number of articles waits in external sorts (temporary files), so memory stays
// bounded: the sorts' budgets, one open cluster, one open page a tree level, the dictionary's
// sample, and the content table (one entry a distinct content).
//
// Clusters are compressed on threads of its own (AssemblerOptions::jobs); content and records
// come prepared by the writer's threads.
#ifndef ARCHIVE_NEWS_CORE_WRITE_BUNDLE_ASSEMBLER_H_
#define ARCHIVE_NEWS_CORE_WRITE_BUNDLE_ASSEMBLER_H_

#include <archive_news/article.h>
#include <archive_news/writer.h>

#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/index_entry.h"
#include "core/common/info_message.h"
#include "core/common/table_extent.h"
#include "core/write/cluster_builder.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/external_sort.h"
#include "core/write/tail_writer.h"
#include "util/worker_pool.h"

namespace archive_news::internal {

struct AssemblerOptions {
  int level = 3;  // zstd level of clusters, pages and compressible content
  std::size_t clusterTarget = kDefaultClusterTarget;
  // Threads that compress clusters; 0: one per core, 1: all on the caller's thread. The bytes
  // do not depend on it: clusters are written in the order they close.
  unsigned jobs = 0;
  bool trainDictionary = true;
  // Records kept, from the first, to train the dictionary on.
  std::size_t dictionarySampleBytes = std::size_t{1} << 20;
  ExternalSortOptions sort;
};

// What the seal says of the bundle as a whole.
struct SealIdentity {
  // std::nullopt: derived from the content, for reproducible bundles: kDerivedIdPrefix and the
  // SHA-256 (hex) of the seal encoded with the id kDerivedIdPrefix and 64 zeros.
  std::optional<std::string> bundleId;
  std::string created;  // YYYY-MM-DDThh:mm:ssZ
};

// A finished search index to store raw after the clusters (spec/FORMAT.md 5.10).
struct SearchIndexFile {
  std::filesystem::path file;
  std::string engine;
  std::uint64_t documents = 0;
};

inline constexpr std::string_view kDerivedIdPrefix = "urn:newsarc:bundle:sha256:";

class BundleReader;

class BundleAssembler {
 public:
  // Writes the header and the schema's text.
  BundleAssembler(ByteSink& sink, AssemblerOptions options);
  // An append (spec/FORMAT.md section 15): a new state of the bundle `previous` reads, whose
  // bytes the sink already holds; what is written goes after them. The new state lists the
  // previous state's tail first, keeps its bundle id and dictionary (no dictionary is trained),
  // its schema and information extents when they are unchanged, and shares the unchanged pages of
  // its index. `previous` must outlive the assembler.
  BundleAssembler(ByteSink& sink, AssemblerOptions options, const BundleReader& previous);

  // Content whose stored bytes are ready (raw, or one zstd frame of `rawSize` bytes), stored
  // once whatever the number of calls with the same raw digest; returns its extent.
  ExtentRef addContent(const Digest& digest, std::span<const std::uint8_t> stored,
                       std::uint64_t rawSize, bool compressed);
  // The same for stored bytes too large to hold, which `produce` hands over in pieces
  // (ExtentAppender::appendStream); not called when the content is stored already.
  ExtentRef addContentStream(const Digest& digest, std::uint64_t storedSize, std::uint64_t rawSize,
                             bool compressed,
                             const std::function<void(const ExtentAppender::Pieces&)>& produce);
  std::optional<ExtentRef> content(const Digest& digest) const;
  // Content stored by an earlier state, which records may use as their own (an append).
  void knowContent(const Digest& digest, const ExtentRef& extent);

  // An article whose content (images, attachments, by digest) was added. Its record is made
  // here; the article must be valid (validateArticle). Throws Error(kInvalidArgument) for
  // content not added, or an id or time past the index's limits (index_entry.h).
  void addArticle(const Article& article);
  // The same with its record made already (encodeArticleRecord, on another thread) and its
  // entry (indexEntryOf).
  void addRecord(const IndexEntry& entry, std::span<const std::uint8_t> record);

  // Stores `index` at finish(), after the clusters.
  void setSearchIndex(SearchIndexFile index) { searchIndex_ = std::move(index); }

  // Writes everything else and the tail, signed by `signers`. Throws Error(kInvalidArgument)
  // naming the id when two articles have the same one: found here, in the sorted order, since
  // finding it at once would need every id in memory.
  Footer finish(const SealIdentity& identity, const InfoFields& info,
                const std::vector<SealSigner>& signers, std::int64_t signingTime);

 private:
  // What both public constructors share: `start` is where the sink's bytes end.
  BundleAssembler(ByteSink& sink, AssemblerOptions options, std::uint64_t start,
                  const BundleReader* previous);
  ExtentRef append(std::span<const std::uint8_t> stored, std::uint64_t rawSize, bool compressed,
                   bool withDictionary, ExtentKind kind);
  ExtentRef appendCompressible(std::span<const std::uint8_t> raw,
                               const CompressionDictionary* dictionary, ExtentKind kind);
  void log(const ExtentRef& extent, ExtentKind kind);
  std::optional<ExtentRef> writeDictionary();
  void startAppend();
  static std::string firstStateId(const SealIdentity& identity, Seal seal);
  void linkToPrevious(Seal& seal);
  ExtentRef writeInfo(const InfoFields& info);
  std::optional<SearchIndexRef> writeSearchIndex();
  void writeClusters(const CompressionDictionary* dictionary);
  void fillClusters(ClusterBuilder& clusters, std::deque<IndexEntry>& open);
  PageTreeRef writeExtentTable(Seal& seal);
  PageTreeRef writeIndex();

  AssemblerOptions options_;
  const BundleReader* previous_ = nullptr;  // set for an append
  ExtentAppender out_;
  Compressor compressor_;
  ExtentRef schema_;
  std::map<Digest, ExtentRef> contents_;
  ExternalSorter records_;  // id -> entry and record, as articles come
  ExternalSorter entries_;  // id -> entry with its cluster, in id order
  ExternalSorter extents_;  // offset -> extent, every extent but pages, in file order
  std::vector<std::vector<std::uint8_t>> samples_;
  std::size_t sampleBytes_ = 0;
  std::vector<std::uint8_t> dictionaryBytes_;
  std::uint64_t clusterCount_ = 0;
  std::optional<SearchIndexFile> searchIndex_;
  WorkerPool pool_;  // last: its threads stop before what they use goes
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_BUNDLE_ASSEMBLER_H_
