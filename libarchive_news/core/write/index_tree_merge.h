// The index of an appended state (spec/FORMAT.md section 15): the previous state's tree with the
// new records' entries merged in, copy-on-write. Only the pages on the way to a new entry are
// read and written again; every other subtree is shared, its reference copied into a new parent.
// So an append writes index pages in proportion to the leaves it changes, not to the articles.
//
// A new entry replaces the previous state's entry of its id (a new version: its `version` one
// more) or is inserted (a new id: version 1); either way its `state` is the appended state's
// sequence. Memory: one page a level of each tree.
#ifndef ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_MERGE_H_
#define ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_MERGE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/common/index_entry.h"
#include "core/common/page_tree.h"
#include "core/read/index_tree_reader.h"
#include "core/write/extent_appender.h"

namespace archive_news::internal {

class Compressor;

// Entries in strictly increasing id order: fills `entry` and returns true, or returns false at
// the end.
using EntrySource = std::function<bool(IndexEntry& entry)>;

// Writes the merged tree's new pages through `appender` (post-order, the root last) and returns
// the root. With no new entry the previous root is written again, so that the root is the last
// page before the seal as every state requires. Throws Error(kCorruption) for a damaged page of
// the previous tree.
PageTreeRef mergeIndex(IndexTreeReader& previous, const EntrySource& added, std::uint32_t state,
                       ExtentAppender& appender, Compressor& compressor);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_INDEX_TREE_MERGE_H_
