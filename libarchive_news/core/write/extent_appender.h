// The writing of extents: each at the next multiple of 8 after the previous one, zero
// padding between them, its reference made from the bytes as they go to the sink. The writer's
// pages, clusters and content all go through one, so the alignment rule is kept in one place.
#ifndef ARCHIVE_NEWS_CORE_WRITE_EXTENT_APPENDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_EXTENT_APPENDER_H_

#include <archive_news/writer.h>

#include <cstdint>
#include <functional>
#include <span>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

class CompressionDictionary;
class Compressor;

class ExtentAppender {
 public:
  // `position`: the bytes the sink already holds (the header's, at least).
  ExtentAppender(ByteSink& sink, std::uint64_t position);

  // The bytes the sink holds so far, padding included.
  std::uint64_t position() const { return position_; }

  // Stores `stored` as given: raw bytes (rawSize = stored.size()) or one zstd frame.
  ExtentRef append(std::span<const std::uint8_t> stored, std::uint64_t rawSize, bool compressed,
                   bool withDictionary);
  ExtentRef appendRaw(std::span<const std::uint8_t> raw) {
    return append(raw, raw.size(), false, false);
  }

  // The same for stored bytes too large to hold: `produce` hands exactly `storedSize` bytes to
  // the sink it is given, in pieces (large content, copied from a spill file). Throws
  // std::logic_error when it hands over another number.
  using Pieces = std::function<void(std::span<const std::uint8_t>)>;
  ExtentRef appendStream(std::uint64_t storedSize, std::uint64_t rawSize, bool compressed,
                         const std::function<void(const Pieces&)>& produce);

  // Compresses `raw` (with `dictionary` unless null) and stores the frame, or `raw` itself when
  // the frame is not smaller: pages and clusters.
  ExtentRef appendCompressible(std::span<const std::uint8_t> raw, Compressor& compressor,
                               const CompressionDictionary* dictionary);
  // The same with the frame made already (on another thread).
  ExtentRef appendSmaller(std::span<const std::uint8_t> raw, std::span<const std::uint8_t> frame,
                          bool withDictionary);

  // Zero bytes up to the next multiple of 8, for what follows the last extent.
  void pad();

 private:
  ByteSink& sink_;
  std::uint64_t position_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_EXTENT_APPENDER_H_
