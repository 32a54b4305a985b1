// The manifest built at the end of writing from the writer's article index and blob table
// (spec/FORMAT.md section 6).
#ifndef ARCHIVE_NEWS_CORE_WRITE_MANIFEST_BUILDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_MANIFEST_BUILDER_H_

#include <archive_news/writer.h>
#include <capnp/message.h>

#include <memory>

#include "core/write/article_index_draft.h"
#include "core/write/blob_table.h"

namespace archive_news::internal {

// The manifest message, to be serialised with serializeInPieces(): at a million articles it is
// hundreds of megabytes, too much to copy. options.bundleId and options.created must be set.
std::unique_ptr<capnp::MallocMessageBuilder> buildManifest(const WriterOptions& options,
                                                           const ArticleIndexDraft& index,
                                                           const BlobTable& blobs);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_MANIFEST_BUILDER_H_
