// What the writer keeps of an article between adding it and writing the index, in its
// external sorts (docs/design/format-2.md, section 6): the index entry and, until the article's
// cluster is written, its record. Plain bytes, so that they can wait in a temporary file: memory
// stays bounded whatever the number of articles.
#ifndef ARCHIVE_NEWS_CORE_WRITE_PENDING_ARTICLE_H_
#define ARCHIVE_NEWS_CORE_WRITE_PENDING_ARTICLE_H_

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/common/index_entry.h"
#include "core/common/table_extent.h"

namespace archive_news::internal {

// The entry but its id (the sort's key), then the record, which may be empty.
std::vector<std::uint8_t> encodePendingArticle(const IndexEntry& entry,
                                               std::span<const std::uint8_t> record);

struct PendingArticle {
  IndexEntry entry;
  std::span<const std::uint8_t> record;  // into the decoded bytes
};

// The inverse of encodePendingArticle, with `id` the sort's key. The bytes are the writer's own,
// read back from its temporary file: a mismatch is a defect (std::logic_error), not the input's.
PendingArticle decodePendingArticle(std::string_view id, std::span<const std::uint8_t> bytes);

// An extent of the extent table as the writer logs it, keyed by its offset (big-endian, so that
// the bytes sort in offset order).
std::vector<std::uint8_t> extentLogKey(std::uint64_t offset);
std::vector<std::uint8_t> encodeLoggedExtent(const TableExtent& extent);
TableExtent decodeLoggedExtent(std::string_view key, std::span<const std::uint8_t> bytes);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_PENDING_ARTICLE_H_
