#include "core/write/capnp_encode.h"

#include <archive_news/error.h>
#include <capnp/serialize.h>

#include <array>
#include <string>

#include "core/common/canonical_message.h"
#include "core/common/capnp_text.h"

namespace archive_news::internal {
namespace {

// Setters for optional text: an absent value leaves the pointer null, which is how the schema
// says "absent" (has<Field>() false), distinct from a present empty string.
#define SET_OPTIONAL(builder, setter, value) \
  if (value) builder.setter(toText(*(value)))

void setTextList(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) out.set(i, toText(values[i]));
}

// Content is named by its extent and the digest of its raw bytes; the extent's raw size is
// the content's size, so a reference that disagrees is the writer's mistake, caught here before
// it is stored.
void buildContentRef(schema::ContentRef::Builder out, const ContentRef& ref,
                     const ContentExtents& extentOf) {
  const ExtentRef extent = extentOf(ref);
  if (isEmptyExtent(extent) && ref.size == 0) {
    out.setDigest(capnp::Data::Reader(ref.digest.data(), ref.digest.size()));
    return;  // empty content: no extent
  }
  if (extent.rawSize != ref.size) {
    throw Error(ErrorCode::kInvalidArgument,
                "content of " + std::to_string(ref.size) + " bytes given an extent of raw size " +
                    std::to_string(extent.rawSize) + "; expected the same size");
  }
  encodeExtentRef(extent, out.initExtent());
  out.setDigest(capnp::Data::Reader(ref.digest.data(), ref.digest.size()));
}

// The article's fields; `writeContent(builder, ref)` fills each image's and attachment's
// reference.
template <typename BlockBuilder>
void buildBlock(BlockBuilder out, const Block& block) {
  if (auto* p = std::get_if<Paragraph>(&block)) {
    out.setParagraph(toText(p->text));
  } else if (auto* h = std::get_if<Heading>(&block)) {
    auto heading = out.initHeading();
    heading.setLevel(h->level);
    heading.setText(toText(h->text));
  } else if (auto* q = std::get_if<Quote>(&block)) {
    auto quote = out.initQuote();
    quote.setText(toText(q->text));
    SET_OPTIONAL(quote, setAttribution, q->attribution);
  } else if (auto* i = std::get_if<ImageBlock>(&block)) {
    out.setImage(i->image);
  } else if (auto* a = std::get_if<AttachmentBlock>(&block)) {
    out.setAttachment(a->attachment);
  }
}

template <typename ImageBuilder, typename WriteContent>
void buildImage(ImageBuilder out, const Image& image, const WriteContent& writeContent) {
  out.setName(toText(image.name));
  out.setFileName(toText(image.fileName));
  out.setMediatype(toText(image.mediatype));
  SET_OPTIONAL(out, setCaption, image.caption);
  SET_OPTIONAL(out, setCredit, image.credit);
  SET_OPTIONAL(out, setByline, image.byline);
  SET_OPTIONAL(out, setAlt, image.alt);
  out.setWidth(image.width);
  out.setHeight(image.height);
  writeContent(out.initContent(), image.content);
}

template <typename AttachmentBuilder, typename WriteContent>
void buildAttachment(AttachmentBuilder out, const Attachment& attachment,
                     const WriteContent& writeContent) {
  out.setName(toText(attachment.name));
  out.setFileName(toText(attachment.fileName));
  out.setMediatype(toText(attachment.mediatype));
  SET_OPTIONAL(out, setDescription, attachment.description);
  writeContent(out.initContent(), attachment.content);
}

template <typename BylineList>
void buildBylines(BylineList bylines, const std::vector<Byline>& in) {
  for (unsigned i = 0; i < in.size(); ++i) {
    bylines[i].setName(toText(in[i].name));
    SET_OPTIONAL(bylines[i], setEmail, in[i].email);
    SET_OPTIONAL(bylines[i], setRole, in[i].role);
  }
}

template <typename ArticleBuilder, typename WriteContent>
void buildArticleFields(ArticleBuilder out, const Article& a, const WriteContent& writeContent) {
  out.setUri(toText(a.uri));
  SET_OPTIONAL(out, setUrl, a.url);
  out.setHeadline(toText(a.headline));
  setTextList(out.initSubheadlines(a.subheadlines.size()), a.subheadlines);
  SET_OPTIONAL(out, setSection, a.section);
  SET_OPTIONAL(out, setPublisher, a.publisher);
  buildBylines(out.initBylines(a.bylines.size()), a.bylines);
  SET_OPTIONAL(out, setFirstcreated, a.firstcreated);
  SET_OPTIONAL(out, setVersioncreated, a.versioncreated);
  SET_OPTIONAL(out, setLanguage, a.language);
  SET_OPTIONAL(out, setLocated, a.located);
  setTextList(out.initKeywords(a.keywords.size()), a.keywords);
  SET_OPTIONAL(out, setCopyrightnotice, a.copyrightnotice);
  SET_OPTIONAL(out, setUsageterms, a.usageterms);
  auto body = out.initBody(a.body.size());
  for (unsigned i = 0; i < a.body.size(); ++i) buildBlock(body[i], a.body[i]);
  auto images = out.initImages(a.images.size());
  for (unsigned i = 0; i < a.images.size(); ++i) buildImage(images[i], a.images[i], writeContent);
  auto attachments = out.initAttachments(a.attachments.size());
  for (unsigned i = 0; i < a.attachments.size(); ++i)
    buildAttachment(attachments[i], a.attachments[i], writeContent);
  auto extra = out.initExtra(a.extra.size());
  for (unsigned i = 0; i < a.extra.size(); ++i) {
    extra[i].setKey(toText(a.extra[i].key));
    extra[i].setValue(toText(a.extra[i].value));
  }
  SET_OPTIONAL(out, setPubstatus, a.pubstatus);
}

template <std::size_t N>
capnp::Data::Reader asData(const std::array<std::uint8_t, N>& bytes) {
  return capnp::Data::Reader(bytes.data(), N);
}

}  // namespace

void buildArticle(schema::Article::Builder out, const Article& article,
                  const ContentExtents& extentOf) {
  buildArticleFields(out, article, [&](schema::ContentRef::Builder content, const ContentRef& ref) {
    buildContentRef(content, ref, extentOf);
  });
}

std::vector<std::uint8_t> encodeSignatureSet(const std::vector<Signature>& signatures) {
  capnp::MallocMessageBuilder message;
  auto list = message.initRoot<schema::SignatureSet>().initSignatures(signatures.size());
  for (unsigned i = 0; i < signatures.size(); ++i) {
    const Signature& s = signatures[i];
    auto out = list[i];
    out.setAlgorithm(static_cast<schema::SignatureAlgorithm>(s.algorithm));
    if (!s.cms.empty()) out.setCms(capnp::Data::Reader(s.cms.data(), s.cms.size()));
    // A CMS record carries its certificate and signature inside `cms`; the Ed25519 fields stay
    // absent (spec/FORMAT.md 7.3.1).
    if (s.algorithm == SignatureAlgorithm::kCmsX509) continue;
    out.setKeyId(asData(s.keyId));
    out.setPublicKey(asData(s.publicKey));
    out.setSignature(asData(s.signature));
    out.setTrustedComment(toText(s.trustedComment));
    out.setGlobalSignature(asData(s.globalSignature));
  }
  return canonicalMessage(message.getRoot<schema::SignatureSet>().asReader());
}

std::vector<std::uint8_t> encodeTimestampSet(const std::vector<Timestamp>& timestamps) {
  if (timestamps.empty()) return {};
  capnp::MallocMessageBuilder message;
  auto list = message.initRoot<schema::TimestampSet>().initTimestamps(timestamps.size());
  for (unsigned i = 0; i < timestamps.size(); ++i) {
    auto out = list[i];
    out.setToken(capnp::Data::Reader(timestamps[i].token.data(), timestamps[i].token.size()));
    out.setSignatures(timestamps[i].signatures);
    out.setTimestamps(timestamps[i].timestamps);
  }
  return canonicalMessage(message.getRoot<schema::TimestampSet>().asReader());
}

namespace {

// capnp's own writer lays out the segment table; this stream passes on what it writes.
class PieceStream final : public kj::OutputStream {
 public:
  explicit PieceStream(const std::function<void(std::span<const std::uint8_t>)>& piece)
      : piece_(piece) {}
  void write(const void* buffer, size_t size) override {
    piece_({static_cast<const std::uint8_t*>(buffer), size});
  }

 private:
  const std::function<void(std::span<const std::uint8_t>)>& piece_;
};

}  // namespace

void serializeInPieces(capnp::MessageBuilder& message,
                       const std::function<void(std::span<const std::uint8_t>)>& piece) {
  PieceStream stream(piece);
  capnp::writeMessage(stream, message);
}

std::vector<std::uint8_t> serialize(capnp::MessageBuilder& message) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(capnp::computeSerializedSizeInWords(message) * sizeof(capnp::word));
  serializeInPieces(message, [&](std::span<const std::uint8_t> piece) {
    bytes.insert(bytes.end(), piece.begin(), piece.end());
  });
  return bytes;
}

}  // namespace archive_news::internal
