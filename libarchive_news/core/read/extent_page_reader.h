// The pages of the extent table decoded from their raw bytes (format/newsarc.capnp
// ExtentPage), every rule a page obeys on its own checked; Error(kCorruption) names the file, the
// page's offset and what was expected. What links pages together is the tree reader's
// (extent_table_reader.h).
#ifndef ARCHIVE_NEWS_CORE_READ_EXTENT_PAGE_READER_H_
#define ARCHIVE_NEWS_CORE_READ_EXTENT_PAGE_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <span>
#include <vector>

#include "core/common/page_tree.h"
#include "core/common/table_extent.h"
#include "core/read/page_checker.h"

namespace archive_news::internal {

struct ExtentPageContent {
  std::uint8_t level = 0;                          // 0: a leaf
  std::vector<TableExtent> extents;                // a leaf's
  std::vector<PageChild<std::uint64_t>> children;  // an inner page's; firstKey: first offset
};

// Checked: one canonical message; a leaf's offsets, stored sizes, raw sizes and kinds of one
// length with 32 digest bytes each, offsets multiples of 8, stored sizes not zero, offsets and
// sizes below 2^62, each extent starting at or after the previous one's end, no inner field
// (null, not an empty list); an
// inner page's offsets, children and extent counts of one length (at least one), offsets strictly
// increasing, children valid references without dictionary, counts at least 1 summing below
// 2^63, no leaf field. An unknown kind is Error(kUnsupported). A leaf with no extent is accepted
// here: it is the empty table's single page, which only the tree reader can tell.
ExtentPageContent decodeExtentPage(std::span<const std::uint8_t> raw, const PagePlace& place,
                                   const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_EXTENT_PAGE_READER_H_
