#include "core/write/compression.h"

#include <archive_news/error.h>
#define ZDICT_STATIC_LINKING_ONLY  // ZDICT_trainFromBuffer_fastCover, stable since zstd 1.3.6
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace archive_news::internal {
namespace {

bool startsWith(std::span<const std::uint8_t> bytes, std::initializer_list<int> prefix) {
  if (bytes.size() < prefix.size()) return false;
  std::size_t i = 0;
  for (int b : prefix) {
    if (b >= 0 && bytes[i] != b) return false;
    ++i;
  }
  return true;
}

bool pdfHasCompressedStreams(std::span<const std::uint8_t> bytes) {
  // Deflate or DCT (JPEG) streams dominate a PDF's size when present; a look at the first MiB
  // decides, so the check stays cheap on huge files.
  std::string_view text(reinterpret_cast<const char*>(bytes.data()),
                        std::min<std::size_t>(bytes.size(), 1 << 20));
  return text.find("/FlateDecode") != std::string_view::npos ||
         text.find("/DCTDecode") != std::string_view::npos;
}

void check(std::size_t code, const char* what) {
  if (ZSTD_isError(code)) {
    throw Error(ErrorCode::kIOError, std::string("zstd: ") + what + ": " + ZSTD_getErrorName(code));
  }
}

}  // namespace

bool isAlreadyCompressed(std::span<const std::uint8_t> bytes, std::string_view mediaType) {
  // PNG is not in the list: its deflate streams often leave room (zstd -3 saved 10% of the PNG
  // bytes of the benchmark corpus), and the 1/32 rule keeps raw the PNGs where it does not pay.
  if (startsWith(bytes, {0xff, 0xd8, 0xff}) ||    // JPEG
      startsWith(bytes, {'G', 'I', 'F', '8'}) ||  // GIF
      startsWith(bytes, {'R', 'I', 'F', 'F', -1, -1, -1, -1, 'W', 'E', 'B', 'P'}) ||
      startsWith(bytes, {'P', 'K', 3, 4}) ||                      // zip, docx, epub, ...
      startsWith(bytes, {0x1f, 0x8b}) ||                          // gzip
      startsWith(bytes, {0x28, 0xb5, 0x2f, 0xfd}) ||              // zstd
      startsWith(bytes, {0xfd, '7', 'z', 'X', 'Z', 0}) ||         // xz
      startsWith(bytes, {'B', 'Z', 'h'}) ||                       // bzip2
      startsWith(bytes, {-1, -1, -1, -1, 'f', 't', 'y', 'p'}) ||  // MP4, MOV, HEIF, AVIF
      startsWith(bytes, {'I', 'D', '3'}) || startsWith(bytes, {'O', 'g', 'g', 'S'})) {
    return true;
  }
  if (startsWith(bytes, {'%', 'P', 'D', 'F'})) return pdfHasCompressedStreams(bytes);
  for (std::string_view prefix : {"image/jpeg", "image/gif", "image/webp", "image/avif", "video/",
                                  "audio/", "application/zip"}) {
    if (mediaType.starts_with(prefix)) return true;
  }
  return false;
}

int clampLevel(int level) { return std::clamp(level, 1, ZSTD_maxCLevel()); }

CompressionDictionary::CompressionDictionary(std::span<const std::uint8_t> dictionary, int level)
    : cdict_(ZSTD_createCDict(dictionary.data(), dictionary.size(), clampLevel(level))) {
  if (cdict_ == nullptr) throw Error(ErrorCode::kIOError, "zstd: cannot load dictionary");
}

CompressionDictionary::~CompressionDictionary() { ZSTD_freeCDict(cdict_); }

struct Compressor::State {
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  std::vector<std::uint8_t> out;  // frame pieces made by appendToFrame()
  int level;
  ~State() { ZSTD_freeCCtx(cctx); }
};

Compressor::Compressor(int level) : state_(std::make_unique<State>()) {
  state_->level = clampLevel(level);
  if (state_->cctx == nullptr) throw Error(ErrorCode::kIOError, "zstd: out of memory");
}

Compressor::~Compressor() = default;

int Compressor::level() const { return state_->level; }

std::vector<std::uint8_t> Compressor::compress(std::span<const std::uint8_t> raw) {
  return compress(raw, nullptr);
}

std::vector<std::uint8_t> Compressor::compress(std::span<const std::uint8_t> raw,
                                               const CompressionDictionary* dictionary) {
  std::vector<std::uint8_t> out(ZSTD_compressBound(raw.size()));
  ZSTD_CCtx* cctx = state_->cctx;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  if (dictionary != nullptr) {
    // The dictionary carries the level it was digested at.
    check(ZSTD_CCtx_refCDict(cctx, dictionary->digested()), "load dictionary");
    check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_dictIDFlag, 1), "set dictionary id flag");
  } else {
    check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, state_->level), "set level");
  }
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1), "set content size flag");
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0), "set checksum flag");
  std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), raw.data(), raw.size());
  check(n, "compress");
  out.resize(n);
  return out;
}

void Compressor::beginFrame(std::uint64_t contentSize) {
  ZSTD_CCtx* cctx = state_->cctx;
  ZSTD_CCtx_reset(cctx, ZSTD_reset_session_and_parameters);
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, state_->level), "set level");
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_contentSizeFlag, 1), "set content size flag");
  check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 0), "set checksum flag");
  check(ZSTD_CCtx_setPledgedSrcSize(cctx, contentSize), "set content size");
  state_->out.resize(ZSTD_CStreamOutSize());
}

void Compressor::appendToFrame(std::span<const std::uint8_t> raw, bool last,
                               const std::function<void(std::span<const std::uint8_t>)>& sink) {
  ZSTD_inBuffer in{raw.data(), raw.size(), 0};
  const ZSTD_EndDirective mode = last ? ZSTD_e_end : ZSTD_e_continue;
  for (;;) {
    ZSTD_outBuffer out{state_->out.data(), state_->out.size(), 0};
    const std::size_t left = ZSTD_compressStream2(state_->cctx, &out, &in, mode);
    check(left, "compress");
    if (out.pos > 0) sink({state_->out.data(), out.pos});
    // Done with this piece once zstd took all of it (and, for the last, flushed the frame).
    if (last ? left == 0 : in.pos == in.size) return;
  }
}

std::optional<std::vector<std::uint8_t>> trainDictionary(
    const std::vector<std::vector<std::uint8_t>>& samples, std::size_t maxSize) {
  std::vector<std::uint8_t> joined;
  std::vector<std::size_t> sizes;
  for (const auto& sample : samples) {
    joined.insert(joined.end(), sample.begin(), sample.end());
    sizes.push_back(sample.size());
  }
  std::vector<std::uint8_t> dictionary(maxSize);
  // fastCover with fixed parameters: ZDICT_trainFromBuffer() tries several segment sizes and
  // measures each, which cost a fifth of the time of packing a 100 MB corpus for a dictionary
  // that compressed news article records no better than this one (bench/RESULTS.md).
  ZDICT_fastCover_params_t params{};
  params.k = 200;
  params.d = 8;
  params.f = 20;
  params.accel = 1;
  std::size_t n =
      ZDICT_trainFromBuffer_fastCover(dictionary.data(), dictionary.size(), joined.data(),
                                      sizes.data(), static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(n)) return std::nullopt;
  dictionary.resize(n);
  return dictionary;
}

}  // namespace archive_news::internal
