// The writer's Cap'n Proto messages: the article model in its Cap'n Proto form
// (format/newsarc.capnp, struct Article), the signature section, and the
// standard serialization of a message. Readers decode them in core/read/capnp_decode.h and
// core/signature/signature_section.h.
#ifndef ARCHIVE_NEWS_CORE_WRITE_CAPNP_ENCODE_H_
#define ARCHIVE_NEWS_CORE_WRITE_CAPNP_ENCODE_H_

#include <archive_news/article.h>
#include <archive_news/signature.h>
#include <capnp/message.h>

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/common/extent_ref.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {

// The article record: each image's and attachment's content named by the extent that holds it,
// which `extentOf` gives for the model's ContentRef (as the writer's addContent returned it):
// called once per image, then once per attachment, in their order, so a caller may also answer from
// lists in that order. Throws Error(kInvalidArgument) when that extent's raw size is not the
// content's size.
using ContentExtents = std::function<ExtentRef(const ContentRef&)>;
void buildArticle(schema::Article::Builder out, const Article& article,
                  const ContentExtents& extentOf);

// The bytes of the signature section: one canonical SignatureSet message.
std::vector<std::uint8_t> encodeSignatureSet(const std::vector<Signature>& signatures);
// The timestamp section: no bytes when there is no timestamp (spec/FORMAT.md 7.4).
std::vector<std::uint8_t> encodeTimestampSet(const std::vector<Timestamp>& timestamps);

// The standard serialization (segment table and segments) of a finished message.
std::vector<std::uint8_t> serialize(capnp::MessageBuilder& message);

// The same bytes handed to `piece` in order (the segment table, then each segment), for a
// message too large to copy whole.
void serializeInPieces(capnp::MessageBuilder& message,
                       const std::function<void(std::span<const std::uint8_t>)>& piece);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_CAPNP_ENCODE_H_
