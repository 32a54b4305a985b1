// The writer's blob table while a bundle is written: the blobs in index order, found by digest
// for deduplication (spec/FORMAT.md section 5.3). Held whole until the manifest is built, so
// each blob costs about 110 bytes and its media type is kept once for all blobs that share it.
#ifndef ARCHIVE_NEWS_CORE_WRITE_BLOB_TABLE_H_
#define ARCHIVE_NEWS_CORE_WRITE_BLOB_TABLE_H_

#include <archive_news/article.h>

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/common/index_hash_set.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {

struct StoredBlob {
  Digest digest{};
  Digest storedDigest{};
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  std::uint32_t dictionary = kNoBlob;
  std::uint32_t mediaType = 0;  // BlobTable::mediaType() gives the text
  schema::BlobKind kind = schema::BlobKind::CONTENT;
  bool compressed = false;
};

class BlobTable {
 public:
  BlobTable();

  // The index of the blob with this digest: an existing blob's, or a new one's (second: true).
  // Throws Error(kLimitExceeded) past 2^32 - 2 blobs.
  std::pair<std::uint32_t, bool> place(const Digest& digest, std::uint64_t rawSize,
                                       std::string_view mediaType, schema::BlobKind kind);
  bool contains(const Digest& digest) const { return byDigest_.find(digest).has_value(); }

  std::size_t size() const { return blobs_.size(); }
  StoredBlob& operator[](std::uint32_t index) { return blobs_[index]; }
  const StoredBlob& operator[](std::uint32_t index) const { return blobs_[index]; }
  const std::string& mediaType(const StoredBlob& blob) const { return mediaTypes_[blob.mediaType]; }

 private:
  struct DigestOf {
    const BlobTable* table;
    const Digest& operator()(std::uint32_t index) const { return table->blobs_[index].digest; }
  };

  std::uint32_t mediaTypeId(std::string_view mediaType);

  std::deque<StoredBlob> blobs_;  // no reallocation: a vector would briefly hold them all twice
  std::vector<std::string> mediaTypes_;
  std::unordered_map<std::string, std::uint32_t, KeyedHash> mediaTypeIds_;
  std::uint32_t lastMediaType_ = 0;
  IndexHashSet<Digest, DigestOf> byDigest_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_BLOB_TABLE_H_
