// The trees of pages (docs/design/format-2.md, section 4): the article index and the
// extent table are both B+-trees of canonical messages, each page at most 64 KiB raw, the root
// written last and at most 48 KiB so that it fits the tail a reader fetches first. What the
// writer and the reader of both trees must agree on is here once.
#ifndef ARCHIVE_NEWS_CORE_COMMON_PAGE_TREE_H_
#define ARCHIVE_NEWS_CORE_COMMON_PAGE_TREE_H_

#include <cstdint>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

// Largest raw (decoded) size of any page: each read of a page is at most this.
inline constexpr std::uint64_t kMaxPageSize = std::uint64_t{64} << 10;
// Largest raw size of the root page (section 4.3: footer, sections, seal and root in 64 KiB).
inline constexpr std::uint64_t kMaxRootPageSize = std::uint64_t{48} << 10;
// Deepest tree a reader accepts. With at least nine entries a leaf and 43 children an inner
// page, 16 levels hold far more than 2^64 entries; the limit bounds the reader's recursion and
// makes a cycle of pages impossible to follow forever.
inline constexpr unsigned kMaxTreeDepth = 16;

// Where a tree is, as the seal names it (schema TreeRef) with the number of entries below the
// root, which the seal holds beside it (articleCount, and the extents' counts).
struct PageTreeRef {
  ExtentRef root;
  std::uint8_t depth = 0;  // pages from the root to a leaf, both counted: 1 when the root is a leaf
  std::uint64_t count = 0;

  bool operator==(const PageTreeRef&) const = default;
};

// A page as its parent lists it: the first key below it (an id, an extent offset), where it is
// and how many items are below it.
template <typename Key>
struct PageChild {
  Key firstKey;
  ExtentRef ref;
  std::uint64_t count = 0;

  bool operator==(const PageChild&) const = default;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_PAGE_TREE_H_
