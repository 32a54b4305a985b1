// Writes the extent table (docs/design/format-2.md, sections 6 and 7) from extents given
// in file order: leaf pages of at most 64 KiB raw (some 1,100 extents each), inner pages above
// them, the root last and at most 48 KiB; each page compressed without dictionary or raw when
// that is not smaller. The same tree builder as the index (page_tree_builder.h): one open page a
// level.
//
// The empty table (no extent) is one empty leaf page, depth 1, count 0.
#ifndef ARCHIVE_NEWS_CORE_WRITE_EXTENT_TABLE_WRITER_H_
#define ARCHIVE_NEWS_CORE_WRITE_EXTENT_TABLE_WRITER_H_

#include <cstdint>

#include "core/common/page_tree.h"
#include "core/common/table_extent.h"
#include "core/write/extent_page_builder.h"
#include "core/write/page_tree_builder.h"

namespace archive_news::internal {

class ExtentTableWriter {
 public:
  ExtentTableWriter(ExtentAppender& appender, Compressor& compressor);

  // Throws Error(kInvalidArgument) for an extent whose offset is no multiple of 8, whose stored
  // size is zero, or that starts before the previous one ends; nothing is added then.
  void add(const TableExtent& extent);

  // Writes the open pages and returns the root: {root, depth, extentCount}. Call once.
  PageTreeRef finish();

 private:
  PageTreeBuilder<ExtentLeafBuilder, ExtentInnerBuilder> tree_;
  std::uint64_t end_ = 0;  // where the previous extent ends
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_EXTENT_TABLE_WRITER_H_
