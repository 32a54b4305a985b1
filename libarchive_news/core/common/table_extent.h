// One extent as the extent table lists it (format/newsarc.capnp ExtentPage): every extent
// of the data region but the table's own pages and the index's, in file order, so that a verifier
// checks coverage and every digest in one streaming pass.
#ifndef ARCHIVE_NEWS_CORE_COMMON_TABLE_EXTENT_H_
#define ARCHIVE_NEWS_CORE_COMMON_TABLE_EXTENT_H_

#include <archive_news/article.h>

#include <cstdint>

namespace archive_news::internal {

// The schema's ExtentKind, value for value.
enum class ExtentKind : std::uint16_t {
  kContent = 0,
  kCluster = 1,
  kDictionary = 2,
  kSchema = 3,
  kInfo = 4,
  kPreviousTail = 5,
  kSearchIndex = 6,
};
inline constexpr std::uint16_t kExtentKindCount = 7;

struct TableExtent {
  std::uint64_t offset = 0;  // a multiple of 8
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  ExtentKind kind = ExtentKind::kContent;
  Digest storedDigest{};

  bool operator==(const TableExtent&) const = default;
  std::uint64_t end() const { return offset + storedSize; }
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_TABLE_EXTENT_H_
