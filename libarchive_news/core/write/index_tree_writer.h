// Writes the article index (docs/design/format-2.md, section 4.1) from entries already
// sorted by id (the external sort's output): leaf pages of at most kIndexLeafTarget raw, inner
// pages of at most 64 KiB above them, the root last and at most 48 KiB. Each page is one
// canonical message, compressed as one zstd frame without dictionary or stored raw when that is
// not smaller.
//
// Memory: one open page a level (at most depth x 64 KiB of columns).
//
// The empty index (no article) is one empty leaf page, the root of a tree of depth 1 and count 0:
// the only page of any index that holds no entry.
#ifndef ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_WRITER_H_
#define ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_WRITER_H_

#include <string>

#include "core/common/index_entry.h"
#include "core/common/page_tree.h"
#include "core/write/index_page_builder.h"
#include "core/write/page_tree_builder.h"

namespace archive_news::internal {

// The raw size at which the writer closes a leaf: a quarter of what the format allows (64 KiB).
// A reader finds one article by decoding its whole leaf, hashed, decompressed, checked canonical
// and its entries read: at 100,000 articles that took 166 us with 64 KiB leaves and 74 us with 16
// KiB ones, for 0.4% more file (small pages compress a little less). Inner pages keep 64 KiB: a
// wider tree is a shallower one, and each level is one more read over a network.
inline constexpr std::uint64_t kIndexLeafTarget = std::uint64_t{16} << 10;

class IndexTreeWriter {
 public:
  // Pages go through `appender`, compressed with `compressor` (no dictionary).
  IndexTreeWriter(ExtentAppender& appender, Compressor& compressor);

  // Throws Error(kInvalidArgument) for an id equal to the previous one ("duplicate id") or before
  // it ("out of order"), or an entry beyond the format's limits (index_entry.h); nothing is added
  // then.
  void add(const IndexEntry& entry);

  // Writes the open pages and returns the root: {root, depth, articleCount}. Call once; add()
  // and finish() must not be called after it.
  PageTreeRef finish();

 private:
  PageTreeBuilder<IndexLeafBuilder, IndexInnerBuilder> tree_;
  std::string lastId_;
  bool any_ = false;
};

// The limits every entry of a page obeys (index_entry.h); Error(kInvalidArgument) naming the id.
void checkIndexEntryLimits(const IndexEntry& entry);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_WRITER_H_
