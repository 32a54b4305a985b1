// The article record as the writer stores it in a cluster (docs/design/format-2.md,
// sections 2 and 5): the Article struct of format/newsarc.capnp as one framed canonical message,
// so that equal articles make equal bytes whatever wrote them. Read back by
// core/read/record_decode.h.
#ifndef ARCHIVE_NEWS_CORE_WRITE_RECORD_ENCODE_H_
#define ARCHIVE_NEWS_CORE_WRITE_RECORD_ENCODE_H_

#include <archive_news/article.h>

#include <cstdint>
#include <vector>

#include "core/write/capnp_encode.h"

namespace archive_news::internal {

// The record's bytes: the 8-byte segment table of one segment, then the canonical segment.
// Throws as buildArticle(), and Error(kInvalidArgument) for a record over
// kMaxArticleRecordSize.
std::vector<std::uint8_t> encodeArticleRecord(const Article& article,
                                              const ContentExtents& extentOf);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_RECORD_ENCODE_H_
