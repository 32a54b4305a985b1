// The reader (core/read/bundle_reader.h): what it reads of a whole bundle, its limits, the
// errors it gives for damage, and its per-thread cluster cache.
#include "core/read/bundle_reader.h"

#include <archive_news/error.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "core/write/schema_text.h"
#include "format2_bundle.h"

using namespace archive_news;
using namespace archive_news::internal;
using newsarc_test::Bytes;
using newsarc_test::makeFormat2Bundle;

namespace {

const ReaderOptions kOptions;
const std::string kName = "r.newsarc";

ErrorCode codeOf(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("accepted");
  return ErrorCode::kCorruption;
}

std::vector<std::string> sortedIds(const newsarc_test::Format2Bundle& b) {
  std::vector<std::string> ids;
  for (const Article& a : b.articles) ids.push_back(a.uri);
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("format 2 reader: the bundle's information, schema and signatures") {
  const KeyPair key = generateKeyPair();
  const auto b = makeFormat2Bundle(30, &key);
  const internal::BundleReader reader(b.file, kName, kOptions);
  CHECK(reader.articleCount() == 30);
  const internal::InfoFields info = reader.info();
  CHECK(info.title == "Test bundle");
  CHECK(info.creatorTool == "format2_bundle");
  const std::span<const std::uint8_t> schema = schemaText();
  CHECK(reader.schemaText() == std::string(schema.begin(), schema.end()));
  REQUIRE(reader.signatures().size() == 1);
  CHECK(reader.signatures()[0].publicKey == key.publicKey.key);
}

TEST_CASE("format 2 reader: entries by position and id, and streamed from any position") {
  const auto b = makeFormat2Bundle(500, nullptr, newsarc_test::withClusters(4 << 10));
  const std::vector<std::string> ids = sortedIds(b);
  const internal::BundleReader reader(b.file, kName, kOptions);
  CHECK(reader.entryAt(0).id == ids.front());
  CHECK(reader.entryAt(499).id == ids.back());
  CHECK(codeOf([&] { reader.entryAt(500); }) == ErrorCode::kNotFound);
  CHECK(reader.find(ids[123])->id == ids[123]);
  CHECK(!reader.find(ids[123] + "x"));
  std::vector<std::string> streamed;
  reader.forEachFrom(490, [&](const IndexEntry& e) {
    streamed.push_back(e.id);
    return true;
  });
  CHECK(streamed == std::vector<std::string>(ids.begin() + 490, ids.end()));
  int visited = 0;
  reader.forEachFrom(0, [&](const IndexEntry&) { return ++visited < 3; });
  CHECK(visited == 3);
}

TEST_CASE("format 2 reader: an entry pointing at another article's record is refused") {
  const auto b = makeFormat2Bundle(50, nullptr);
  const internal::BundleReader reader(b.file, kName, kOptions);
  IndexEntry entry = reader.entryAt(10);
  entry.recordNumber = reader.entryAt(11).recordNumber;
  try {
    reader.article(entry);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(e.offset() == entry.cluster.offset);
    CHECK(std::string(e.what()).find("the index says '" + entry.id + "'") != std::string::npos);
  }
}

TEST_CASE("format 2 reader: content streamed, checked and read in place") {
  const auto b = makeFormat2Bundle(12, nullptr);
  const internal::BundleReader reader(b.file, kName, kOptions);
  const IndexEntry entry = *reader.find(b.articles[3].uri);
  const ArticleRecord record = reader.article(entry);
  REQUIRE(record.imageExtents.size() == 1);
  const Digest digest = record.article.images[0].content.digest;
  Bytes read;
  reader.readContent(record.imageExtents[0], digest, [&](std::span<const std::uint8_t> piece) {
    read.insert(read.end(), piece.begin(), piece.end());
  });
  CHECK(read == b.contents.at(digest));
  const auto stored = reader.storedContent(record.imageExtents[0], digest);
  REQUIRE(stored);
  CHECK(Bytes(stored->begin(), stored->end()) == read);
  Digest wrong = digest;
  wrong[0] ^= 1;
  CHECK(codeOf([&] {
          reader.readContent(record.imageExtents[0], wrong, [](std::span<const std::uint8_t>) {});
        }) == ErrorCode::kCorruption);
  CHECK(codeOf([&] { reader.storedContent(record.imageExtents[0], wrong); }) ==
        ErrorCode::kCorruption);
}

TEST_CASE("format 2 reader: a damaged cluster is named by its offset") {
  auto b = makeFormat2Bundle(40, nullptr);
  const internal::BundleReader intact(b.file, kName, kOptions);
  const IndexEntry entry = intact.entryAt(5);
  b.file[entry.cluster.offset + entry.cluster.storedSize / 2] ^= 0x10;
  const internal::BundleReader damaged(b.file, kName, kOptions);
  try {
    damaged.article(entry);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(e.offset() == entry.cluster.offset);
  }
}

TEST_CASE("format 2 reader: the cluster cache never mixes two readers") {
  // Two bundles whose one cluster lies at the same offset but holds other records (the second
  // has one article more): a cache keyed by offset alone would give the first's records to the
  // second, and the uri check would refuse them.
  const auto one = makeFormat2Bundle(20, nullptr);
  const auto two = makeFormat2Bundle(21, nullptr);
  const internal::BundleReader first(one.file, kName, kOptions);
  REQUIRE(first.entryAt(0).cluster.offset ==
          internal::BundleReader(two.file, kName, kOptions).entryAt(0).cluster.offset);
  for (std::uint64_t i = 0; i < 20; ++i) {
    const internal::BundleReader second(two.file, kName, kOptions);  // may reuse an earlier address
    CHECK(first.article(first.entryAt(i)).article.uri == first.entryAt(i).id);
    CHECK(second.article(second.entryAt(i)).article.uri == second.entryAt(i).id);
  }
  std::thread worker([&] {
    for (std::uint64_t i = 0; i < 20; ++i) {
      CHECK(first.article(first.entryAt(i)).article.uri == first.entryAt(i).id);
    }
  });
  worker.join();
}
