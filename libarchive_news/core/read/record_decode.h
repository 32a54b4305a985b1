// The article record as a reader takes it from a cluster (core/read/cluster_view.h): one
// canonical message whose root is format/newsarc.capnp's Article. Written by
// core/write/record_encode.h.
#ifndef ARCHIVE_NEWS_CORE_READ_RECORD_DECODE_H_
#define ARCHIVE_NEWS_CORE_READ_RECORD_DECODE_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <span>
#include <string>

#include "core/read/capnp_decode.h"

namespace archive_news::internal {

// Reads `record` under `options`' limits. Throws Error naming `name`, `offset` and `what`:
// kCorruption for a message that is not canonical or a bad field (CanonicalMessageView,
// readArticle), kUnsupported for what a newer reader knows (a compression, a block kind),
// kLimitExceeded past the traversal or nesting limits.
ArticleRecord decodeArticleRecord(std::span<const std::uint8_t> record, const std::string& name,
                                  std::uint64_t offset, const ReaderOptions& options,
                                  const std::string& what);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_RECORD_DECODE_H_
