// The pages of the article index decoded from their raw bytes (format/newsarc.capnp
// IndexLeafPage, IndexInnerPage), with every rule a page obeys on its own checked: a hostile file
// yields Error(kCorruption) naming the file, the page's offset and what was expected, never an
// entry that breaks a rule. What links pages together (levels, first ids, counts) is the tree
// reader's (index_tree_reader.h).
#ifndef ARCHIVE_NEWS_CORE_READ_INDEX_PAGE_READER_H_
#define ARCHIVE_NEWS_CORE_READ_INDEX_PAGE_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/common/index_entry.h"
#include "core/common/page_tree.h"
#include "core/read/page_checker.h"

namespace archive_news::internal {

// A leaf's entries, ids strictly increasing. Checked: one canonical message; every column as long
// as the ids (byline name lengths: the sum of the byline counts); the lengths of each text column
// summing to its data's size; ids strictly increasing in memcmp order; each copy within its limit
// (index_entry.h) and acceptable text (util/utf8.h); an absent time empty; the cluster table in
// strictly increasing offset order, each reference valid (extent_ref.h) and used by a run; the
// three run lists of one length, each run at least one entry long, its cluster index in the table,
// its last record number below 2^32, the run lengths summing to the entries. A leaf with no entry
// is accepted here: it is the empty index's single page, which only the tree reader can tell.
std::vector<IndexEntry> decodeIndexLeafPage(std::span<const std::uint8_t> raw,
                                            const PagePlace& place, const ReaderOptions& options);

struct IndexInnerPage {
  std::uint8_t level = 0;
  std::vector<PageChild<std::string>> children;  // firstKey: the child's first id
};

// An inner page. Checked: one canonical message; level 1 or more; at least one child; first ids,
// their lengths, children and article counts of the same length; lengths as above; first ids
// strictly increasing, each within the id limit; children valid references without dictionary;
// every article count at least 1, their sum below 2^63.
IndexInnerPage decodeIndexInnerPage(std::span<const std::uint8_t> raw, const PagePlace& place,
                                    const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_INDEX_PAGE_READER_H_
