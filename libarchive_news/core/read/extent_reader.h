// The reading of extents: the bounds of a referenced extent checked against the data
// region, its stored digest checked before anything is decoded, and small extents (pages,
// clusters, the bundle information) decompressed to exactly their raw size.
#ifndef ARCHIVE_NEWS_CORE_READ_EXTENT_READER_H_
#define ARCHIVE_NEWS_CORE_READ_EXTENT_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

class DecompressionDictionary;
class Decompressor;

class ExtentReader {
 public:
  // `file`: the whole bundle, named `name` in errors; extents must lie in
  // [dataBegin, dataEnd), the data region between the header and the tail.
  ExtentReader(std::span<const std::uint8_t> file, const std::string& name, std::uint64_t dataBegin,
               std::uint64_t dataEnd, const ReaderOptions& options);

  const std::string& name() const { return name_; }

  // The stored bytes. Throws Error(kCorruption) naming `what` when the extent does not lie
  // inside the data region.
  std::span<const std::uint8_t> stored(const ExtentRef& extent, const std::string& what) const;
  // The same, checked against the stored digest (kCorruption naming both digests). The empty
  // extent of empty content (emptyExtent()) gives no bytes.
  std::span<const std::uint8_t> checked(const ExtentRef& extent, const std::string& what) const;

  // The raw bytes of a small extent, its digest checked first; compressed ones decompressed to
  // exactly rawSize with `dictionary` (required when the extent says it was used). Throws
  // Error(kLimitExceeded) for a raw size over `maxRawSize`, before any byte is decompressed.
  std::vector<std::uint8_t> decode(const ExtentRef& extent, std::uint64_t maxRawSize,
                                   const DecompressionDictionary* dictionary,
                                   Decompressor& decompressor, const std::string& what) const;
  // The same into `raw`, whose memory is reused (Decompressor::decompressInto).
  void decodeInto(const ExtentRef& extent, std::uint64_t maxRawSize,
                  const DecompressionDictionary* dictionary, Decompressor& decompressor,
                  const std::string& what, std::vector<std::uint8_t>& raw) const;

 private:
  std::span<const std::uint8_t> file_;
  const std::string& name_;
  std::uint64_t dataBegin_;
  std::uint64_t dataEnd_;
  unsigned maxWindowLog_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_EXTENT_READER_H_
