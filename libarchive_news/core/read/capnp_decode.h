// The article model from its Cap'n Proto form (format/newsarc.capnp and format/format2.capnp,
// struct Article), as a reader decodes it. The writer's side is core/write/capnp_encode.h.
#ifndef ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
#define ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_

#include <archive_news/article.h>

#include <vector>

#include "core/common/extent_ref.h"
#include "format2.capnp.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {

// Format 1's article record. Throws Error(kCorruption) for a content reference whose digest is
// not 32 bytes, Error(kUnsupported) for a body block of a kind this reader does not know.
Article readArticle(schema::Article::Reader in);

// Format 2's article record: the model, whose content references keep the digest and raw size
// (blob is kNoBlob: format 2 has no blob table), and beside it the extent of each image's and
// attachment's content, in the order of article.images and article.attachments. The extents are
// kept out of the public model so that it stays the same for both formats; a reader that fetches
// image i reads imageExtents[i].
struct ArticleRecord {
  Article article;
  std::vector<ExtentRef> imageExtents;
  std::vector<ExtentRef> attachmentExtents;
  bool operator==(const ArticleRecord&) const = default;
};

// Throws as format 1's, and as decodeExtentRef() for a bad extent (kCorruption, or kUnsupported
// for an unknown compression), each error naming `context` and the image or attachment.
ArticleRecord readArticle(schema2::Article::Reader in, const RefContext& context);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_CAPNP_DECODE_H_
