// The article records (core/write/record_encode.h, core/read/record_decode.h): the article
// codec (core/write/capnp_encode.h, core/read/capnp_decode.h), its content named by extents;
// canonical bytes; and the bad content references a reader refuses.
#include <archive_news/error.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/common/canonical_message.h"
#include "core/common/content_extent.h"
#include "core/read/capnp_decode.h"
#include "core/read/record_decode.h"
#include "core/write/capnp_encode.h"
#include "core/write/record_encode.h"

using namespace archive_news;
using internal::ExtentRef;

namespace {

using Bytes = std::vector<std::uint8_t>;

const std::string kName = "r.newsarc";
const ReaderOptions kOptions;

Digest digestOf(std::uint8_t seed) {
  Digest d;
  for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(seed + 7 * i);
  return d;
}

// Content as a writer returns it: where it is stored, compressed for seed 3.
ContentRef content(std::uint8_t seed, std::uint64_t size) {
  ContentRef ref{digestOf(seed), size, {}};
  const bool compressed = seed == 3;
  ref.extent = {4096 + std::uint64_t{8} * ref.digest[0], compressed ? size / 3 : size, compressed,
                digestOf(static_cast<std::uint8_t>(100 + ref.digest[0]))};
  return ref;
}

// An article with every field, every kind of block, and images and attachments whose contents
// are stored raw, compressed, and shared by two of them.
Article fullArticle() {
  Article a;
  a.uri = "urn:record:full";
  a.url = "https://example.org/harbour";
  a.headline = "Harbour reopens";
  a.subheadlines = {"Ferries run again", ""};
  a.section = "Region";
  a.publisher = "Harbour Times";
  a.bylines = {{"Kim Min-ji", "minji@example.org", "reporter"}, {"Desk", std::nullopt, ""}};
  a.firstcreated = "2024-03-01T09:30:00+09:00";
  a.versioncreated = "2024-03-01T10:00:00+09:00";
  a.language = "ko";
  a.located = "Busan";
  a.keywords = {"harbour", "ferry"};
  a.copyrightnotice = "(c) Harbour Times";
  a.usageterms = "";
  a.body = {Paragraph{"The harbour reopened on Friday."},
            Heading{2, "Ferries"},
            Quote{"Normal traffic by evening.", "Port authority"},
            Quote{"Unattributed.", std::nullopt},
            ImageBlock{1},
            AttachmentBlock{0}};
  a.images = {{"photo", "photo.jpg", "image/jpeg", "Dawn", "Agency", "Lee", "Boats", 640, 480,
               content(1, 5000)},
              {"map", "map.png", "image/png", std::nullopt, std::nullopt, std::nullopt,
               std::nullopt, 0, 0, content(2, 70000)}};
  a.attachments = {{"notice", "notice.txt", "text/plain", "Port notice", content(3, 900)},
                   {"again", "photo.jpg", "image/jpeg", std::nullopt, content(1, 5000)}};
  a.extra = {{"desk", "local"}, {"", ""}};
  a.pubstatus = "withheld";
  return a;
}

ExtentRef extentFor(const ContentRef& ref) { return internal::extentOf(ref); }

// A record made by hand: the full article with `change` applied to its message, canonicalized.
Bytes changedRecord(const std::function<void(schema::Article::Builder)>& change) {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Article>();
  internal::buildArticle(root, fullArticle(), extentFor);
  change(root);
  return internal::canonicalMessage(root.asReader());
}

Error refusal(const Bytes& record) {
  try {
    internal::decodeArticleRecord(record, kName, 8192, kOptions, "record 4 of cluster 1");
  } catch (const Error& e) {
    return e;
  }
  FAIL("accepted");
  return Error(ErrorCode::kCorruption, "");
}

}  // namespace

TEST_CASE("record (format 2): an article with every field round trips in canonical form") {
  const Article article = fullArticle();
  const Bytes record = internal::encodeArticleRecord(article, extentFor);
  const internal::ArticleRecord read =
      internal::decodeArticleRecord(record, kName, 0, kOptions, "record");
  CHECK(read.article == article);
  CHECK(read.imageExtents ==
        std::vector{extentFor(article.images[0].content), extentFor(article.images[1].content)});
  CHECK(read.attachmentExtents == std::vector{extentFor(article.attachments[0].content),
                                              extentFor(article.attachments[1].content)});
  internal::CanonicalMessageView view(record, kName, 0, kOptions, "record");
  CHECK(internal::canonicalMessage(view.root<schema::Article>()) == record);
}

TEST_CASE("record (format 2): an article of required fields only round trips") {
  Article article;
  article.uri = "urn:record:bare";
  article.headline = "";
  const Bytes record = internal::encodeArticleRecord(article, extentFor);
  const internal::ArticleRecord read =
      internal::decodeArticleRecord(record, kName, 0, kOptions, "record");
  CHECK(read.article == article);
  CHECK(read.imageExtents.empty());
  CHECK(read.attachmentExtents.empty());
}

TEST_CASE("record (format 2): pubstatus absent is a null pointer, present is its exact text") {
  Article article;
  article.uri = "urn:record:status";
  article.headline = "h";
  Bytes record = internal::encodeArticleRecord(article, extentFor);
  {
    internal::CanonicalMessageView view(record, kName, 0, kOptions, "record");
    CHECK_FALSE(view.root<schema::Article>().hasPubstatus());
  }
  CHECK_FALSE(internal::decodeArticleRecord(record, kName, 0, kOptions, "record")
                  .article.pubstatus.has_value());
  for (const char* status : {"usable", "withheld", "canceled"}) {
    article.pubstatus = status;
    record = internal::encodeArticleRecord(article, extentFor);
    internal::CanonicalMessageView view(record, kName, 0, kOptions, "record");
    REQUIRE(view.root<schema::Article>().hasPubstatus());
    CHECK(std::string(view.root<schema::Article>().getPubstatus().cStr()) == status);
    CHECK(internal::decodeArticleRecord(record, kName, 0, kOptions, "record").article == article);
  }
}

TEST_CASE("record (format 2): the writer refuses an extent whose raw size is not the content's") {
  const auto wrongSize = [](const ContentRef& ref) {
    ExtentRef e = extentFor(ref);
    ++e.rawSize;
    return e;
  };
  try {
    internal::encodeArticleRecord(fullArticle(), wrongSize);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("record (format 2): refuses a content digest of the wrong length") {
  const Error e = refusal(changedRecord(
      [](schema::Article::Builder a) { a.getImages()[1].getContent().initDigest(5); }));
  CHECK(e.code() == ErrorCode::kCorruption);
  CHECK(e.file() == kName);
  CHECK(e.offset() == 8192);
  CHECK(e.reason() == "record 4 of cluster 1: image 1's content: digest of 5 bytes; expected 32");
}

TEST_CASE("record (format 2): refuses an extent whose stored digest is of the wrong length") {
  const Error e = refusal(changedRecord([](schema::Article::Builder a) {
    a.getAttachments()[1].getContent().getExtent().initStoredDigest(31);
  }));
  CHECK(e.code() == ErrorCode::kCorruption);
  CHECK(e.reason() ==
        "record 4 of cluster 1: attachment 1's content: stored digest of 31 bytes; expected 32");
}

TEST_CASE("record (format 2): refuses an unknown compression as unsupported") {
  const Error e = refusal(changedRecord([](schema::Article::Builder a) {
    a.getImages()[0].getContent().getExtent().setCompression(static_cast<schema::Compression>(7));
  }));
  CHECK(e.code() == ErrorCode::kUnsupported);
  CHECK(e.offset() == 8192);
  CHECK(e.reason() == "record 4 of cluster 1: image 0's content: unknown compression 7");
}

TEST_CASE("record (format 2): empty content has no extent and the digest of no bytes") {
  Article article = fullArticle();
  const internal::ExtentRef empty = internal::emptyExtent();
  article.attachments[0].content = {empty.storedDigest, 0, internal::contentExtentOf(empty)};
  const Bytes record = internal::encodeArticleRecord(article, extentFor);
  const internal::ArticleRecord read =
      internal::decodeArticleRecord(record, kName, 0, kOptions, "record");
  CHECK(read.article == article);
  CHECK(read.attachmentExtents[0] == empty);
  internal::CanonicalMessageView view(record, kName, 0, kOptions, "record");
  CHECK_FALSE(view.root<schema::Article>().getAttachments()[0].getContent().hasExtent());
}

TEST_CASE("record (format 2): refuses content without an extent or with a misaligned one") {
  CHECK(refusal(changedRecord([](schema::Article::Builder a) {
          a.getAttachments()[0].getContent().disownExtent();
        })).reason() ==
        "record 4 of cluster 1: attachment 0's content: no extent, yet a digest other than that "
        "of no bytes; expected an extent, or empty content");
  CHECK(refusal(changedRecord([](schema::Article::Builder a) {
          a.getImages()[0].getContent().getExtent().setOffset(4100);
        })).reason() ==
        "record 4 of cluster 1: image 0's content: offset 4100 is not a multiple of 8");
}

TEST_CASE("record (format 2): refuses a record that is not canonical") {
  capnp::MallocMessageBuilder message;
  auto root = message.initRoot<schema::Article>();
  internal::buildArticle(root, fullArticle(), extentFor);
  root.setHeadline("A longer headline that leaves the first one behind");
  const kj::Array<capnp::word> words = capnp::messageToFlatArray(message);
  const auto bytes = words.asBytes();
  const Error e = refusal(Bytes(bytes.begin(), bytes.end()));
  CHECK(e.code() == ErrorCode::kCorruption);
  CHECK(e.reason().find("not canonical") != std::string::npos);
}
