// The full walk of the index ("index-page", "cluster", "record", "content-digest"): every
// entry in id order, each cluster decoded once when the walk reaches its first entry and kept
// while entries point into it, every cluster of the extent table used, in file order. Memory: one
// page a level (the tree reader) and one cluster.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_INDEX_PASS_H_
#define ARCHIVE_NEWS_CORE_VERIFY_INDEX_PASS_H_

#include <cstdint>

#include "core/read/tail_reader.h"
#include "core/verify/coverage.h"
#include "core/verify/extent_pass.h"
#include "core/verify/record_check.h"

namespace archive_news::internal {

// `table`: what the extent pass found (when it read the whole table, each cluster is held to it).
// Reports the index's pages to `coverage` in post-order and the count checks at the end. Returns
// whether the whole index was walked.
bool checkIndex(RecordContext& context, const Tail& tail, const ExtentFindings& table,
                Coverage& coverage);

// The same for an appended state k: only its new pages are walked (those from `previous`'s seal
// on); the pages it shares with state k-1 are checked, with every entry of a new leaf, by the
// history check ("history") against `previous`'s index, read through `previousExtents`. The
// entries whose cluster is new get the checks of a full walk, their content any earlier state's.
bool checkIndexDelta(RecordContext& context, const Tail& tail, const ExtentFindings& table,
                     Coverage& coverage, const Tail& previous, const ExtentReader& previousExtents);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_INDEX_PASS_H_
