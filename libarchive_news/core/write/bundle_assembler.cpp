#include "core/write/bundle_assembler.h"

#include <archive_news/error.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <future>
#include <iterator>
#include <memory>

#include "core/common/index_entry.h"
#include "core/common/sha256.h"
#include "core/read/bundle_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/write/extent_table_writer.h"
#include "core/write/index_tree_merge.h"
#include "core/write/index_tree_writer.h"
#include "core/write/pending_article.h"
#include "core/write/record_encode.h"
#include "core/write/schema_text.h"
#include "util/file_io.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

ByteSink& withHeader(ByteSink& sink) {
  sink.write(encodeHeader());
  return sink;
}

std::string_view asKey(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// One compression context a thread, at the assembler's level.
Compressor& threadCompressor(int level) {
  thread_local std::unique_ptr<Compressor> compressor;
  if (!compressor || compressor->level() != level) compressor = std::make_unique<Compressor>(level);
  return *compressor;
}

// A closed cluster being compressed, with the entries of its records.
struct ClusterInFlight {
  std::shared_ptr<const std::vector<std::uint8_t>> raw;
  std::future<std::vector<std::uint8_t>> frame;
  std::vector<IndexEntry> entries;
};

// Raw bytes of the clusters being compressed at once, at most (unless one is larger); and
// clusters a thread, at most: enough to keep the threads busy while the oldest is written.
constexpr std::size_t kMaxBytesInFlight = std::size_t{32} << 20;
constexpr std::size_t kClustersInFlightPerThread = 2;

}  // namespace

BundleAssembler::BundleAssembler(ByteSink& sink, AssemblerOptions options)
    : BundleAssembler(withHeader(sink), std::move(options), kHeaderSize, nullptr) {
  schema_ = appendCompressible(schemaText(), nullptr, ExtentKind::kSchema);
}

BundleAssembler::BundleAssembler(ByteSink& sink, AssemblerOptions options,
                                 const BundleReader& previous)
    : BundleAssembler(sink, std::move(options), previous.file().size(), &previous) {
  startAppend();
}

BundleAssembler::BundleAssembler(ByteSink& sink, AssemblerOptions options, std::uint64_t start,
                                 const BundleReader* previous)
    : options_(std::move(options)),
      previous_(previous),
      out_(sink, start),
      compressor_(options_.level),
      records_(options_.sort),
      entries_(options_.sort),
      extents_(options_.sort),
      pool_(jobsOrCores(options_.jobs) > 1 ? jobsOrCores(options_.jobs) : 0) {
  if (options_.clusterTarget == 0 || options_.clusterTarget > kMaxClusterTarget) {
    throw Error(ErrorCode::kInvalidArgument,
                "cluster target of " + std::to_string(options_.clusterTarget) +
                    " bytes; expected 1 to " + std::to_string(kMaxClusterTarget));
  }
}

// The previous state's tail is the new state's first extent; the schema is stored again only
// when this library's differs from the one the bundle carries.
void BundleAssembler::startAppend() {
  const std::span<const std::uint8_t> file = previous_->file();
  const std::uint64_t sealOffset = previous_->tail().footer.sealOffset;
  const std::span<const std::uint8_t> tail = file.subspan(sealOffset);
  const ExtentRef previousTail{sealOffset, tail.size(), tail.size(), false, false, sha256(tail)};
  log(previousTail, ExtentKind::kPreviousTail);
  const std::span<const std::uint8_t> schema = schemaText();
  if (previous_->schemaText() == asKey(schema)) {
    schema_ = previous_->tail().seal.schema;
  } else {
    schema_ = appendCompressible(schema, nullptr, ExtentKind::kSchema);
  }
}

void BundleAssembler::log(const ExtentRef& extent, ExtentKind kind) {
  const TableExtent logged{extent.offset, extent.storedSize, extent.rawSize, kind,
                           extent.storedDigest};
  extents_.add(asKey(extentLogKey(extent.offset)), encodeLoggedExtent(logged));
}

ExtentRef BundleAssembler::append(std::span<const std::uint8_t> stored, std::uint64_t rawSize,
                                  bool compressed, bool withDictionary, ExtentKind kind) {
  const ExtentRef extent = out_.append(stored, rawSize, compressed, withDictionary);
  log(extent, kind);
  return extent;
}

ExtentRef BundleAssembler::appendCompressible(std::span<const std::uint8_t> raw,
                                              const CompressionDictionary* dictionary,
                                              ExtentKind kind) {
  const ExtentRef extent = out_.appendCompressible(raw, compressor_, dictionary);
  log(extent, kind);
  return extent;
}

ExtentRef BundleAssembler::addContent(const Digest& digest, std::span<const std::uint8_t> stored,
                                      std::uint64_t rawSize, bool compressed) {
  if (rawSize == 0) return emptyExtent();  // stored nowhere
  if (auto known = content(digest)) return *known;
  const ExtentRef extent = append(stored, rawSize, compressed, false, ExtentKind::kContent);
  contents_.emplace(digest, extent);
  return extent;
}

ExtentRef BundleAssembler::addContentStream(
    const Digest& digest, std::uint64_t storedSize, std::uint64_t rawSize, bool compressed,
    const std::function<void(const ExtentAppender::Pieces&)>& produce) {
  if (auto known = content(digest)) return *known;
  const ExtentRef extent = out_.appendStream(storedSize, rawSize, compressed, produce);
  log(extent, ExtentKind::kContent);
  contents_.emplace(digest, extent);
  return extent;
}

void BundleAssembler::knowContent(const Digest& digest, const ExtentRef& extent) {
  contents_.emplace(digest, extent);
}

std::optional<ExtentRef> BundleAssembler::content(const Digest& digest) const {
  const auto found = contents_.find(digest);
  if (found == contents_.end()) return std::nullopt;
  return found->second;
}

void BundleAssembler::addArticle(const Article& article) {
  const std::vector<std::uint8_t> record = encodeArticleRecord(article, [&](const ContentRef& ref) {
    const std::optional<ExtentRef> extent = content(ref.digest);
    if (!extent || extent->rawSize != ref.size) {
      throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                  "content " + hex(ref.digest) + " was not added to this bundle");
    }
    return *extent;
  });
  addRecord(indexEntryOf(article, record.size()), record);
}

void BundleAssembler::addRecord(const IndexEntry& entry, std::span<const std::uint8_t> record) {
  records_.add(entry.id, encodePendingArticle(entry, record));
  if (!previous_ && options_.trainDictionary && sampleBytes_ < options_.dictionarySampleBytes) {
    samples_.emplace_back(record.begin(), record.end());
    sampleBytes_ += record.size();
  }
}

// Trained on the first records (at most dictionarySampleBytes), a 32nd of their size between 4
// and 64 KiB; none when they are too few or too alike to train one.
std::optional<ExtentRef> BundleAssembler::writeDictionary() {
  constexpr std::size_t kMinSamples = 8;
  constexpr std::size_t kMinSampleBytes = 16 << 10;
  if (samples_.size() < kMinSamples || sampleBytes_ < kMinSampleBytes) return std::nullopt;
  const std::size_t maxSize = std::clamp<std::size_t>(sampleBytes_ / 32, 4 << 10, 64 << 10);
  std::optional<std::vector<std::uint8_t>> trained = trainDictionary(samples_, maxSize);
  samples_.clear();
  if (!trained) return std::nullopt;
  dictionaryBytes_ = std::move(*trained);
  return append(dictionaryBytes_, dictionaryBytes_.size(), false, false, ExtentKind::kDictionary);
}

// Records come out of the sort in id order and fill clusters in that order; each closed cluster
// is compressed on the pool and written in the order it closed, and the entries of its records,
// now knowing where they are, go to the index's sort.
void BundleAssembler::writeClusters(const CompressionDictionary* dictionary) {
  std::deque<IndexEntry> open;  // entries of the records in the open cluster, in order
  std::deque<ClusterInFlight> inFlight;
  std::size_t bytesInFlight = 0;
  const std::size_t maxInFlight = kClustersInFlightPerThread * pool_.threads() + 1;
  const auto writeOldest = [&] {
    ClusterInFlight cluster = std::move(inFlight.front());
    inFlight.pop_front();
    bytesInFlight -= cluster.raw->size();
    const ExtentRef extent =
        out_.appendSmaller(*cluster.raw, cluster.frame.get(), dictionary != nullptr);
    log(extent, ExtentKind::kCluster);
    ++clusterCount_;
    for (std::uint32_t k = 0; k < cluster.entries.size(); ++k) {
      IndexEntry& entry = cluster.entries[k];
      entry.cluster = extent;
      entry.recordNumber = k;
      entries_.add(entry.id, encodePendingArticle(entry, {}));
    }
  };
  ClusterBuilder clusters(
      [&](ClosedCluster&& closed) {
        ClusterInFlight cluster;
        cluster.raw = std::make_shared<const std::vector<std::uint8_t>>(std::move(closed.raw));
        cluster.entries.assign(std::make_move_iterator(open.begin()),
                               std::make_move_iterator(open.begin() + closed.records));
        open.erase(open.begin(), open.begin() + closed.records);
        cluster.frame = pool_.submit([raw = cluster.raw, level = options_.level, dictionary] {
          return threadCompressor(level).compress(*raw, dictionary);
        });
        bytesInFlight += cluster.raw->size();
        inFlight.push_back(std::move(cluster));
        while (inFlight.size() > maxInFlight ||
               (inFlight.size() > 1 && bytesInFlight > kMaxBytesInFlight)) {
          writeOldest();
        }
      },
      options_.clusterTarget);
  try {
    fillClusters(clusters, open);
    while (!inFlight.empty()) writeOldest();
  } catch (...) {
    // The threads use the dictionary, which the caller frees as this unwinds: wait for them.
    for (ClusterInFlight& cluster : inFlight) cluster.frame.wait();
    throw;
  }
}

void BundleAssembler::fillClusters(ClusterBuilder& clusters, std::deque<IndexEntry>& open) {
  records_.finish();
  ExternalSorter::Record next;
  std::string previous;
  bool first = true;
  while (records_.next(next)) {
    if (!first && next.key == previous) {
      throw Error(ErrorCode::kInvalidArgument, std::string(next.key), std::nullopt,
                  "uri: two articles of this bundle have this id; expected each id once");
    }
    first = false;
    previous.assign(next.key);
    PendingArticle pending = decodePendingArticle(next.key, next.value);
    open.push_back(std::move(pending.entry));
    clusters.add(pending.record);
  }
  clusters.finish();
}

PageTreeRef BundleAssembler::writeExtentTable(Seal& seal) {
  ExtentTableWriter table(out_, compressor_);
  extents_.finish();
  ExternalSorter::Record next;
  while (extents_.next(next)) {
    const TableExtent extent = decodeLoggedExtent(next.key, next.value);
    table.add(extent);
    seal.rawBytes += extent.rawSize;
    seal.storedBytes += extent.storedSize;
    if (extent.kind == ExtentKind::kContent) ++seal.contentCount;
  }
  return table.finish();
}

PageTreeRef BundleAssembler::writeIndex() {
  entries_.finish();
  ExternalSorter::Record next;
  if (previous_) {
    IndexTreeReader tree(previous_->extents(), previous_->tail().seal.index, previous_->options());
    const EntrySource added = [&](IndexEntry& entry) {
      if (!entries_.next(next)) return false;
      entry = decodePendingArticle(next.key, next.value).entry;
      return true;
    };
    return mergeIndex(tree, added, previous_->tail().seal.sequence + 1, out_, compressor_);
  }
  IndexTreeWriter index(out_, compressor_);
  while (entries_.next(next)) index.add(decodePendingArticle(next.key, next.value).entry);
  return index.finish();
}

// The id of a bundle's first state: the caller's, or derived from the seal written with 64 zeros
// in its place.
std::string BundleAssembler::firstStateId(const SealIdentity& identity, Seal seal) {
  if (identity.bundleId) return *identity.bundleId;
  seal.bundleId = std::string(kDerivedIdPrefix) + std::string(64, '0');  // same shape
  return std::string(kDerivedIdPrefix) + hex(sha256(encodeSeal(seal)));
}

// An appended state's seal: the previous one's id and the link to it.
void BundleAssembler::linkToPrevious(Seal& seal) {
  const Tail& tail = previous_->tail();
  seal.bundleId = tail.seal.bundleId;
  seal.sequence = tail.seal.sequence + 1;
  seal.previousSeal =
      SealRef{tail.footer.sealOffset, static_cast<std::uint32_t>(tail.sealBytes.size()),
              sha256(tail.sealBytes), previous_->file().size() - tail.footer.sealOffset};
}

// The bundle information: an append keeps the previous state's extent when it is unchanged.
ExtentRef BundleAssembler::writeInfo(const InfoFields& info) {
  if (previous_ && previous_->info() == info) return previous_->tail().seal.info;
  return appendCompressible(encodeInfo(info), nullptr, ExtentKind::kInfo);
}

// Copied from its file in pieces: an index of a million articles is hundreds of megabytes.
std::optional<SearchIndexRef> BundleAssembler::writeSearchIndex() {
  if (!searchIndex_) return std::nullopt;
  const std::filesystem::path& path = searchIndex_->file;
  const auto fail = [&](std::optional<std::uint64_t> at, const std::string& what) {
    throw Error(ErrorCode::kIOError, path.string(), at,
                "search index " + what + ": " + std::strerror(errno));
  };
  const FileDescriptor file(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  struct stat st {};
  if (file.get() < 0 || fstat(file.get(), &st) != 0) fail(std::nullopt, "cannot be opened");
  const auto size = static_cast<std::uint64_t>(st.st_size);
  if (size == 0) {
    throw Error(ErrorCode::kInvalidArgument, path.string(), std::nullopt,
                "the search index is empty; expected the indexer's file");
  }
  std::vector<std::uint8_t> buffer(std::size_t{1} << 20);
  const ExtentRef extent = out_.appendStream(size, size, false, [&](const auto& pieces) {
    for (std::uint64_t at = 0; at < size;) {
      const std::size_t want =
          static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), size - at));
      const ssize_t got = ::pread(file.get(), buffer.data(), want, static_cast<off_t>(at));
      if (got <= 0) {
        if (got == 0) errno = EIO;
        fail(at, got == 0 ? "ends early" : "cannot be read");
      }
      pieces({buffer.data(), static_cast<std::size_t>(got)});
      at += static_cast<std::uint64_t>(got);
    }
  });
  log(extent, ExtentKind::kSearchIndex);
  return SearchIndexRef{extent, searchIndex_->engine, searchIndex_->documents};
}

Footer BundleAssembler::finish(const SealIdentity& identity, const InfoFields& info,
                               const std::vector<SealSigner>& signers, std::int64_t signingTime) {
  Seal seal;
  seal.created = identity.created;
  seal.schema = schema_;
  if (previous_) {
    seal.dictionary = previous_->tail().seal.dictionary;
    dictionaryBytes_ = previous_->dictionaryBytes();
    linkToPrevious(seal);
  } else {
    seal.dictionary = writeDictionary();
  }
  std::optional<CompressionDictionary> dictionary;
  if (seal.dictionary) dictionary.emplace(dictionaryBytes_, options_.level);
  writeClusters(dictionary ? &*dictionary : nullptr);
  seal.searchIndex = writeSearchIndex();
  seal.info = writeInfo(info);
  seal.clusterCount = clusterCount_;
  seal.extents = writeExtentTable(seal);
  seal.index = writeIndex();
  if (!previous_) seal.bundleId = firstStateId(identity, seal);
  return writeTail(out_, seal, signers, signingTime);
}

}  // namespace archive_news::internal
