// The article model from its Cap'n Proto form (format/newsarc.capnp, struct Article), as a reader
// decodes it. The writer's side is core/write/capnp_encode.h.
#ifndef ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
#define ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_

#include <archive_news/article.h>

#include "newsarc.capnp.h"

namespace archive_news::internal {

// Throws Error(kCorruption) for a content reference whose digest is not 32 bytes.
Article readArticle(schema::Article::Reader in);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
