// ReaderOptions limits hold at the limit and refuse just past it, with kLimitExceeded; and the
// format's record limit (kMaxArticleRecordSize) is the writer's: a record over it is never
// written, and a reader bounds what it decodes for one article by its cluster limit
// (maxClusterSize), checked on a cluster's raw size before any byte of it is decoded.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <capnp/message.h>
#include <doctest/doctest.h>

#include "core/common/canonical_message.h"
#include "core/common/container.h"
#include "core/read/extent_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/read/tail_reader.h"
#include "core/write/capnp_encode.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// The raw sizes of the bundle's clusters, from its extent table.
std::vector<std::uint64_t> clusterSizes(const Bytes& file) {
  const ReaderOptions options;
  const internal::Tail tail = internal::readTail(file, "limits", options);
  const internal::ExtentReader reader(file, "limits", internal::kHeaderSize, tail.footer.sealOffset,
                                      options);
  internal::ExtentTableReader table(reader, tail.seal.extents, options);
  std::vector<std::uint64_t> sizes;
  table.forEach([&](const internal::TableExtent& e) {
    if (e.kind == internal::ExtentKind::kCluster) sizes.push_back(e.rawSize);
  });
  return sizes;
}

}  // namespace

TEST_CASE("maxSignatureSectionSize is enforced at open, at the limit and one word past it") {
  KeyPair keys = generateKeyPair();
  Bytes bytes = buildBundle({smallArticle("urn:test:limits")}, {&keys.secretKey});
  const internal::Header header = internal::decodeHeader(bytes, "limits");
  const std::uint64_t size = internal::decodeFooter(bytes, header, "limits").signaturesSize;
  REQUIRE(size > 64);

  ReaderOptions atLimit;
  atLimit.maxSignatureSectionSize = size;
  CHECK(Bundle::fromMemory(bytes, "limits", atLimit).signatures().size() == 1);
  ReaderOptions pastLimit;
  pastLimit.maxSignatureSectionSize = size - 8;
  CHECK(codeOf([&] { Bundle::fromMemory(bytes, "limits", pastLimit); }) ==
        ErrorCode::kLimitExceeded);
}

TEST_CASE("maxContentSize bounds whole reads of content while streaming reads stay available") {
  ArticleWithFiles item = smallArticle("urn:test:content-limit");
  item.attachments[0].bytes = randomBytes(100000, 3);
  Bytes bytes = buildBundle({item});
  ReaderOptions options;
  options.maxContentSize = 99999;
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
  options.maxContentSize = 100000;
  CHECK(Bundle::fromMemory(bytes, "limits", options).read(big).size() == 100000);
}

TEST_CASE("maxClusterSize: a cluster past it is refused unread, one at it is read") {
  Bytes bytes = buildBundle({smallArticle("urn:test:cluster-limit")});
  const std::vector<std::uint64_t> sizes = clusterSizes(bytes);
  REQUIRE(sizes.size() == 1);
  ReaderOptions options;
  options.maxClusterSize = sizes[0];
  CHECK(Bundle::fromMemory(bytes, "limits", options).article(std::size_t{0}).uri ==
        "urn:test:cluster-limit");
  options.maxClusterSize = sizes[0] - 8;
  Bundle limited = Bundle::fromMemory(bytes, "limits", options);
  CHECK(codeOf([&] { limited.article(std::size_t{0}); }) == ErrorCode::kLimitExceeded);
  CHECK(limited.summary(0).id == "urn:test:cluster-limit");  // the index still lists it
  const VerifyReport report = verifyMemory(bytes, "limits", {}, options);
  REQUIRE_FALSE(report.ok());
  CHECK(report.failures().front().detail.find("limit") != std::string::npos);
}

namespace {

// The size of an article's record (no content), without the writer's limit.
std::size_t recordSize(const Article& article) {
  capnp::MallocMessageBuilder message;
  internal::buildArticle(message.initRoot<schema::Article>(), article,
                         [](const ContentRef&) -> internal::ExtentRef {
                           FAIL("no content expected");
                           return {};
                         });
  return internal::canonicalMessage(message.getRoot<schema::Article>().asReader()).size();
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
  REQUIRE(ReaderOptions{}.maxClusterSize >= kMaxArticleRecordSize);
  const Article atLimit = articleOfRecordSize(kMaxArticleRecordSize);
  const Bytes bytes = written(atLimit);
  {
    // The writer writes it, alone in its cluster; a reader with the default limits reads and
    // verifies it.
    CHECK(clusterSizes(bytes) == std::vector<std::uint64_t>{kMaxArticleRecordSize});
    Bundle bundle = Bundle::fromMemory(bytes, "limits");
    CHECK(bundle.article(std::size_t{0}) == atLimit);
    CHECK(verify(bundle).ok());
  }
  {
    // A reader whose cluster limit is one word lower refuses its cluster, unread.
    ReaderOptions options;
    options.maxClusterSize = kMaxArticleRecordSize - 8;
    Bundle bundle = Bundle::fromMemory(bytes, "limits", options);
    CHECK(codeOf([&] { bundle.article(std::size_t{0}); }) == ErrorCode::kLimitExceeded);
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
