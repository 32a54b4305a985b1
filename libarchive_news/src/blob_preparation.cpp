#include "blob_preparation.h"

#include <capnp/message.h>

#include "capnp_model.h"
#include "file_io.h"
#include "newsarc.capnp.h"
#include "sha256.h"

namespace archive_news::internal {
namespace {

// Files larger than this are refused, as by readFile().
constexpr std::uint64_t kMaxContentFile = std::uint64_t{1} << 32;

// One compression context per thread, reused across blobs (making one costs more than
// compressing a small record).
Compressor& threadCompressor(int level) {
  thread_local std::unique_ptr<Compressor> compressor;
  if (!compressor || compressor->level() != level) compressor = std::make_unique<Compressor>(level);
  return *compressor;
}

void compressContent(PreparedBlob& blob, std::string_view mediaType, int level) {
  blob.settled = true;
  if (blob.raw.empty() || isAlreadyCompressed(blob.raw, mediaType)) return;
  std::vector<std::uint8_t> frame = threadCompressor(level).compress(blob.raw);
  // Keep the frame only where it saves at least 1/32 of the bytes: below that, reading the
  // content raw is worth more than the space.
  if (frame.size() + blob.raw.size() / 32 < blob.raw.size()) {
    blob.frame = std::move(frame);
    blob.storedDigest = sha256(blob.frame);
  }
}

}  // namespace

PreparedBlob prepareContent(std::span<const std::uint8_t> raw, std::string_view mediaType,
                            int level) {
  PreparedBlob blob;
  blob.raw = raw;
  blob.digest = sha256(blob.raw);
  compressContent(blob, mediaType, level);
  return blob;
}

PreparedBlob prepareContentFile(const std::filesystem::path& file, std::string_view mediaType,
                                int level) {
  Sha256 hash;
  FileBytes bytes = readFileInPieces(file, kMaxContentFile,
                                     [&hash](std::span<const std::uint8_t> p) { hash.update(p); });
  PreparedBlob blob;
  blob.raw = {bytes.data.get(), bytes.size};
  blob.owner = std::shared_ptr<const std::uint8_t[]>(std::move(bytes.data));
  blob.digest = hash.finish();
  compressContent(blob, mediaType, level);
  return blob;
}

PreparedBlob prepareRecord(const Article& article, bool compress,
                           const CompressionDictionary* dictionary, int level) {
  capnp::MallocMessageBuilder message;
  buildArticle(message.initRoot<schema::Article>(), article);
  auto owned = std::make_shared<const std::vector<std::uint8_t>>(serialize(message));
  PreparedBlob record;
  record.raw = *owned;
  record.owner = std::move(owned);
  record.digest = sha256(record.raw);
  if (compress) compressRecord(record, dictionary, level);
  return record;
}

void compressRecord(PreparedBlob& record, const CompressionDictionary* dictionary, int level) {
  record.settled = true;
  std::vector<std::uint8_t> frame = threadCompressor(level).compress(record.raw, dictionary);
  if (frame.size() < record.raw.size()) {
    record.frame = std::move(frame);
    record.storedDigest = sha256(record.frame);
  }
}

}  // namespace archive_news::internal
