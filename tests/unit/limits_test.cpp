// ReaderOptions limits hold at the limit and refuse just past it, with kLimitExceeded.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <doctest/doctest.h>

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

TEST_CASE("maxBlobSize bounds whole-blob reads; streaming reads stay available") {
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

TEST_CASE("an article record larger than maxBlobSize is refused, not decoded") {
  Bytes bytes = buildBundle({smallArticle("urn:test:record-limit")});
  ReaderOptions options;
  options.maxBlobSize = 64;
  Bundle bundle = Bundle::fromMemory(bytes, "limits", options);
  CHECK(codeOf([&] { bundle.article(std::size_t{0}); }) == ErrorCode::kLimitExceeded);
  CHECK(bundle.summary(0).id == "urn:test:record-limit");  // the index still lists it
}
