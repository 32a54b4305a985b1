#include "core/common/capnp_model.h"

#include <archive_news/error.h>
#include <capnp/serialize.h>

#include <cstring>

namespace archive_news::internal {
namespace {

// Setters for optional text: an absent value leaves the pointer null, which is how the schema
// says "absent" (has<Field>() false), distinct from a present empty string.
#define SET_OPTIONAL(builder, setter, value) \
  if (value) builder.setter(toText(*(value)))

#define GET_OPTIONAL(reader, has, getter) \
  ((reader).has() ? std::optional<std::string>(toString((reader).getter())) : std::nullopt)

void setTextList(capnp::List<capnp::Text>::Builder out, const std::vector<std::string>& values) {
  for (unsigned i = 0; i < values.size(); ++i) out.set(i, toText(values[i]));
}

std::vector<std::string> getTextList(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (auto text : in) out.push_back(toString(text));
  return out;
}

void buildContentRef(schema::ContentRef::Builder out, const ContentRef& ref) {
  out.setBlob(ref.blob);
  out.setDigest(capnp::Data::Reader(ref.digest.data(), ref.digest.size()));
  out.setSize(ref.size);
}

ContentRef readContentRef(schema::ContentRef::Reader in) {
  ContentRef ref;
  ref.blob = in.getBlob();
  auto digest = in.getDigest();
  if (digest.size() != ref.digest.size()) {
    throw Error(ErrorCode::kCorruption, "content reference digest of " +
                                            std::to_string(digest.size()) + " bytes; expected 32");
  }
  std::memcpy(ref.digest.data(), digest.begin(), ref.digest.size());
  ref.size = in.getSize();
  return ref;
}

void buildBlock(schema::Block::Builder out, const Block& block) {
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

Block readBlock(schema::Block::Reader in) {
  switch (in.which()) {
    case schema::Block::PARAGRAPH:
      return Paragraph{toString(in.getParagraph())};
    case schema::Block::HEADING: {
      auto h = in.getHeading();
      return Heading{h.getLevel(), toString(h.getText())};
    }
    case schema::Block::QUOTE: {
      auto q = in.getQuote();
      return Quote{toString(q.getText()), GET_OPTIONAL(q, hasAttribution, getAttribution)};
    }
    case schema::Block::IMAGE:
      return ImageBlock{in.getImage()};
    case schema::Block::ATTACHMENT:
      return AttachmentBlock{in.getAttachment()};
  }
  // A block kind added by a later minor version. Dropping it would lose text on extract, so
  // the article is unsupported for this reader rather than silently shortened.
  throw Error(ErrorCode::kUnsupported, "article body holds a block of kind " +
                                           std::to_string(static_cast<unsigned>(in.which())) +
                                           ", unknown to this reader; a newer newsarc reads it");
}

void buildImage(schema::Image::Builder out, const Image& image) {
  out.setName(toText(image.name));
  out.setFileName(toText(image.fileName));
  out.setMediatype(toText(image.mediatype));
  SET_OPTIONAL(out, setCaption, image.caption);
  SET_OPTIONAL(out, setCredit, image.credit);
  SET_OPTIONAL(out, setByline, image.byline);
  SET_OPTIONAL(out, setAlt, image.alt);
  out.setWidth(image.width);
  out.setHeight(image.height);
  buildContentRef(out.initContent(), image.content);
}

Image readImage(schema::Image::Reader in) {
  Image image;
  image.name = toString(in.getName());
  image.fileName = toString(in.getFileName());
  image.mediatype = toString(in.getMediatype());
  image.caption = GET_OPTIONAL(in, hasCaption, getCaption);
  image.credit = GET_OPTIONAL(in, hasCredit, getCredit);
  image.byline = GET_OPTIONAL(in, hasByline, getByline);
  image.alt = GET_OPTIONAL(in, hasAlt, getAlt);
  image.width = in.getWidth();
  image.height = in.getHeight();
  image.content = readContentRef(in.getContent());
  return image;
}

void buildAttachment(schema::Attachment::Builder out, const Attachment& attachment) {
  out.setName(toText(attachment.name));
  out.setFileName(toText(attachment.fileName));
  out.setMediatype(toText(attachment.mediatype));
  SET_OPTIONAL(out, setDescription, attachment.description);
  buildContentRef(out.initContent(), attachment.content);
}

Attachment readAttachment(schema::Attachment::Reader in) {
  Attachment attachment;
  attachment.name = toString(in.getName());
  attachment.fileName = toString(in.getFileName());
  attachment.mediatype = toString(in.getMediatype());
  attachment.description = GET_OPTIONAL(in, hasDescription, getDescription);
  attachment.content = readContentRef(in.getContent());
  return attachment;
}

}  // namespace

void buildArticle(schema::Article::Builder out, const Article& a) {
  out.setUri(toText(a.uri));
  SET_OPTIONAL(out, setUrl, a.url);
  out.setHeadline(toText(a.headline));
  setTextList(out.initSubheadlines(a.subheadlines.size()), a.subheadlines);
  SET_OPTIONAL(out, setSection, a.section);
  SET_OPTIONAL(out, setPublisher, a.publisher);
  auto bylines = out.initBylines(a.bylines.size());
  for (unsigned i = 0; i < a.bylines.size(); ++i) {
    bylines[i].setName(toText(a.bylines[i].name));
    SET_OPTIONAL(bylines[i], setEmail, a.bylines[i].email);
    SET_OPTIONAL(bylines[i], setRole, a.bylines[i].role);
  }
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
  for (unsigned i = 0; i < a.images.size(); ++i) buildImage(images[i], a.images[i]);
  auto attachments = out.initAttachments(a.attachments.size());
  for (unsigned i = 0; i < a.attachments.size(); ++i)
    buildAttachment(attachments[i], a.attachments[i]);
  auto extra = out.initExtra(a.extra.size());
  for (unsigned i = 0; i < a.extra.size(); ++i) {
    extra[i].setKey(toText(a.extra[i].key));
    extra[i].setValue(toText(a.extra[i].value));
  }
}

Article readArticle(schema::Article::Reader in) {
  Article a;
  a.uri = toString(in.getUri());
  a.url = GET_OPTIONAL(in, hasUrl, getUrl);
  a.headline = toString(in.getHeadline());
  a.subheadlines = getTextList(in.getSubheadlines());
  a.section = GET_OPTIONAL(in, hasSection, getSection);
  a.publisher = GET_OPTIONAL(in, hasPublisher, getPublisher);
  for (auto b : in.getBylines()) {
    a.bylines.push_back(Byline{toString(b.getName()), GET_OPTIONAL(b, hasEmail, getEmail),
                               GET_OPTIONAL(b, hasRole, getRole)});
  }
  a.firstcreated = GET_OPTIONAL(in, hasFirstcreated, getFirstcreated);
  a.versioncreated = GET_OPTIONAL(in, hasVersioncreated, getVersioncreated);
  a.language = GET_OPTIONAL(in, hasLanguage, getLanguage);
  a.located = GET_OPTIONAL(in, hasLocated, getLocated);
  a.keywords = getTextList(in.getKeywords());
  a.copyrightnotice = GET_OPTIONAL(in, hasCopyrightnotice, getCopyrightnotice);
  a.usageterms = GET_OPTIONAL(in, hasUsageterms, getUsageterms);
  for (auto block : in.getBody()) a.body.push_back(readBlock(block));
  for (auto image : in.getImages()) a.images.push_back(readImage(image));
  for (auto attachment : in.getAttachments()) a.attachments.push_back(readAttachment(attachment));
  for (auto kv : in.getExtra()) a.extra.push_back({toString(kv.getKey()), toString(kv.getValue())});
  return a;
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
