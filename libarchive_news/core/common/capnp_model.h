// The article model to and from its Cap'n Proto form (format/newsarc.capnp, struct Article).
#ifndef ARCHIVE_NEWS_CORE_COMMON_CAPNP_MODEL_H_
#define ARCHIVE_NEWS_CORE_COMMON_CAPNP_MODEL_H_

#include <archive_news/article.h>
#include <capnp/message.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "newsarc.capnp.h"

namespace archive_news::internal {

void buildArticle(schema::Article::Builder out, const Article& article);
Article readArticle(schema::Article::Reader in);

// The standard serialization (segment table and segments) of a finished message.
std::vector<std::uint8_t> serialize(capnp::MessageBuilder& message);

// The same bytes handed to `piece` in order (the segment table, then each segment), for a
// message too large to copy whole: the manifest of a large bundle.
void serializeInPieces(capnp::MessageBuilder& message,
                       const std::function<void(std::span<const std::uint8_t>)>& piece);

// Text helpers shared by the manifest code: absent Text is std::nullopt, never "".
inline std::string toString(capnp::Text::Reader text) {
  return std::string(text.cStr(), text.size());
}
inline kj::StringPtr toText(const std::string& s) { return kj::StringPtr(s.c_str(), s.size()); }

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CAPNP_MODEL_H_
