// The bundle assembled whole (core/write/bundle_assembler.h) and read back through the
// reading building blocks: the tail, the extent table, the index, clusters and records. Articles,
// content and the extent table come back exactly; the layout rules hold; and a measurement of
// bytes an article (skipped unless run with --no-skip).
#include "core/write/bundle_assembler.h"

#include <archive_news/error.h>
#include <archive_news/secret_key.h>
#include <doctest/doctest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "core/common/sha256.h"
#include "core/read/bundle_reader.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/read/record_decode.h"
#include "core/read/tail_reader.h"
#include "core/signature/minisign.h"
#include "format2_bundle.h"
#include "vector_sink.h"

using namespace archive_news;
using namespace archive_news::internal;
using newsarc_test::Format2Bundle;
using newsarc_test::makeFormat2Bundle;
using newsarc_test::tinyArticle;
using newsarc_test::withClusters;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ReaderOptions kOptions;
const std::string kName = "a.newsarc";

// Reads every article back through the reader, its content checked too.
class ReadBack {
 public:
  explicit ReadBack(const Bytes& file)
      : reader_(file, kName, kOptions),
        extents_(file, kName, kHeaderSize, reader_.tail().footer.sealOffset, kOptions) {}

  const internal::Tail& tail() const { return reader_.tail(); }
  const internal::BundleReader& reader() const { return reader_; }
  // The data region, for the tree readers.
  const ExtentReader& extents() const { return extents_; }

  Article articleOf(const IndexEntry& entry) {
    const ArticleRecord record = reader_.article(entry);
    for (std::size_t i = 0; i < record.imageExtents.size(); ++i) {
      const Digest& digest = record.article.images[i].content.digest;
      Bytes bytes;
      reader_.readContent(record.imageExtents[i], digest, [&](std::span<const std::uint8_t> p) {
        bytes.insert(bytes.end(), p.begin(), p.end());
      });
      CHECK(bytes == stored_.at(digest));
    }
    return record.article;
  }

  void expectContents(const std::map<Digest, Bytes>& contents) { stored_ = contents; }

 private:
  internal::BundleReader reader_;
  ExtentReader extents_;
  std::map<Digest, Bytes> stored_;
};

}  // namespace

TEST_CASE("assembled bundle: every article comes back by id and by position") {
  const KeyPair key = generateKeyPair();
  Format2Bundle a = makeFormat2Bundle(600, &key, withClusters(8 << 10));
  ReadBack back(a.file);
  back.expectContents(a.contents);
  const internal::Seal& seal = back.tail().seal;
  CHECK(seal.index.count == a.articles.size());
  CHECK(seal.dictionary.has_value());
  CHECK(seal.clusterCount > 10);
  CHECK(seal.contentCount == 5);

  std::vector<Article> sorted = a.articles;
  std::sort(sorted.begin(), sorted.end(),
            [](const Article& x, const Article& y) { return x.uri < y.uri; });
  IndexTreeReader index(back.extents(), seal.index, kOptions);
  for (std::size_t i = 0; i < sorted.size(); i += 7) {
    const IndexEntry entry = index.at(i);
    CHECK(entry.id == sorted[i].uri);
    CHECK(entry.headline == sorted[i].headline);
    CHECK(back.articleOf(entry) == sorted[i]);
  }
  for (const Article& article : a.articles) {
    const std::optional<IndexEntry> entry = index.find(article.uri);
    REQUIRE(entry);
    CHECK(back.articleOf(*entry) == article);
  }
  CHECK(!index.find("urn:test:absent"));

  const std::vector<Signature> signatures = internal::readSignatures(back.tail(), kName, kOptions);
  REQUIRE(signatures.size() == 1);
  CHECK(checkSignatures(signatures, back.tail().sealBytes)[0] == SignatureCheck::kValid);
}

TEST_CASE("assembled bundle: records are clustered in id order") {
  Format2Bundle a = makeFormat2Bundle(300, nullptr, withClusters(4 << 10));
  ReadBack back(a.file);
  IndexTreeReader index(back.extents(), back.tail().seal.index, kOptions);
  std::uint64_t lastOffset = 0;
  std::uint32_t lastRecord = 0;
  index.forEach([&](const IndexEntry& entry) {
    if (entry.cluster.offset == lastOffset) {
      CHECK(entry.recordNumber == lastRecord + 1);
    } else {
      CHECK(entry.cluster.offset > lastOffset);
      CHECK(entry.recordNumber == 0);
    }
    lastOffset = entry.cluster.offset;
    lastRecord = entry.recordNumber;
  });
}

TEST_CASE("assembled bundle: extents and pages cover the data region exactly, in order") {
  Format2Bundle a = makeFormat2Bundle(400, nullptr, withClusters(8 << 10));
  ReadBack back(a.file);
  const internal::Seal& seal = back.tail().seal;
  ExtentTableReader table(back.extents(), seal.extents, kOptions);
  std::uint64_t end = kHeaderSize;
  std::uint64_t raw = 0;
  std::uint64_t stored = 0;
  std::map<ExtentKind, int> kinds;
  table.forEach([&](const TableExtent& extent) {
    CHECK(extent.offset == alignUp(end));
    CHECK(std::all_of(a.file.begin() + end, a.file.begin() + extent.offset,
                      [](std::uint8_t b) { return b == 0; }));
    CHECK(sha256(std::span(a.file).subspan(extent.offset, extent.storedSize)) ==
          extent.storedDigest);
    end = extent.end();
    raw += extent.rawSize;
    stored += extent.storedSize;
    ++kinds[extent.kind];
  });
  CHECK(kinds[ExtentKind::kSchema] == 1);
  CHECK(kinds[ExtentKind::kInfo] == 1);
  CHECK(kinds[ExtentKind::kDictionary] == 1);
  CHECK(kinds[ExtentKind::kContent] == static_cast<int>(seal.contentCount));
  CHECK(kinds[ExtentKind::kCluster] == static_cast<int>(seal.clusterCount));
  CHECK(raw == seal.rawBytes);
  CHECK(stored == seal.storedBytes);
  // The pages follow, the index root last, right before the seal.
  CHECK(seal.extents.root.offset > end);
  CHECK(seal.index.root.offset > seal.extents.root.offset);
  CHECK(alignUp(seal.index.root.end()) == back.tail().footer.sealOffset);
}

TEST_CASE("assembled bundle: the same articles give the same bytes") {
  const KeyPair key = generateKeyPair();
  CHECK(makeFormat2Bundle(200, &key).file == makeFormat2Bundle(200, &key).file);
  // Whatever the number of threads that compress the clusters.
  internal::AssemblerOptions one = withClusters(2 << 10);
  one.jobs = 1;
  internal::AssemblerOptions four = withClusters(2 << 10);
  four.jobs = 4;
  const Format2Bundle serial = makeFormat2Bundle(600, &key, one);
  CHECK(ReadBack(serial.file).tail().seal.clusterCount > 20);
  CHECK(makeFormat2Bundle(600, &key, four).file == serial.file);
}

TEST_CASE("assembled bundle: an empty one has an empty index and reads") {
  Format2Bundle a = makeFormat2Bundle(0, nullptr);
  ReadBack back(a.file);
  CHECK(back.tail().seal.index.count == 0);
  CHECK(!back.tail().seal.dictionary);
  IndexTreeReader index(back.extents(), back.tail().seal.index, kOptions);
  CHECK(!index.find("urn:any"));
}

TEST_CASE("assembled bundle: two articles with one id are refused at finish") {
  Bytes file;
  newsarc_test::VectorSink sink(file);
  internal::BundleAssembler assembler(sink, {});
  std::mt19937 random(1);
  Article first = tinyArticle(1, random);
  assembler.addArticle(first);
  first.headline = "another";
  assembler.addArticle(first);
  try {
    assembler.finish({"urn:x", "2026-12-06T12:00:00Z"}, {}, {}, 0);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    CHECK(e.file() == first.uri);
  }
}

TEST_CASE("assembled bundle: content not added is refused") {
  Bytes file;
  newsarc_test::VectorSink sink(file);
  internal::BundleAssembler assembler(sink, {});
  std::mt19937 random(1);
  Article item = tinyArticle(1, random);
  Image picture;
  picture.name = "photo";
  picture.fileName = "photo.png";
  picture.mediatype = "image/png";
  picture.content = {Digest{9}, 10, {}};
  item.images.push_back(picture);
  CHECK_THROWS_AS(assembler.addArticle(item), Error);
}

TEST_CASE("assembled bundle: bytes an article (a measurement: run with --no-skip)" *
          doctest::skip()) {
  for (int count : {20000, 100000}) {
    Bytes file;
    {
      newsarc_test::VectorSink sink(file);
      internal::BundleAssembler assembler(sink, {});
      std::mt19937 random(3);
      for (int i = 0; i < count; ++i) assembler.addArticle(tinyArticle(i, random));
      assembler.finish({"urn:x", "2026-12-06T12:00:00Z"}, {}, {}, 0);
    }
    ReadBack back(file);
    const internal::Seal& seal = back.tail().seal;
    std::uint64_t clusterBytes = 0;
    std::uint64_t otherBytes = 0;
    std::uint64_t end = 0;
    ExtentTableReader(back.extents(), seal.extents, kOptions).forEach([&](const TableExtent& e) {
      (e.kind == ExtentKind::kCluster ? clusterBytes : otherBytes) += e.storedSize;
      end = e.end();
    });
    const double n = count;
    MESSAGE(count << " tiny articles: " << file.size() / n << " bytes an article: clusters "
                  << clusterBytes / n << ", pages " << (back.tail().footer.sealOffset - end) / n
                  << ", schema, info and dictionary " << otherBytes / n << "; " << seal.clusterCount
                  << " clusters, index depth " << int(seal.index.depth));
  }
}
