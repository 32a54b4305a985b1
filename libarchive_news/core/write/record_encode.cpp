#include "core/write/record_encode.h"

#include <capnp/message.h>

#include "core/common/canonical_message.h"

namespace archive_news::internal {

std::vector<std::uint8_t> encodeArticleRecord(const Article& article,
                                              const ContentExtents& extentOf) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema2::Article>();
  buildArticle(root, article, extentOf);
  return canonicalMessage(root.asReader());
}

}  // namespace archive_news::internal
