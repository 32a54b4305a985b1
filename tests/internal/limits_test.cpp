// ReaderOptions limits hold at the limit and refuse just past it, with kLimitExceeded.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <capnp/message.h>
#include <doctest/doctest.h>

#include "core/write/capnp_encode.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

TEST_CASE("maxManifestSize and maxSignatureSectionSize are enforced at open") {
  KeyPair keys = generateKeyPair();
  Bytes bytes = buildBundle({smallArticle("urn:test:limits")}, {&keys.secretKey});
  Bundle bundle = Bundle::fromMemory(bytes, "limits");
  std::uint64_t manifestSize = bundle.manifestBytes().size();

  ReaderOptions atLimit;
  atLimit.maxManifestSize = manifestSize;
  CHECK_NOTHROW(Bundle::fromMemory(bytes, "limits", atLimit));
  ReaderOptions pastLimit;
  pastLimit.maxManifestSize = manifestSize - 8;
  CHECK(codeOf([&] { Bundle::fromMemory(bytes, "limits", pastLimit); }) ==
        ErrorCode::kLimitExceeded);

  ReaderOptions tinySignatures;
  tinySignatures.maxSignatureSectionSize = 64;
  CHECK(codeOf([&] { Bundle::fromMemory(bytes, "limits", tinySignatures); }) ==
        ErrorCode::kLimitExceeded);
}

TEST_CASE("maxBlobSize bounds whole-blob reads while streaming reads stay available") {
  ArticleWithFiles item = smallArticle("urn:test:blob-limit");
  item.attachments[0].bytes = randomBytes(100000, 3);
  Bytes bytes = buildBundle({item});
  ReaderOptions options;
  options.maxBlobSize = 99999;
  Bundle limited = Bundle::fromMemory(bytes, "limits", options);
  Article article = limited.article(std::size_t{0});
  const ContentRef& big = article.attachments[0].content;
  CHECK(codeOf([&] { limited.read(big); }) == ErrorCode::kLimitExceeded);
  std::uint64_t streamed = 0;
  limited.read(big, [&](std::span<const std::uint8_t> piece) {
    CHECK(piece.size() <= (256u << 10));
    streamed += piece.size();
  });
  CHECK(streamed == 100000);
  options.maxBlobSize = 100000;
  CHECK(Bundle::fromMemory(bytes, "limits", options).read(big).size() == 100000);
}

TEST_CASE("an article record larger than maxRecordSize is refused, not decoded") {
  Bytes bytes = buildBundle({smallArticle("urn:test:record-limit")});
  ReaderOptions options;
  options.maxRecordSize = 64;
  Bundle bundle = Bundle::fromMemory(bytes, "limits", options);
  CHECK(codeOf([&] { bundle.article(std::size_t{0}); }) == ErrorCode::kLimitExceeded);
  CHECK(bundle.summary(0).id == "urn:test:record-limit");  // the index still lists it
}

namespace {

std::size_t recordSize(const Article& article) {
  capnp::MallocMessageBuilder message;
  internal::buildArticle(message.initRoot<schema::Article>(), article);
  return internal::serialize(message).size();
}

// An article whose record is exactly `size` bytes (a multiple of 8), by the length of its text.
Article articleOfRecordSize(std::size_t size) {
  Article a;
  a.uri = "urn:test:record-size";
  a.headline = "A long article";
  a.body = {Paragraph{}};
  std::string& text = std::get<Paragraph>(a.body[0]).text;
  for (int tries = 0; tries < 4 && recordSize(a) != size; ++tries) {
    text.assign(text.size() + size - recordSize(a), 'w');
  }
  REQUIRE(recordSize(a) == size);
  return a;
}

Bytes written(const Article& article) {
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), fixedOptions());
  writer.addArticle(article);
  writer.finish();
  return out;
}

}  // namespace

TEST_CASE("article records are limited to 16 MiB, at the limit and one word past it") {
  REQUIRE(kMaxArticleRecordSize == std::uint64_t{1} << 24);
  REQUIRE(ReaderOptions{}.maxRecordSize == kMaxArticleRecordSize);
  const Article atLimit = articleOfRecordSize(kMaxArticleRecordSize);
  const Bytes bytes = written(atLimit);
  {
    // The writer writes it; a reader with the default limit reads and verifies it.
    Bundle bundle = Bundle::fromMemory(bytes, "limits");
    CHECK(bundle.blob(bundle.summary(0).record).rawSize == kMaxArticleRecordSize);
    CHECK(bundle.article(std::size_t{0}) == atLimit);
    CHECK(verify(bundle).ok());
  }
  {
    // A reader whose limit is one word lower refuses it, and verify fails its record check.
    ReaderOptions options;
    options.maxRecordSize = kMaxArticleRecordSize - 8;
    Bundle bundle = Bundle::fromMemory(bytes, "limits", options);
    CHECK(codeOf([&] { bundle.article(std::size_t{0}); }) == ErrorCode::kLimitExceeded);
    const VerifyReport report = verify(bundle);
    REQUIRE_FALSE(report.ok());
    CHECK(report.failures().front().name == "article-record");
    CHECK(report.failures().front().detail.find("exceeds ReaderOptions::maxRecordSize") !=
          std::string::npos);
  }
  // One word past the limit: the writer refuses the article, naming it.
  const Article pastLimit = articleOfRecordSize(kMaxArticleRecordSize + 8);
  try {
    written(pastLimit);
    FAIL("a record past the limit was written");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    CHECK(std::string(e.what()).find("urn:test:record-size") != std::string::npos);
    CHECK(std::string(e.what()).find("exceeds the format's limit of 16777216 bytes") !=
          std::string::npos);
  }
}
