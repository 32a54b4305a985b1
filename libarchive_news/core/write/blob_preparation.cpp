#include "core/write/blob_preparation.h"

#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/common/sha256.h"
#include "util/file_io.h"

namespace archive_news::internal {
namespace {

[[noreturn]] void failIo(const std::string& name, const std::string& what) {
  throw Error(ErrorCode::kIOError, name, std::nullopt, what + ": " + std::strerror(errno));
}

// Exactly out.size() bytes at `offset`; a file that ends sooner changed since it was measured.
void readAt(const FileDescriptor& file, std::uint64_t offset, std::span<std::uint8_t> out,
            const std::string& name) {
  const IoProgress got = readFullyAt(file, offset, out);
  if (got.done == out.size()) return;
  errno = got.error != 0 ? got.error : EIO;
  failIo(name, got.error != 0 ? "cannot read" : "file shrank while being packed");
}

std::uint64_t regularFileSize(const FileDescriptor& file, const std::string& name) {
  struct stat st {};
  if (::fstat(file.get(), &st) != 0) failIo(name, "cannot stat");
  if (!S_ISREG(st.st_mode)) {
    errno = EINVAL;
    failIo(name, "not a regular file");
  }
  return static_cast<std::uint64_t>(st.st_size);
}

// One compression context per thread, reused across blobs (making one costs more than
// compressing a small record).
Compressor& threadCompressor(int level) {
  thread_local std::unique_ptr<Compressor> compressor;
  if (!compressor || compressor->level() != level) compressor = std::make_unique<Compressor>(level);
  return *compressor;
}

void compressContent(PreparedBlob& blob, std::string_view mediaType, int level) {
  blob.settled = true;
  if (blob.raw.empty() || isAlreadyCompressed(blob.raw, mediaType)) return;
  std::vector<std::uint8_t> frame = threadCompressor(level).compress(blob.raw);
  // Keep the frame only where it saves at least 1/32 of the bytes: below that, reading the
  // content raw is worth more than the space.
  if (frame.size() + blob.raw.size() / 32 < blob.raw.size()) {
    blob.frame = std::move(frame);
    blob.storedDigest = sha256(blob.frame);
  }
}

}  // namespace

PreparedBlob prepareContent(std::span<const std::uint8_t> raw, std::string_view mediaType,
                            int level) {
  PreparedBlob blob;
  blob.raw = raw;
  blob.digest = sha256(blob.raw);
  compressContent(blob, mediaType, level);
  return blob;
}

PreparedBlob prepareContentFile(const std::filesystem::path& file, std::string_view mediaType,
                                int level, BufferPool& buffers) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) failIo(file.string(), "cannot open");
  auto source = std::make_shared<FileDescriptor>(fd);
  const std::uint64_t streamed = regularFileSize(*source, file.string());
  if (streamed > kStreamThreshold) {
    return prepareContentStream(std::move(source), file.string(), streamed, mediaType, level);
  }
  source.reset();
  Sha256 hash;
  std::shared_ptr<std::uint8_t[]> buffer;
  // A file that grew past the threshold since it was measured is refused, not held whole.
  const std::uint64_t size = readFileInPieces(
      file, kStreamThreshold,
      [&](std::uint64_t n) {
        buffer = buffers.take(n);
        return buffer.get();
      },
      [&hash](std::span<const std::uint8_t> p) { hash.update(p); });
  PreparedBlob blob;
  blob.raw = {buffer.get(), size};
  blob.owner = std::move(buffer);
  blob.digest = hash.finish();
  compressContent(blob, mediaType, level);
  return blob;
}

// The message names the file being prepared: a full or missing $TMPDIR shows as the reason the
// pack of that file failed.
std::shared_ptr<FileDescriptor> makeSpillFile(const std::string& purpose) {
  try {
    return openUnnamedTempFile(defaultTempDir());
  } catch (const Error& error) {
    throw Error(error.code(), std::string(error.what()) + " (for " + purpose + ")");
  }
}

void writeSpill(const FileDescriptor& file, std::uint64_t offset,
                std::span<const std::uint8_t> bytes, const std::string& name) {
  constexpr std::size_t kHoleBlock = 64 << 10;
  static const std::uint8_t kZeros[kHoleBlock] = {};
  while (!bytes.empty()) {
    const std::size_t n = std::min(bytes.size(), kHoleBlock);
    // A whole block of zeros is skipped (a hole) unless it is the last: the file must reach its
    // full size, and ftruncate would need a second call.
    if (n == kHoleBlock && n < bytes.size() && std::memcmp(bytes.data(), kZeros, n) == 0) {
      bytes = bytes.subspan(n);
      offset += n;
      continue;
    }
    const IoProgress put = writeFullyAt(file, offset, bytes.first(n));
    if (put.done < n) {
      errno = put.error != 0 ? put.error : ENOSPC;
      failIo(name, "cannot write the temporary copy");
    }
    bytes = bytes.subspan(n);
    offset += n;
  }
}

void SpilledBlob::copyTo(const std::function<void(std::span<const std::uint8_t>)>& sink) const {
  std::vector<std::uint8_t> piece(std::min<std::uint64_t>(kStreamPiece, storedSize));
  Sha256 hash;
  for (std::uint64_t done = 0; done < storedSize;) {
    const std::span<std::uint8_t> next(piece.data(),
                                       std::min<std::uint64_t>(piece.size(), storedSize - done));
    readAt(*file, done, next, name);
    hash.update(next);
    sink(next);
    done += next.size();
  }
  if (hash.finish() != storedDigest) {
    throw Error(ErrorCode::kIOError, name, std::nullopt,
                "changed while it was being packed (its bytes no longer match their digest); "
                "expected a file left alone until pack ends");
  }
}

PreparedBlob prepareContentStream(std::shared_ptr<FileDescriptor> file, std::string name,
                                  std::uint64_t size, std::string_view mediaType, int level) {
  std::vector<std::uint8_t> piece(std::min<std::uint64_t>(kStreamPiece, size));
  // The first MiB decides, as isAlreadyCompressed() reads no further on content held whole.
  readAt(*file, 0, {piece.data(), std::min<std::size_t>(piece.size(), size)}, name);
  const bool tryFrame =
      !isAlreadyCompressed({piece.data(), std::min<std::size_t>(piece.size(), size)}, mediaType);
  std::shared_ptr<FileDescriptor> frameFile;
  std::uint64_t frameSize = 0;
  Sha256 frameHash;
  Compressor* compressor = nullptr;
  if (tryFrame) {
    frameFile = makeSpillFile("the compressed copy of " + name);
    compressor = &threadCompressor(level);
    compressor->beginFrame(size);
  }
  auto toFrame = [&](std::span<const std::uint8_t> bytes) {
    writeSpill(*frameFile, frameSize, bytes, name);
    frameHash.update(bytes);
    frameSize += bytes.size();
  };
  Sha256 hash;
  for (std::uint64_t done = 0; done < size;) {
    const std::span<std::uint8_t> next(piece.data(),
                                       std::min<std::uint64_t>(piece.size(), size - done));
    readAt(*file, done, next, name);
    hash.update(next);
    done += next.size();
    if (compressor != nullptr) compressor->appendToFrame(next, done == size, toFrame);
  }
  auto spilled = std::make_shared<SpilledBlob>();
  spilled->name = std::move(name);
  spilled->rawSize = size;
  PreparedBlob blob;
  blob.settled = true;
  blob.digest = hash.finish();
  // The rule of compressContent(): keep the frame only where it saves at least 1/32.
  if (tryFrame && frameSize + size / 32 < size) {
    spilled->file = std::move(frameFile);
    spilled->storedSize = frameSize;
    spilled->compressed = true;
    spilled->storedDigest = frameHash.finish();
    blob.storedDigest = spilled->storedDigest;
  } else {
    spilled->file = std::move(file);
    spilled->storedSize = size;
    spilled->storedDigest = blob.digest;
  }
  blob.spilled = std::move(spilled);
  return blob;
}

}  // namespace archive_news::internal
