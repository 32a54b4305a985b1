// Writes the article index (docs/design/format-2.md, section 4.1) from entries already
// sorted by id (the external sort's output): leaf pages of at most 64 KiB raw, inner pages above
// them, the root last and at most 48 KiB. Each page is one canonical message, compressed as one
// zstd frame without dictionary or stored raw when that is not smaller.
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
