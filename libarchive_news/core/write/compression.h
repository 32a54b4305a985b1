// zstd on the writing side: compressing content (whole or in pieces), training a dictionary, and
// deciding which content is worth compressing. Decompression is the reader's
// (core/read/decompression.h).
#ifndef ARCHIVE_NEWS_CORE_WRITE_COMPRESSION_H_
#define ARCHIVE_NEWS_CORE_WRITE_COMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct ZSTD_CDict_s;

namespace archive_news::internal {

// True for formats that are already compressed (JPEG, GIF, WebP, zip, gzip, zstd, xz,
// bzip2, MP4/MOV, MP3, Ogg, PDF whose streams are compressed), recognised by their bytes first
// and their media type second. Compressing them again costs time and gains nothing.
bool isAlreadyCompressed(std::span<const std::uint8_t> bytes, std::string_view mediaType);

// A compression level within zstd's range (1 to its maximum).
int clampLevel(int level);

// A trained dictionary digested once for compression at one level. Immutable: any number of
// threads may compress with it at once.
class CompressionDictionary {
 public:
  CompressionDictionary(std::span<const std::uint8_t> dictionary, int level);
  ~CompressionDictionary();
  CompressionDictionary(const CompressionDictionary&) = delete;
  CompressionDictionary& operator=(const CompressionDictionary&) = delete;
  const ZSTD_CDict_s* digested() const { return cdict_; }

 private:
  ZSTD_CDict_s* cdict_;
};

// One compression context: one per thread.
class Compressor {
 public:
  explicit Compressor(int level);
  ~Compressor();
  Compressor(const Compressor&) = delete;
  Compressor& operator=(const Compressor&) = delete;

  int level() const;
  // One zstd frame declaring its content size, without checksum (digests cover the content).
  std::vector<std::uint8_t> compress(std::span<const std::uint8_t> raw);
  // The same with `dictionary` (nullptr: none), which must have been made at this level.
  std::vector<std::uint8_t> compress(std::span<const std::uint8_t> raw,
                                     const CompressionDictionary* dictionary);

  // One frame made in pieces, for content too large to hold: beginFrame() with the exact content
  // size the frame declares, then appendToFrame() with consecutive pieces of the content, `last`
  // on the final one; the frame's bytes go to `sink` as zstd makes them. No dictionary, no
  // checksum, as compress(). The frame may differ in its bytes from compress() on the same
  // content, never in what it decodes to.
  void beginFrame(std::uint64_t contentSize);
  void appendToFrame(std::span<const std::uint8_t> raw, bool last,
                     const std::function<void(std::span<const std::uint8_t>)>& sink);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// A zstd dictionary trained on these samples, at most maxSize bytes; std::nullopt when the
// samples are too few or too alike to train one.
std::optional<std::vector<std::uint8_t>> trainDictionary(
    const std::vector<std::vector<std::uint8_t>>& samples, std::size_t maxSize);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_COMPRESSION_H_
