// The proof of single articles ("article", `verify --article`): for each id, the path of
// pages from the root to its leaf (digests, order, counts), its cluster (stored digest, frame,
// record number), its record and each of its contents from their own bytes. The work depends on
// the tree's depth and the articles' own bytes, not on the number of articles in the bundle.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_ARTICLE_PROOF_H_
#define ARCHIVE_NEWS_CORE_VERIFY_ARTICLE_PROOF_H_

#include <string>
#include <vector>

#include "core/read/tail_reader.h"
#include "core/verify/record_check.h"

namespace archive_news::internal {

// One "article" line an id, passed when every check of it passed; the failures themselves are
// reported under their own names (index-page, cluster, record, content-digest).
void proveArticles(RecordContext& context, const Tail& tail, const std::vector<std::string>& ids);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_ARTICLE_PROOF_H_
