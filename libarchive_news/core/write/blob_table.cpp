#include "core/write/blob_table.h"

#include <archive_news/error.h>

namespace archive_news::internal {

BlobTable::BlobTable() : byDigest_(DigestOf{this}) {}

std::uint32_t BlobTable::mediaTypeId(std::string_view mediaType) {
  // Blobs come in runs of one media type (article records, a folder's JPEGs): the one used last
  // is the likeliest next, and is found without making a std::string for the lookup.
  if (lastMediaType_ < mediaTypes_.size() && mediaTypes_[lastMediaType_] == mediaType) {
    return lastMediaType_;
  }
  auto [it, added] = mediaTypeIds_.try_emplace(std::string(mediaType),
                                               static_cast<std::uint32_t>(mediaTypes_.size()));
  if (added) mediaTypes_.push_back(it->first);
  lastMediaType_ = it->second;
  return it->second;
}

std::pair<std::uint32_t, bool> BlobTable::place(const Digest& digest, std::uint64_t rawSize,
                                                std::string_view mediaType, schema::BlobKind kind) {
  if (auto found = byDigest_.find(digest)) return {*found, false};
  if (blobs_.size() >= kNoBlob - 1) {
    throw Error(ErrorCode::kLimitExceeded, "a bundle holds at most 2^32-2 blobs");
  }
  StoredBlob blob;
  blob.digest = digest;
  blob.rawSize = rawSize;
  blob.mediaType = mediaTypeId(mediaType);
  blob.kind = kind;
  const auto at = static_cast<std::uint32_t>(blobs_.size());
  blobs_.push_back(blob);
  byDigest_.insert(at);
  return {at, true};
}

}  // namespace archive_news::internal
