// What the writer's threads make of one blob before the writer places it in the bundle: the
// digest of its raw bytes and the bytes to store, raw or as a zstd frame with that frame's own
// digest. Pure functions of their input, so the bundle does not depend on which thread ran them.
#ifndef ARCHIVE_NEWS_SRC_BLOB_PREPARATION_H_
#define ARCHIVE_NEWS_SRC_BLOB_PREPARATION_H_

#include <archive_news/article.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "compression.h"

namespace archive_news::internal {

struct PreparedBlob {
  Digest digest{};                    // of the raw bytes
  std::shared_ptr<const void> owner;  // keeps `raw` alive
  std::span<const std::uint8_t> raw;
  bool settled = false;             // false: a record whose compression waits for the dictionary
  std::vector<std::uint8_t> frame;  // the zstd frame when stored compressed, else empty
  Digest storedDigest{};            // of the frame
  bool compressed() const { return !frame.empty(); }
  std::span<const std::uint8_t> stored() const { return compressed() ? frame : raw; }
};

// Content (an image or attachment): hashed, and compressed at `level` unless it is already
// compressed media or the frame would save less than 1/32 of the bytes. `raw` is not copied:
// the caller keeps it alive (or sets `owner`).
PreparedBlob prepareContent(std::span<const std::uint8_t> raw, std::string_view mediaType,
                            int level);
// The same from a file, hashed while it is read (in large pieces, never twice).
PreparedBlob prepareContentFile(const std::filesystem::path& file, std::string_view mediaType,
                                int level);

// An article record: serialised and hashed; compressed too when `compress`, with `dictionary`
// when not null, kept only when the frame is smaller than the record.
PreparedBlob prepareRecord(const Article& article, bool compress,
                           const CompressionDictionary* dictionary, int level);
// Settles a record prepared without compression.
void compressRecord(PreparedBlob& record, const CompressionDictionary* dictionary, int level);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_SRC_BLOB_PREPARATION_H_
