// zstd on the reading side: one frame decompressed under the reader's limits, with or without a
// dictionary. Compression is the writer's (core/write/compression.h).
#ifndef ARCHIVE_NEWS_CORE_READ_DECOMPRESSION_H_
#define ARCHIVE_NEWS_CORE_READ_DECOMPRESSION_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>
#include <string>

struct ZSTD_DDict_s;

namespace archive_news::internal {

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

  // The same checks, the frame decompressed straight into `raw`, resized to rawSize: no copy
  // through a buffer of the decompressor's, and a `raw` used before keeps its memory (a thread's
  // cluster buffer), so that reading one record costs no fresh pages. `raw` is left unspecified
  // when the frame is refused.
  std::string decompressInto(std::span<const std::uint8_t> frame,
                             const DecompressionDictionary* dictionary, const FrameLimits& limits,
                             std::vector<std::uint8_t>& raw);

 private:
  // The frame's header checked and the context set up for it: what is wrong, or empty.
  std::string start(std::span<const std::uint8_t> frame, const DecompressionDictionary* dictionary,
                    const FrameLimits& limits);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_DECOMPRESSION_H_
