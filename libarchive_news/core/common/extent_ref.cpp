#include "core/common/extent_ref.h"

#include "core/common/sha256.h"

#include <archive_news/error.h>

#include <algorithm>

namespace archive_news::internal {
namespace {

constexpr std::uint64_t kMaxOffset = std::uint64_t{1} << 62;

[[noreturn]] void corrupt(const RefContext& context, const std::string& why) {
  throw Error(ErrorCode::kCorruption, context.name, context.offset, context.what + ": " + why);
}

}  // namespace

ExtentRef emptyExtent() {
  ExtentRef extent;
  extent.storedDigest = sha256({});
  return extent;
}

void encodeExtentRef(const ExtentRef& extent, schema::ExtentRef::Builder out) {
  out.setOffset(extent.offset);
  out.setStoredSize(extent.storedSize);
  out.setRawSize(extent.rawSize);
  out.setCompression(extent.compressed ? schema::Compression::ZSTD : schema::Compression::NONE);
  out.setWithDictionary(extent.withDictionary);
  out.setStoredDigest(
      kj::arrayPtr(reinterpret_cast<const kj::byte*>(extent.storedDigest.data()), 32));
}

ExtentRef decodeExtentRef(schema::ExtentRef::Reader in, const RefContext& context) {
  ExtentRef extent;
  extent.offset = in.getOffset();
  extent.storedSize = in.getStoredSize();
  extent.rawSize = in.getRawSize();
  extent.withDictionary = in.getWithDictionary();
  switch (in.getCompression()) {
    case schema::Compression::NONE:
      break;
    case schema::Compression::ZSTD:
      extent.compressed = true;
      break;
    default:
      throw Error(ErrorCode::kUnsupported, context.name, context.offset,
                  context.what + ": unknown compression " +
                      std::to_string(static_cast<unsigned>(in.getCompression())));
  }
  if (extent.offset % 8 != 0) {
    corrupt(context, "offset " + std::to_string(extent.offset) + " is not a multiple of 8");
  }
  if (extent.storedSize == 0) corrupt(context, "stored size is zero");
  if (extent.offset >= kMaxOffset || extent.storedSize >= kMaxOffset ||
      extent.rawSize >= kMaxOffset) {
    corrupt(context, "offset or size of 2^62 or more");
  }
  if (!extent.compressed && extent.rawSize != extent.storedSize) {
    corrupt(context, "raw size " + std::to_string(extent.rawSize) +
                         " of uncompressed bytes; expected " + std::to_string(extent.storedSize) +
                         ", the stored size");
  }
  // A frame is kept only when it is smaller (a writer stores the raw bytes otherwise), so that
  // the extent table, which lists sizes but not compression, tells the two apart.
  if (extent.compressed && extent.storedSize >= extent.rawSize) {
    corrupt(context, "a zstd frame of " + std::to_string(extent.storedSize) + " bytes for " +
                         std::to_string(extent.rawSize) +
                         " raw bytes; expected a frame smaller than its raw bytes");
  }
  if (!extent.compressed && extent.withDictionary) {
    corrupt(context, "uncompressed bytes marked as compressed with the dictionary");
  }
  if (!in.hasStoredDigest() || in.getStoredDigest().size() != extent.storedDigest.size()) {
    corrupt(context, "stored digest of " +
                         std::to_string(in.hasStoredDigest() ? in.getStoredDigest().size() : 0) +
                         " bytes; expected 32");
  }
  std::copy_n(in.getStoredDigest().begin(), 32, extent.storedDigest.begin());
  return extent;
}

}  // namespace archive_news::internal
