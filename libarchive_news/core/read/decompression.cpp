#include "core/read/decompression.h"

#include <archive_news/error.h>
#define ZSTD_STATIC_LINKING_ONLY  // ZSTD_createDDict_byReference, unchanged since zstd 1.0
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace archive_news::internal {
namespace {

// The window a frame needs, from its header (RFC 8878, 3.1.1.1): the content size for a
// single-segment frame, else the Window_Descriptor. std::nullopt when the header is too short
// (ZSTD_getFrameContentSize has already refused such a frame).
std::optional<std::uint64_t> frameWindowSize(std::span<const std::uint8_t> frame) {
  if (frame.size() < 6) return std::nullopt;
  const std::uint8_t descriptor = frame[4];
  if ((descriptor & 0x20) != 0) return ZSTD_getFrameContentSize(frame.data(), frame.size());
  const std::uint8_t window = frame[5];
  const std::uint64_t base = std::uint64_t{1} << (10 + (window >> 3));
  return base + (base / 8) * (window & 7);
}

}  // namespace

DecompressionDictionary::DecompressionDictionary(std::span<const std::uint8_t> dictionary)
    : ddict_(ZSTD_createDDict_byReference(dictionary.data(), dictionary.size())),
      id_(ZSTD_getDictID_fromDict(dictionary.data(), dictionary.size())) {}

DecompressionDictionary::~DecompressionDictionary() { ZSTD_freeDDict(ddict_); }

struct Decompressor::State {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  std::vector<std::uint8_t> buffer;
  ~State() { ZSTD_freeDCtx(dctx); }
};

Decompressor::Decompressor() : state_(std::make_unique<State>()) {
  if (state_->dctx == nullptr) throw Error(ErrorCode::kIOError, "zstd: out of memory");
}

Decompressor::~Decompressor() = default;

std::string Decompressor::start(std::span<const std::uint8_t> frame,
                                const DecompressionDictionary* dictionary,
                                const FrameLimits& limits) {
  constexpr std::array<std::uint8_t, 4> kMagic = {0x28, 0xb5, 0x2f, 0xfd};  // RFC 8878, 3.1.1
  if (frame.size() < kMagic.size() || !std::equal(kMagic.begin(), kMagic.end(), frame.begin())) {
    return "stored bytes do not start with the zstd frame magic 28b52ffd";
  }
  unsigned long long contentSize = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (contentSize == ZSTD_CONTENTSIZE_ERROR) return "zstd frame header is truncated or malformed";
  if (contentSize == ZSTD_CONTENTSIZE_UNKNOWN)
    return "zstd frame does not declare its content size";
  if (contentSize != limits.rawSize) {
    return "zstd frame declares " + std::to_string(contentSize) + " bytes of content; expected " +
           std::to_string(limits.rawSize);
  }
  std::size_t frameSize = ZSTD_findFrameCompressedSize(frame.data(), frame.size());
  if (ZSTD_isError(frameSize)) return "zstd frame is truncated or malformed";
  if (frameSize != frame.size()) {
    return "stored bytes hold more than one zstd frame (frame ends at " +
           std::to_string(frameSize) + " of " + std::to_string(frame.size()) + ")";
  }
  // The reader's window limit is a rule of the format (spec/FORMAT.md, "Reading a blob"), checked
  // on the header: zstd itself caps the window at the declared content size, so a frame asking
  // for a 1 GiB window would otherwise be accepted whenever its content is small.
  if (std::optional<std::uint64_t> window = frameWindowSize(frame);
      window && *window > (std::uint64_t{1} << limits.maxWindowLog)) {
    return "zstd frame asks for a window of " + std::to_string(*window) +
           " bytes; this reader allows at most 2^" + std::to_string(limits.maxWindowLog);
  }
  unsigned expectedDictId = dictionary == nullptr ? 0 : dictionary->id();
  unsigned frameDictId = ZSTD_getDictID_fromFrame(frame.data(), frame.size());
  if (frameDictId != 0 && frameDictId != expectedDictId) {
    return "zstd frame names dictionary " + std::to_string(frameDictId) + "; expected " +
           std::to_string(expectedDictId);
  }
  ZSTD_DCtx* dctx = state_->dctx;
  ZSTD_DCtx_reset(dctx, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_setParameter(dctx, ZSTD_d_windowLogMax, static_cast<int>(limits.maxWindowLog));
  if (dictionary != nullptr) {
    if (dictionary->digested() == nullptr) return "zstd dictionary is unusable";
    std::size_t r = ZSTD_DCtx_refDDict(dctx, dictionary->digested());
    if (ZSTD_isError(r)) return std::string("zstd dictionary is unusable: ") + ZSTD_getErrorName(r);
  }
  return {};
}

std::string Decompressor::decompress(
    std::span<const std::uint8_t> frame, const DecompressionDictionary* dictionary,
    const FrameLimits& limits, std::size_t chunkSize,
    const std::function<void(std::span<const std::uint8_t>)>& sink) {
  if (std::string problem = start(frame, dictionary, limits); !problem.empty()) return problem;
  ZSTD_DCtx* dctx = state_->dctx;
  state_->buffer.resize(
      std::max<std::size_t>(1, std::min<std::uint64_t>(chunkSize, limits.rawSize)));
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  std::uint64_t produced = 0;
  for (;;) {
    ZSTD_outBuffer out{state_->buffer.data(), state_->buffer.size(), 0};
    std::size_t r = ZSTD_decompressStream(dctx, &out, &in);
    if (ZSTD_isError(r)) return std::string("zstd frame does not decode: ") + ZSTD_getErrorName(r);
    produced += out.pos;
    if (produced > limits.rawSize) {
      return "zstd frame produces more than its declared " + std::to_string(limits.rawSize) +
             " bytes";
    }
    if (out.pos > 0) sink({state_->buffer.data(), out.pos});
    if (r == 0) break;
    if (in.pos == in.size && out.pos < out.size) return "zstd frame ends before its last block";
  }
  if (produced != limits.rawSize) {
    return "zstd frame produced " + std::to_string(produced) + " bytes; expected " +
           std::to_string(limits.rawSize);
  }
  return {};
}

std::string Decompressor::decompressInto(std::span<const std::uint8_t> frame,
                                         const DecompressionDictionary* dictionary,
                                         const FrameLimits& limits,
                                         std::vector<std::uint8_t>& raw) {
  if (std::string problem = start(frame, dictionary, limits); !problem.empty()) return problem;
  // One byte more than declared: a frame that fills it produces too much.
  raw.resize(limits.rawSize + 1);
  ZSTD_inBuffer in{frame.data(), frame.size(), 0};
  ZSTD_outBuffer out{raw.data(), raw.size(), 0};
  for (;;) {
    const std::size_t r = ZSTD_decompressStream(state_->dctx, &out, &in);
    if (ZSTD_isError(r)) return std::string("zstd frame does not decode: ") + ZSTD_getErrorName(r);
    if (out.pos > limits.rawSize) {
      return "zstd frame produces more than its declared " + std::to_string(limits.rawSize) +
             " bytes";
    }
    if (r == 0) break;
    if (in.pos == in.size) return "zstd frame ends before its last block";
  }
  if (out.pos != limits.rawSize) {
    return "zstd frame produced " + std::to_string(out.pos) + " bytes; expected " +
           std::to_string(limits.rawSize);
  }
  raw.resize(limits.rawSize);
  return {};
}

}  // namespace archive_news::internal
