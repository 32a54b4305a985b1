// The reference to a stored extent (docs/design/format-2.md, format/newsarc.capnp
// ExtentRef): where its bytes are, how they are encoded and the digest of the stored bytes. Every
// page, cluster and content of format 2 is reached through one, so the rules a reader enforces on
// a reference are here once: the writer encodes, the reader decodes and checks.
#ifndef ARCHIVE_NEWS_CORE_COMMON_EXTENT_REF_H_
#define ARCHIVE_NEWS_CORE_COMMON_EXTENT_REF_H_

#include <archive_news/article.h>

#include <cstdint>
#include <string>

#include "newsarc.capnp.h"

namespace archive_news::internal {

struct ExtentRef {
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  bool compressed = false;      // one zstd frame; else the stored bytes are the raw bytes
  bool withDictionary = false;  // compressed with the bundle's dictionary
  Digest storedDigest{};

  bool operator==(const ExtentRef&) const = default;
  std::uint64_t end() const { return offset + storedSize; }
};

void encodeExtentRef(const ExtentRef& extent, schema::ExtentRef::Builder out);

// Empty content (an image or attachment of 0 bytes) has no extent: a stored size of 0 is not an
// extent, so its reference's extent pointer is null and its digest the SHA-256 of no bytes. In
// memory it is this ExtentRef: offset 0, no bytes, the digest of no bytes.
ExtentRef emptyExtent();
inline bool isEmptyExtent(const ExtentRef& extent) { return extent.storedSize == 0; }

// Where a decoded reference came from, for errors: the file, the offset of the message holding
// it and what it is ("cluster 3 of the index page").
struct RefContext {
  const std::string& name;
  std::uint64_t offset;
  const std::string& what;
};

// Decodes and checks the rules every reference obeys: offset a multiple of 8, stored size not
// zero, no overflow past 2^62, a known compression, raw size equal to stored size when raw, a
// frame smaller than its raw bytes when compressed, no dictionary when raw, a 32-byte digest.
// Throws Error(kCorruption), or kUnsupported for a compression this reader does not know, naming
// the context. Whether the extent lies inside the data region is the reader's to check
// (ExtentReader), which knows the region.
ExtentRef decodeExtentRef(schema::ExtentRef::Reader in, const RefContext& context);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_EXTENT_REF_H_
