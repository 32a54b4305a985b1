// The article model: what one news article is, independent of how it is stored. Writers fill it
// in, readers return it, and the schema (format/newsarc.capnp) stores exactly these fields.
//
// Text is kept byte for byte: the library never trims, normalises or re-encodes a string. An
// optional field that is std::nullopt was absent in the source; an empty string was present and
// empty. Times are kept as the source wrote them (an RFC 3339 date-time or a date alone).
#ifndef ARCHIVE_NEWS_ARTICLE_H_
#define ARCHIVE_NEWS_ARTICLE_H_

#include <archive_news/export.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace archive_news {

// SHA-256 digest of raw or stored bytes.
using Digest = std::array<std::uint8_t, 32>;

// Where content's bytes lie in the bundle (spec/FORMAT.md, "Extents"): the stored bytes are
// `storedSize` bytes at `offset`, either the raw bytes themselves or one zstd frame of them.
struct ContentExtent {
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  bool compressed = false;
  Digest storedDigest{};  // SHA-256 of the stored bytes, checked before they are decoded
  bool operator==(const ContentExtent&) const = default;
};

// An image's or attachment's content: what it is (digest and size of the raw bytes) and where
// it is stored. A writer returns one from addContent(); a reader returns the stored one. A
// caller never fills `extent` itself.
struct ContentRef {
  Digest digest{};         // SHA-256 of the raw bytes
  std::uint64_t size = 0;  // raw size in bytes
  ContentExtent extent;
  bool operator==(const ContentRef&) const = default;
};

struct KeyValue {
  std::string key;
  std::string value;
  bool operator==(const KeyValue&) const = default;
};

struct Byline {
  std::string name;
  std::optional<std::string> email;
  std::optional<std::string> role;
  bool operator==(const Byline&) const = default;
};

struct Image {
  std::string name;      // unique within the article; body blocks place it
  std::string fileName;  // relative file name in the source folder, reused on extract
  std::string mediatype;
  std::optional<std::string> caption;
  std::optional<std::string> credit;
  std::optional<std::string> byline;
  std::optional<std::string> alt;
  std::uint32_t width = 0;   // pixels as stated by the source; 0: not stated
  std::uint32_t height = 0;  // pixels as stated by the source; 0: not stated
  ContentRef content;
  bool operator==(const Image&) const = default;
};

struct Attachment {
  std::string name;      // unique within the article
  std::string fileName;  // relative file name in the source folder, reused on extract
  std::string mediatype;
  std::optional<std::string> description;
  ContentRef content;
  bool operator==(const Attachment&) const = default;
};

// Body blocks. ImageBlock and AttachmentBlock hold an index into Article::images / attachments.
struct Paragraph {
  std::string text;
  bool operator==(const Paragraph&) const = default;
};
struct Heading {
  std::uint8_t level = 2;  // 1 to 6
  std::string text;
  bool operator==(const Heading&) const = default;
};
struct Quote {
  std::string text;
  std::optional<std::string> attribution;
  bool operator==(const Quote&) const = default;
};
struct ImageBlock {
  std::uint32_t image = 0;
  bool operator==(const ImageBlock&) const = default;
};
struct AttachmentBlock {
  std::uint32_t attachment = 0;
  bool operator==(const AttachmentBlock&) const = default;
};
using Block = std::variant<Paragraph, Heading, Quote, ImageBlock, AttachmentBlock>;

struct Article {
  std::string uri;  // required, unique within a bundle
  std::optional<std::string> url;
  std::string headline;
  std::vector<std::string> subheadlines;
  std::optional<std::string> section;
  std::optional<std::string> publisher;
  std::vector<Byline> bylines;
  std::optional<std::string> firstcreated;
  std::optional<std::string> versioncreated;
  std::optional<std::string> language;
  std::optional<std::string> located;
  std::vector<std::string> keywords;
  std::optional<std::string> copyrightnotice;
  std::optional<std::string> usageterms;
  std::vector<Block> body;
  std::vector<Image> images;
  std::vector<Attachment> attachments;
  std::vector<KeyValue> extra;  // keys unique, in the source's order
  // The publication status (ninjs pubstatus): "usable", "withheld" (not to be published for
  // now) or "canceled" (withdrawn); absent when the source does not say (ninjs then means
  // "usable"). Any other text is refused by validateArticle.
  std::optional<std::string> pubstatus;
  bool operator==(const Article&) const = default;
};

// Checks the rules every stored article obeys (uri not empty, image and attachment names unique,
// body blocks referring to existing images and attachments, heading levels 1 to 6, extra keys
// unique, times in RFC 3339 form, pubstatus "usable", "withheld" or "canceled", every text valid
// UTF-8). Throws Error(kInvalidArgument) naming `source` and the field; returns normally when the
// article is valid.
ARCHIVE_NEWS_EXPORT void validateArticle(const Article& article, const std::string& source);

// The rules validateArticle applies to times and file names, for readers of other formats (ninjs)
// that check them in their own terms, so that their messages can name the field as that format
// spells it.
// An RFC 3339 date-time with a zone, or a full-date alone (spec/ARTICLE-JSON.md, Times): its
// parts, for those who show or compare times; every time of the model is checked by this one
// parser.
struct Rfc3339Time {
  int year = 0;
  int month = 0;
  int day = 0;
  std::optional<int> hour, minute, second;  // absent for a date alone
  std::string_view zone;                    // "Z", "z" or "+09:00"; empty for a date alone
};
ARCHIVE_NEWS_EXPORT std::optional<Rfc3339Time> parseRfc3339Time(std::string_view text);
inline bool isRfc3339Time(std::string_view text) { return parseRfc3339Time(text).has_value(); }

// What makes `name` unfit as a file name inside an article folder ("has a \"..\" component"),
// or nothing (spec/ARTICLE-JSON.md, File names).
ARCHIVE_NEWS_EXPORT std::optional<std::string> fileNameProblem(std::string_view name);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_ARTICLE_H_
