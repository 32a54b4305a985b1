// zstd on the writing side (compress, train a dictionary) and the reading side (decompress one
// frame under the reader's limits), and the decision which content is worth compressing.
#ifndef ARCHIVE_NEWS_CORE_COMMON_COMPRESSION_H_
#define ARCHIVE_NEWS_CORE_COMMON_COMPRESSION_H_

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
struct ZSTD_DDict_s;

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

// Why a frame was refused, for the caller's error message (empty when it is acceptable).
struct FrameLimits {
  std::uint64_t rawSize = 0;  // exact size the frame must declare and produce
  unsigned maxWindowLog = 27;
};

// A dictionary digested once for decompression; immutable, so threads may share it.
class DecompressionDictionary {
 public:
  // The bytes are referenced, not copied, which spares reading one record a copy of the whole
  // dictionary into fresh memory: they must outlive this object.
  explicit DecompressionDictionary(std::span<const std::uint8_t> dictionary);
  ~DecompressionDictionary();
  DecompressionDictionary(const DecompressionDictionary&) = delete;
  DecompressionDictionary& operator=(const DecompressionDictionary&) = delete;
  // Null when zstd cannot use the bytes as a dictionary.
  const ZSTD_DDict_s* digested() const { return ddict_; }
  unsigned id() const { return id_; }

 private:
  ZSTD_DDict_s* ddict_;
  unsigned id_;
};

class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Checks that `frame` is exactly one zstd frame declaring content size limits.rawSize (and,
  // with a dictionary, that dictionary's id), then decompresses it in pieces of at most
  // `chunkSize` bytes handed to `sink`, never producing more than rawSize bytes. Returns an empty
  // string on success, else what is wrong ("frame declares 5000 bytes; expected 4096").
  std::string decompress(std::span<const std::uint8_t> frame,
                         const DecompressionDictionary* dictionary, const FrameLimits& limits,
                         std::size_t chunkSize,
                         const std::function<void(std::span<const std::uint8_t>)>& sink);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_COMPRESSION_H_
