// What the writer's threads make of one blob before the writer places it in the bundle: the
// digest of its raw bytes and the bytes to store, raw or as a zstd frame with that frame's own
// digest. Pure functions of their input, so the bundle does not depend on which thread ran them.
#ifndef ARCHIVE_NEWS_CORE_WRITE_BLOB_PREPARATION_H_
#define ARCHIVE_NEWS_CORE_WRITE_BLOB_PREPARATION_H_

#include <archive_news/article.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/write/buffer_pool.h"
#include "core/write/compression.h"
#include "util/file_io.h"

namespace archive_news::internal {

// Content larger than kStreamThreshold, prepared as a stream: its stored bytes stay in a file,
// from offset 0 (the source file itself when stored raw, else an unnamed temporary file holding
// the zstd frame), and are copied into the bundle in pieces.
struct SpilledBlob {
  std::shared_ptr<FileDescriptor> file;
  std::string name;  // of the source, for errors
  std::uint64_t rawSize = 0;
  std::uint64_t storedSize = 0;
  bool compressed = false;
  Digest storedDigest{};  // of the stored bytes (the raw digest when stored raw)
  // Hands the stored bytes to `sink` in pieces, hashing them again: bytes that differ from what
  // was hashed (a source file changed while packed) throw Error(kIOError) naming the source,
  // after the last piece.
  void copyTo(const std::function<void(std::span<const std::uint8_t>)>& sink) const;
};

struct PreparedBlob {
  Digest digest{};                    // of the raw bytes
  std::shared_ptr<const void> owner;  // keeps `raw` alive
  std::span<const std::uint8_t> raw;
  bool settled = false;             // false: a record whose compression waits for the dictionary
  std::vector<std::uint8_t> frame;  // the zstd frame when stored compressed, else empty
  Digest storedDigest{};            // of the frame
  std::shared_ptr<const SpilledBlob> spilled;  // set instead of raw and frame for large content
  bool compressed() const { return spilled ? spilled->compressed : !frame.empty(); }
  std::uint64_t rawSize() const { return spilled ? spilled->rawSize : raw.size(); }
  std::uint64_t storedSize() const { return spilled ? spilled->storedSize : stored().size(); }
  // The stored bytes of content held in memory (not spilled).
  std::span<const std::uint8_t> stored() const { return !frame.empty() ? frame : raw; }
};

// Content up to this size is prepared in memory, whole, as it always was (so bundles of such
// content keep their bytes); larger content is prepared as a stream, in pieces of
// kStreamPiece, with memory bounded whatever its size. A fixed constant, not an option, so that
// a bundle's bytes do not depend on how much memory the writer was allowed.
constexpr std::uint64_t kStreamThreshold = std::uint64_t{8} << 20;
constexpr std::size_t kStreamPiece = std::size_t{1} << 20;

// An unnamed temporary file in $TMPDIR (else /tmp), gone when closed. Error(kIOError) naming
// `purpose` when none can be made.
std::shared_ptr<FileDescriptor> makeSpillFile(const std::string& purpose);
// Appends bytes to a spill file at `offset`; runs of zeros become holes, so content of zeros
// takes no disk. Error(kIOError) naming `name`.
void writeSpill(const FileDescriptor& file, std::uint64_t offset,
                std::span<const std::uint8_t> bytes, const std::string& name);

// Content of `size` bytes read from `file` (from offset 0, which must hold at least that much):
// hashed and, unless already compressed media, compressed to a frame in a spill file, in one
// pass of kStreamPiece pieces; the frame is kept by the same rule as prepareContent()'s.
PreparedBlob prepareContentStream(std::shared_ptr<FileDescriptor> file, std::string name,
                                  std::uint64_t size, std::string_view mediaType, int level);

// Content (an image or attachment): hashed, and compressed at `level` unless it is already
// compressed media or the frame would save less than 1/32 of the bytes. `raw` is not copied:
// the caller keeps it alive (or sets `owner`).
PreparedBlob prepareContent(std::span<const std::uint8_t> raw, std::string_view mediaType,
                            int level);
// The same from a file, hashed while it is read (in large pieces, never twice) into a buffer
// of `buffers`; a file larger than kStreamThreshold goes to prepareContentStream(), and is read
// a second time when its blob is written.
PreparedBlob prepareContentFile(const std::filesystem::path& file, std::string_view mediaType,
                                int level, BufferPool& buffers);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_BLOB_PREPARATION_H_
