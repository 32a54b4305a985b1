#include "core/read/extent_reader.h"

#include <archive_news/error.h>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/read/decompression.h"
#include "core/read/range_mirror.h"
#include "util/hex.h"

namespace archive_news::internal {

ExtentReader::ExtentReader(std::span<const std::uint8_t> file, const std::string& name,
                           std::uint64_t dataBegin, std::uint64_t dataEnd,
                           const ReaderOptions& options)
    : file_(file),
      name_(name),
      dataBegin_(dataBegin),
      dataEnd_(dataEnd),
      maxWindowLog_(options.maxWindowLog) {}

std::span<const std::uint8_t> ExtentReader::stored(const ExtentRef& extent,
                                                   const std::string& what) const {
  if (extent.offset < dataBegin_ || extent.offset > dataEnd_ ||
      extent.storedSize > dataEnd_ - extent.offset) {
    throw Error(ErrorCode::kCorruption, name_, extent.offset,
                what + ": " + std::to_string(extent.storedSize) + " bytes at offset " +
                    std::to_string(extent.offset) + " do not lie in the data region [" +
                    std::to_string(dataBegin_) + ", " + std::to_string(dataEnd_) + ")");
  }
  ensureBytes(file_, extent.offset, extent.storedSize);
  return file_.subspan(extent.offset, extent.storedSize);
}

std::span<const std::uint8_t> ExtentReader::checked(const ExtentRef& extent,
                                                    const std::string& what) const {
  // Empty content's extent names no bytes of the file: nothing to bound, its digest that of none.
  const std::span<const std::uint8_t> bytes =
      isEmptyExtent(extent) ? std::span<const std::uint8_t>{} : stored(extent, what);
  const Digest actual = sha256(bytes);
  if (actual != extent.storedDigest) {
    throw Error(ErrorCode::kCorruption, name_, extent.offset,
                what + ": stored bytes have SHA-256 " + hex(actual) + "; expected " +
                    hex(extent.storedDigest));
  }
  return bytes;
}

std::vector<std::uint8_t> ExtentReader::decode(const ExtentRef& extent, std::uint64_t maxRawSize,
                                               const DecompressionDictionary* dictionary,
                                               Decompressor& decompressor,
                                               const std::string& what) const {
  std::vector<std::uint8_t> raw;
  decodeInto(extent, maxRawSize, dictionary, decompressor, what, raw);
  return raw;
}

void ExtentReader::decodeInto(const ExtentRef& extent, std::uint64_t maxRawSize,
                              const DecompressionDictionary* dictionary,
                              Decompressor& decompressor, const std::string& what,
                              std::vector<std::uint8_t>& raw) const {
  if (extent.rawSize > maxRawSize) {
    throw Error(ErrorCode::kLimitExceeded, name_, extent.offset,
                what + ": raw size " + std::to_string(extent.rawSize) + " exceeds the limit of " +
                    std::to_string(maxRawSize) + " bytes");
  }
  const std::span<const std::uint8_t> bytes = checked(extent, what);
  if (!extent.compressed) {
    raw.assign(bytes.begin(), bytes.end());
    return;
  }
  if (extent.withDictionary && dictionary == nullptr) {
    throw Error(ErrorCode::kCorruption, name_, extent.offset,
                what + ": compressed with a dictionary, but the bundle has none");
  }
  const std::string problem =
      decompressor.decompressInto(bytes, extent.withDictionary ? dictionary : nullptr,
                                  FrameLimits{extent.rawSize, maxWindowLog_}, raw);
  if (!problem.empty())
    throw Error(ErrorCode::kCorruption, name_, extent.offset, what + ": " + problem);
}

}  // namespace archive_news::internal
