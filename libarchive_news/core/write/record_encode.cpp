#include "core/write/record_encode.h"

#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <capnp/message.h>

#include "core/common/canonical_message.h"

namespace archive_news::internal {

std::vector<std::uint8_t> encodeArticleRecord(const Article& article,
                                              const ContentExtents& extentOf) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Article>();
  buildArticle(root, article, extentOf);
  std::vector<std::uint8_t> record = canonicalMessage(root.asReader());
  if (record.size() > kMaxArticleRecordSize) {
    // A reader refuses such a record unread (ReaderOptions::maxRecordSize): never write one.
    throw Error(ErrorCode::kInvalidArgument, article.uri, std::nullopt,
                "article record of " + std::to_string(record.size()) +
                    " bytes exceeds the format's limit of " +
                    std::to_string(kMaxArticleRecordSize) +
                    " bytes; expected less text or fewer images and attachments in one article");
  }
  return record;
}

}  // namespace archive_news::internal
