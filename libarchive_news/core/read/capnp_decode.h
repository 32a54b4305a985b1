// The article model from its Cap'n Proto form (format/newsarc.capnp, struct Article), as a reader
// decodes it. The writer's side is core/write/capnp_encode.h.
#ifndef ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
#define ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_

#include <archive_news/article.h>

#include <vector>

#include "core/common/extent_ref.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {

// An article record: the model, whose content references hold the digest, the raw size and
// where the content is stored; and beside it each image's and attachment's extent in full (in
// the order of article.images and article.attachments), for the verifier's checks of what the
// public ContentExtent leaves out (the raw size and dictionary flag a reference may not set).
struct ArticleRecord {
  Article article;
  std::vector<ExtentRef> imageExtents;
  std::vector<ExtentRef> attachmentExtents;
  bool operator==(const ArticleRecord&) const = default;
};

// Throws Error(kCorruption) for a content digest that is not 32 bytes, kUnsupported for a body
// block of a kind this reader does not know, and as decodeExtentRef() for a bad extent
// (kCorruption, or kUnsupported for an unknown compression), each error naming `context` and the
// image or attachment.
ArticleRecord readArticle(schema::Article::Reader in, const RefContext& context);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
