#include "core/read/capnp_decode.h"

#include <archive_news/error.h>

#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "core/common/capnp_text.h"
#include "core/common/content_extent.h"

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

// A content reference: the extent is checked by decodeExtentRef(); the model keeps the
// digest and takes its size from the extent, the one place format 2 records it.
class ContentReader {
 public:
  ContentReader(const RefContext& context, ArticleRecord& record)
      : context_(context), record_(record) {}

  ContentRef image(schema::ContentRef::Reader in, unsigned i) const {
    return read(in, "image " + std::to_string(i), record_.imageExtents);
  }
  ContentRef attachment(schema::ContentRef::Reader in, unsigned i) const {
    return read(in, "attachment " + std::to_string(i), record_.attachmentExtents);
  }

 private:
  ContentRef read(schema::ContentRef::Reader in, const std::string& owner,
                  std::vector<ExtentRef>& extents) const {
    const std::string what = context_.what + ": " + owner + "'s content";
    const ExtentRef extent =
        in.hasExtent() ? decodeExtentRef(in.getExtent(), {context_.name, context_.offset, what})
                       : emptyExtent();
    if (extent.withDictionary) {
      // The dictionary is trained on records; content is read without it.
      throw Error(ErrorCode::kCorruption, context_.name, context_.offset,
                  what + ": compressed with the dictionary; content never is");
    }
    ContentRef ref;
    const auto digest = in.getDigest();
    if (digest.size() != ref.digest.size()) {
      throw Error(ErrorCode::kCorruption, context_.name, context_.offset,
                  what + ": digest of " + std::to_string(digest.size()) + " bytes; expected 32");
    }
    std::memcpy(ref.digest.data(), digest.begin(), ref.digest.size());
    if (isEmptyExtent(extent) && ref.digest != extent.storedDigest) {
      throw Error(ErrorCode::kCorruption, context_.name, context_.offset,
                  what + ": no extent, yet a digest other than that of no bytes; expected "
                         "an extent, or empty content");
    }
    ref.size = extent.rawSize;
    ref.extent = contentExtentOf(extent);
    extents.push_back(extent);
    return ref;
  }

  const RefContext& context_;
  ArticleRecord& record_;
};

// The article's fields; `content` reads each image's and attachment's reference (ContentReader).
template <typename BlockReader>
Block readBlock(BlockReader in) {
  using Struct = typename BlockReader::Reads;  // schema::Block
  switch (in.which()) {
    case Struct::PARAGRAPH:
      return Paragraph{toString(in.getParagraph())};
    case Struct::HEADING: {
      auto h = in.getHeading();
      return Heading{h.getLevel(), toString(h.getText())};
    }
    case Struct::QUOTE: {
      auto q = in.getQuote();
      return Quote{toString(q.getText()), GET_OPTIONAL(q, hasAttribution, getAttribution)};
    }
    case Struct::IMAGE:
      return ImageBlock{in.getImage()};
    case Struct::ATTACHMENT:
      return AttachmentBlock{in.getAttachment()};
  }
  // A block kind added by a later minor version. Dropping it would lose text on extract, so
  // the article is unsupported for this reader rather than silently shortened.
  throw Error(ErrorCode::kUnsupported, "article body holds a block of kind " +
                                           std::to_string(static_cast<unsigned>(in.which())) +
                                           ", unknown to this reader; a newer newsarc reads it");
}

template <typename ImageReader, typename Content>
Image readImage(ImageReader in, unsigned i, const Content& content) {
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
  image.content = content.image(in.getContent(), i);
  return image;
}

template <typename AttachmentReader, typename Content>
Attachment readAttachment(AttachmentReader in, unsigned i, const Content& content) {
  Attachment attachment;
  attachment.name = toString(in.getName());
  attachment.fileName = toString(in.getFileName());
  attachment.mediatype = toString(in.getMediatype());
  attachment.description = GET_OPTIONAL(in, hasDescription, getDescription);
  attachment.content = content.attachment(in.getContent(), i);
  return attachment;
}

template <typename ArticleReader, typename Content>
Article readArticleFields(ArticleReader in, const Content& content) {
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
  for (auto image : in.getImages()) {
    a.images.push_back(readImage(image, static_cast<unsigned>(a.images.size()), content));
  }
  for (auto attachment : in.getAttachments()) {
    a.attachments.push_back(
        readAttachment(attachment, static_cast<unsigned>(a.attachments.size()), content));
  }
  for (auto kv : in.getExtra()) a.extra.push_back({toString(kv.getKey()), toString(kv.getValue())});
  a.pubstatus = GET_OPTIONAL(in, hasPubstatus, getPubstatus);
  return a;
}

}  // namespace

ArticleRecord readArticle(schema::Article::Reader in, const RefContext& context) {
  ArticleRecord record;
  record.article = readArticleFields(in, ContentReader(context, record));
  return record;
}

}  // namespace archive_news::internal
