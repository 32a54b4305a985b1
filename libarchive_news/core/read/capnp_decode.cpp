#include "core/read/capnp_decode.h"

#include <archive_news/error.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/common/capnp_text.h"

namespace archive_news::internal {
namespace {

// Absent text (a null pointer, has<Field>() false) stays distinct from a present empty string.
#define GET_OPTIONAL(reader, has, getter) \
  ((reader).has() ? std::optional<std::string>(toString((reader).getter())) : std::nullopt)

std::vector<std::string> getTextList(capnp::List<capnp::Text>::Reader in) {
  std::vector<std::string> out;
  out.reserve(in.size());
  for (auto text : in) out.push_back(toString(text));
  return out;
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

}  // namespace archive_news::internal
