#include "core/read/bundle_reader.h"

#include <archive_news/error.h>

#include <atomic>

#include "core/common/sha256.h"
#include "core/read/cluster_view.h"
#include "core/read/index_tree_reader.h"
#include "core/read/range_mirror.h"
#include "core/read/record_decode.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

constexpr std::size_t kPiece = std::size_t{256} << 10;
constexpr std::uint64_t kMaxInfoSize = std::uint64_t{16} << 20;

std::atomic<std::uint64_t> nextGeneration{1};

Decompressor& threadDecompressor() {
  thread_local Decompressor decompressor;
  return decompressor;
}

// The last cluster a thread decoded, and whose it was. Its memory is reused for the next
// cluster once no caller holds it: reading records one after another then costs no fresh pages.
struct ClusterCache {
  std::uint64_t generation = 0;
  std::uint64_t offset = 0;
  std::shared_ptr<std::vector<std::uint8_t>> raw;
};

}  // namespace

BundleReader::BundleReader(std::span<const std::uint8_t> file, const std::string& name,
                           const ReaderOptions& options)
    : file_(file),
      name_(name),
      options_(options),
      tail_(readTail(file, name, options)),
      extents_(file, name, kHeaderSize, tail_.footer.sealOffset, options),
      generation_(nextGeneration++) {
  const std::optional<ExtentRef>& d = tail_.seal.dictionary;
  if (d && bytesPresent(file_, d->offset, d->storedSize)) dictionary(nullptr);
}

const DecompressionDictionary* BundleReader::dictionary(const ExtentRef* alongWith) const {
  const std::optional<ExtentRef>& d = tail_.seal.dictionary;
  if (!d) return nullptr;
  // A load that throws leaves the flag unset: the next call tries again.
  std::call_once(dictionaryLoaded_, [&] {
    if (alongWith != nullptr) {
      const std::pair<std::uint64_t, std::uint64_t> ranges[] = {
          {d->offset, d->storedSize}, {alongWith->offset, alongWith->storedSize}};
      ensureBytes(file_, ranges);
    }
    std::vector<std::uint8_t> bytes =
        extents_.decode(*d, kMaxDictionarySize, nullptr, threadDecompressor(), "dictionary");
    auto loaded = std::make_unique<DecompressionDictionary>(bytes);
    if (loaded->digested() == nullptr) {
      throw Error(ErrorCode::kCorruption, name_, d->offset, "dictionary: not a zstd dictionary");
    }
    dictionaryBytes_ = std::move(bytes);
    dictionary_ = std::move(loaded);
  });
  return dictionary_.get();
}

const std::vector<std::uint8_t>& BundleReader::dictionaryBytes() const {
  dictionary(nullptr);
  return dictionaryBytes_;
}

BundleReader::~BundleReader() = default;

IndexEntry BundleReader::entryAt(std::uint64_t i) const {
  if (i >= articleCount()) {
    throw Error(ErrorCode::kNotFound, name_, std::nullopt,
                "article index " + std::to_string(i) + " out of range (" +
                    std::to_string(articleCount()) + " articles)");
  }
  return IndexTreeReader(extents_, tail_.seal.index, options_, generation_).at(i);
}

std::optional<IndexEntry> BundleReader::find(std::string_view id) const {
  return IndexTreeReader(extents_, tail_.seal.index, options_, generation_).find(id);
}

std::optional<std::pair<std::uint64_t, IndexEntry>> BundleReader::locate(
    std::string_view id) const {
  auto found = IndexTreeReader(extents_, tail_.seal.index, options_, generation_).locate(id);
  if (!found) return std::nullopt;
  return std::pair{found->position, std::move(found->entry)};
}

void BundleReader::forEachFrom(std::uint64_t first,
                               const std::function<bool(const IndexEntry&)>& visit) const {
  IndexTreeReader(extents_, tail_.seal.index, options_).forEachFrom(first, visit);
}

std::shared_ptr<const std::vector<std::uint8_t>> BundleReader::cluster(
    const ExtentRef& extent) const {
  thread_local ClusterCache cache;
  if (cache.generation == generation_ && cache.offset == extent.offset && cache.raw) {
    return cache.raw;
  }
  std::shared_ptr<std::vector<std::uint8_t>> raw = std::move(cache.raw);
  cache = {};
  if (!raw || raw.use_count() != 1) raw = std::make_shared<std::vector<std::uint8_t>>();
  extents_.decodeInto(extent, options_.maxClusterSize,
                      extent.withDictionary ? dictionary(&extent) : nullptr, threadDecompressor(),
                      "cluster at offset " + std::to_string(extent.offset), *raw);
  cache = {generation_, extent.offset, raw};
  return raw;
}

ArticleRecord BundleReader::article(const IndexEntry& entry) const {
  const std::shared_ptr<const std::vector<std::uint8_t>> raw = cluster(entry.cluster);
  const std::string what = "cluster at offset " + std::to_string(entry.cluster.offset);
  const ClusterView view(*raw, name_, entry.cluster.offset, what);
  const std::span<const std::uint8_t> bytes = view.record(entry.recordNumber);
  if (bytes.size() > options_.maxRecordSize) {
    throw Error(ErrorCode::kLimitExceeded, name_, entry.cluster.offset,
                what + ", record " + std::to_string(entry.recordNumber) + " of " +
                    std::to_string(bytes.size()) + " bytes exceeds ReaderOptions::maxRecordSize (" +
                    std::to_string(options_.maxRecordSize) + ")");
  }
  ArticleRecord record =
      decodeArticleRecord(bytes, name_, entry.cluster.offset, options_,
                          what + ", record " + std::to_string(entry.recordNumber));
  if (record.article.uri != entry.id) {
    throw Error(ErrorCode::kCorruption, name_, entry.cluster.offset,
                what + ", record " + std::to_string(entry.recordNumber) + " has uri '" +
                    record.article.uri + "'; the index says '" + entry.id + "'");
  }
  return record;
}

void BundleReader::readContent(
    const ExtentRef& extent, const Digest& digest,
    const std::function<void(std::span<const std::uint8_t>)>& sink) const {
  const std::string what = "content at offset " + std::to_string(extent.offset);
  const std::span<const std::uint8_t> stored = extents_.checked(extent, what);
  Sha256 hash;
  const auto hashAndSink = [&](std::span<const std::uint8_t> piece) {
    hash.update(piece);
    sink(piece);
  };
  if (!extent.compressed) {
    for (std::size_t at = 0; at < stored.size(); at += kPiece) {
      hashAndSink(stored.subspan(at, std::min(kPiece, stored.size() - at)));
    }
  } else {
    const std::string problem = threadDecompressor().decompress(
        stored, nullptr, FrameLimits{extent.rawSize, options_.maxWindowLog}, kPiece, hashAndSink);
    if (!problem.empty())
      throw Error(ErrorCode::kCorruption, name_, extent.offset, what + ": " + problem);
  }
  const Digest actual = hash.finish();
  if (actual != digest) {
    throw Error(
        ErrorCode::kCorruption, name_, extent.offset,
        what + ": raw bytes have SHA-256 " + hex(actual) + "; the record says " + hex(digest));
  }
}

std::optional<std::span<const std::uint8_t>> BundleReader::storedContent(
    const ExtentRef& extent, const Digest& digest) const {
  if (extent.compressed) return std::nullopt;
  const std::string what = "content at offset " + std::to_string(extent.offset);
  const std::span<const std::uint8_t> stored = extents_.checked(extent, what);
  if (sha256(stored) != digest) {
    throw Error(ErrorCode::kCorruption, name_, extent.offset,
                what + ": raw bytes differ from the record's digest " + hex(digest));
  }
  return stored;
}

InfoFields BundleReader::info() const {
  const ExtentRef& extent = tail_.seal.info;
  const std::vector<std::uint8_t> raw =
      extents_.decode(extent, kMaxInfoSize, nullptr, threadDecompressor(), "bundle information");
  return decodeInfo(raw, name_, extent.offset, options_);
}

std::string BundleReader::schemaText() const {
  const std::vector<std::uint8_t> raw =
      extents_.decode(tail_.seal.schema, kMaxInfoSize, nullptr, threadDecompressor(), "schema");
  return {raw.begin(), raw.end()};
}

std::vector<Signature> BundleReader::signatures() const {
  return readSignatures(tail_, name_, options_);
}

std::vector<Timestamp> BundleReader::timestamps() const {
  return readTimestamps(tail_, name_, options_);
}

}  // namespace archive_news::internal
