#include "core/write/extent_appender.h"

#include <array>
#include <stdexcept>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/write/compression.h"

namespace archive_news::internal {

ExtentAppender::ExtentAppender(ByteSink& sink, std::uint64_t position)
    : sink_(sink), position_(position) {}

void ExtentAppender::pad() {
  static constexpr std::array<std::uint8_t, kAlignment> kZeros{};
  const std::uint64_t padding = alignUp(position_) - position_;
  if (padding == 0) return;
  sink_.write(std::span(kZeros).first(padding));
  position_ += padding;
}

ExtentRef ExtentAppender::append(std::span<const std::uint8_t> stored, std::uint64_t rawSize,
                                 bool compressed, bool withDictionary) {
  if (compressed && stored.size() >= rawSize) {
    // Readers refuse such a reference (decodeExtentRef): the caller must store the raw bytes.
    throw std::logic_error("a frame not smaller than its raw bytes");
  }
  pad();
  ExtentRef extent;
  extent.offset = position_;
  extent.storedSize = stored.size();
  extent.rawSize = rawSize;
  extent.compressed = compressed;
  extent.withDictionary = compressed && withDictionary;
  extent.storedDigest = sha256(stored);
  sink_.write(stored);
  position_ += stored.size();
  return extent;
}

ExtentRef ExtentAppender::appendStream(std::uint64_t storedSize, std::uint64_t rawSize,
                                       bool compressed,
                                       const std::function<void(const Pieces&)>& produce) {
  if (compressed && storedSize >= rawSize) {
    throw std::logic_error("a frame not smaller than its raw bytes");
  }
  pad();
  ExtentRef extent;
  extent.offset = position_;
  extent.storedSize = storedSize;
  extent.rawSize = rawSize;
  extent.compressed = compressed;
  Sha256 hash;
  produce([&](std::span<const std::uint8_t> piece) {
    hash.update(piece);
    sink_.write(piece);
    position_ += piece.size();
  });
  if (position_ - extent.offset != storedSize) {
    throw std::logic_error("a stream of another size than announced");
  }
  extent.storedDigest = hash.finish();
  return extent;
}

ExtentRef ExtentAppender::appendCompressible(std::span<const std::uint8_t> raw,
                                             Compressor& compressor,
                                             const CompressionDictionary* dictionary) {
  return appendSmaller(raw, compressor.compress(raw, dictionary), dictionary != nullptr);
}

ExtentRef ExtentAppender::appendSmaller(std::span<const std::uint8_t> raw,
                                        std::span<const std::uint8_t> frame, bool withDictionary) {
  if (frame.size() < raw.size()) return append(frame, raw.size(), true, withDictionary);
  return appendRaw(raw);
}

}  // namespace archive_news::internal
