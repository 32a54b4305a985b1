// The writer's record of what it stored, and the manifest built from it at the end
// (spec/FORMAT.md section 6).
#ifndef ARCHIVE_NEWS_SRC_MANIFEST_BUILDER_H_
#define ARCHIVE_NEWS_SRC_MANIFEST_BUILDER_H_

#include <archive_news/article.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>
#include <capnp/message.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsarc.capnp.h"

namespace archive_news::internal {

struct StoredBlob {
  Digest digest{};
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  bool compressed = false;
  std::uint32_t dictionary = kNoBlob;
  Digest storedDigest{};
  std::string mediaType;
  schema::BlobKind kind = schema::BlobKind::CONTENT;
};

// An entry of the article index: what a reader's summary gives back.
using IndexEntry = ArticleSummary;

// The entry of an article whose record and content sizes are not known yet.
IndexEntry indexEntryOf(const Article& article);

// The manifest message, to be serialised with serializeInPieces(): at a million articles it is
// hundreds of megabytes, too much to copy. Sorts `index` by id. options.bundleId and
// options.created must be set.
std::unique_ptr<capnp::MallocMessageBuilder> buildManifest(const WriterOptions& options,
                                                           std::vector<IndexEntry>& index,
                                                           const std::vector<StoredBlob>& blobs);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_SRC_MANIFEST_BUILDER_H_
