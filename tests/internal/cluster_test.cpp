// The clusters: records gathered by ClusterBuilder (core/write/cluster_builder.h), stored
// as extents with and without a trained dictionary, read back through ExtentReader and ClusterView
// (core/read/cluster_view.h); where clusters are cut; and which raw cluster bytes the view refuses.
#include <archive_news/error.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/read/cluster_view.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/record_decode.h"
#include "core/write/cluster_builder.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/record_encode.h"
#include "vector_sink.h"

using namespace archive_news;
using internal::ClosedCluster;
using internal::ClusterBuilder;
using internal::ClusterView;
using internal::RecordPlace;

namespace {

using Bytes = std::vector<std::uint8_t>;

const std::string kName = "c.newsarc";
const ReaderOptions kOptions;
constexpr std::uint64_t kHeader = 32;

using newsarc_test::VectorSink;

// A framed one-segment message of `words` words, each byte `fill`: enough for the builder and the
// view, which look at segment tables only.
Bytes framedRecord(std::uint32_t words, std::uint8_t fill = 0xab) {
  Bytes record(8 + std::size_t{words} * 8, fill);
  std::fill_n(record.begin(), 8, 0);
  for (int i = 0; i < 4; ++i) record[4 + i] = static_cast<std::uint8_t>(words >> (8 * i));
  return record;
}

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

// Words of tiny news articles, so that a dictionary has something to learn.
std::string words(std::mt19937& random, int count) {
  static const char* const kWords[] = {"harbour",  "council", "budget", "ferry",  "storm",
                                       "minister", "said",    "on",     "the",    "city",
                                       "vote",     "school",  "river",  "bridge", "market"};
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i > 0) text += ' ';
    text += kWords[random() % std::size(kWords)];
  }
  return text;
}

Article tinyArticle(std::mt19937& random, int i, int bodyWords) {
  Article a;
  a.uri = "urn:newsarc:tiny:" + std::to_string(1000000000 + i).substr(1);
  a.headline = words(random, 3 + i % 5);
  a.firstcreated = "20" + std::to_string(10 + i % 15) + "-0" + std::to_string(1 + i % 9) + "-1" +
                   std::to_string(i % 9) + "T0" + std::to_string(i % 10) + ":00:00Z";
  a.bylines = {{"Reporter " + std::to_string(i % 7), std::nullopt, std::nullopt}};
  if (bodyWords > 0) a.body = {Paragraph{words(random, bodyWords) + "."}};
  return a;
}

internal::ExtentRef noExtent(const ContentRef&) { return {}; }

// Articles of sizes from a few dozen bytes to about 40 KB, one of them larger than 16 KiB.
std::vector<Article> variedArticles(int count) {
  std::mt19937 random(15);
  std::vector<Article> articles;
  for (int i = 0; i < count; ++i) {
    articles.push_back(tinyArticle(random, i, i % 10 == 0 ? 0 : (i * 37) % 400));
  }
  articles[count / 2].body = {Paragraph{words(random, 6000)}};
  return articles;
}

std::vector<Bytes> recordsOf(const std::vector<Article>& articles) {
  std::vector<Bytes> records;
  for (const Article& a : articles) records.push_back(internal::encodeArticleRecord(a, noExtent));
  return records;
}

struct Gathered {
  std::vector<ClosedCluster> clusters;
  std::vector<RecordPlace> places;
};

Gathered gather(const std::vector<Bytes>& records, std::size_t target) {
  Gathered out;
  ClusterBuilder builder([&](ClosedCluster&& c) { out.clusters.push_back(std::move(c)); }, target);
  for (const Bytes& record : records) out.places.push_back(builder.add(record));
  builder.finish();
  return out;
}

// The clusters stored one after the other behind a 32-byte header, as a writer appends them.
struct Stored {
  Bytes file = Bytes(kHeader, 0);
  std::vector<internal::ExtentRef> extents;
};

Stored store(const std::vector<ClosedCluster>& clusters, const Bytes* dictionary) {
  Stored out;
  VectorSink sink(out.file);
  internal::ExtentAppender appender(sink, kHeader);
  internal::Compressor compressor(3);
  std::unique_ptr<internal::CompressionDictionary> digested;
  if (dictionary) digested = std::make_unique<internal::CompressionDictionary>(*dictionary, 3);
  for (const ClosedCluster& c : clusters) {
    out.extents.push_back(appender.appendCompressible(c.raw, compressor, digested.get()));
  }
  appender.pad();
  return out;
}

Bytes trainOn(const std::vector<Bytes>& records) {
  const std::optional<Bytes> trained = internal::trainDictionary(records, 4 << 10);
  REQUIRE(trained);
  return *trained;
}

void checkRoundTrip(const std::vector<Article>& articles, std::size_t target,
                    const Bytes* dictionary) {
  const std::vector<Bytes> records = recordsOf(articles);
  const Gathered gathered = gather(records, target);
  const Stored stored = store(gathered.clusters, dictionary);
  internal::ExtentReader reader(stored.file, kName, kHeader, stored.file.size(), kOptions);
  internal::Decompressor decompressor;
  std::unique_ptr<internal::DecompressionDictionary> digested;
  if (dictionary) digested = std::make_unique<internal::DecompressionDictionary>(*dictionary);
  std::vector<Bytes> raws;
  for (std::size_t j = 0; j < stored.extents.size(); ++j) {
    CHECK(gathered.clusters[j].sequence == j);
    CHECK(stored.extents[j].withDictionary ==
          (dictionary != nullptr && stored.extents[j].compressed));
    raws.push_back(reader.decode(stored.extents[j], internal::kMaxClusterTarget, digested.get(),
                                 decompressor, "cluster"));
    CHECK(raws.back() == gathered.clusters[j].raw);
    ClusterView view(raws.back(), kName, stored.extents[j].offset, "cluster");
    CHECK(view.count() == gathered.clusters[j].records);
  }
  // Clusters of several records shrink, with the dictionary when there is one.
  if (target >= (4 << 10)) {
    CHECK(std::any_of(stored.extents.begin(), stored.extents.end(), [&](const auto& e) {
      return e.compressed && e.withDictionary == (dictionary != nullptr);
    }));
  }
  for (std::size_t i = 0; i < records.size(); ++i) {
    const RecordPlace place = gathered.places[i];
    ClusterView view(raws.at(place.cluster), kName, stored.extents[place.cluster].offset,
                     "cluster");
    const std::span<const std::uint8_t> record = view.record(place.record);
    CHECK(std::equal(record.begin(), record.end(), records[i].begin(), records[i].end()));
    CHECK(internal::decodeArticleRecord(record, kName, 0, kOptions, "record").article ==
          articles[i]);
  }
}

}  // namespace

TEST_CASE("cluster: records round trip through compressed clusters and every record is found") {
  const std::vector<Article> articles = variedArticles(300);
  const Bytes dictionary = trainOn(recordsOf(variedArticles(200)));
  for (std::size_t target : {std::size_t{1}, std::size_t{4} << 10, std::size_t{16} << 10,
                             internal::kDefaultClusterTarget}) {
    CAPTURE(target);
    checkRoundTrip(articles, target, nullptr);
    checkRoundTrip(articles, target, &dictionary);
  }
}

TEST_CASE("cluster: records keep arrival order and every byte and are cut at the target") {
  const std::vector<Bytes> records = recordsOf(variedArticles(300));
  const Gathered gathered = gather(records, 4 << 10);
  Bytes joined;
  std::uint64_t previous = 0;
  std::uint32_t next = 0;
  for (const RecordPlace& place : gathered.places) {
    if (place.cluster != previous) next = 0;
    CHECK(place.cluster >= previous);
    CHECK(place.record == next++);
    previous = place.cluster;
  }
  for (const ClosedCluster& c : gathered.clusters) {
    CHECK(c.records > 0);
    CHECK((c.raw.size() <= 4096 || c.records == 1));
    joined.insert(joined.end(), c.raw.begin(), c.raw.end());
  }
  CHECK(joined == concat(records));
}

TEST_CASE("cluster: the stored bytes depend on the records only") {
  const std::vector<Bytes> records = recordsOf(variedArticles(120));
  const Bytes dictionary = trainOn(records);
  const Bytes once = store(gather(records, 8 << 10).clusters, &dictionary).file;
  const Bytes again = store(gather(records, 8 << 10).clusters, &dictionary).file;
  CHECK(once == again);
}

TEST_CASE("cluster: a cluster closes when it reaches the target exactly") {
  const Gathered g =
      gather({framedRecord(1), framedRecord(1), framedRecord(3), framedRecord(1)}, 64);
  REQUIRE(g.clusters.size() == 2);
  CHECK(g.clusters[0].records == 3);
  CHECK(g.clusters[0].raw.size() == 64);
  CHECK(g.clusters[1].records == 1);
  CHECK(g.places == std::vector<RecordPlace>{{0, 0}, {0, 1}, {0, 2}, {1, 0}});
}

TEST_CASE("cluster: a record that would pass the target starts the next cluster") {
  const Gathered g = gather({framedRecord(5), framedRecord(2)}, 64);
  REQUIRE(g.clusters.size() == 2);
  CHECK(g.clusters[0].raw == framedRecord(5));
  CHECK(g.places == std::vector<RecordPlace>{{0, 0}, {1, 0}});
}

TEST_CASE("cluster: a record larger than the target goes alone and is never split") {
  const Gathered g = gather({framedRecord(1), framedRecord(20), framedRecord(1)}, 64);
  REQUIRE(g.clusters.size() == 3);
  CHECK(g.clusters[1].raw == framedRecord(20));
  CHECK(g.clusters[1].records == 1);
  CHECK(g.places == std::vector<RecordPlace>{{0, 0}, {1, 0}, {2, 0}});
}

TEST_CASE("cluster: no records make no cluster") {
  std::vector<ClosedCluster> clusters;
  ClusterBuilder builder([&](ClosedCluster&& c) { clusters.push_back(std::move(c)); });
  builder.finish();
  builder.finish();
  CHECK(clusters.empty());
  CHECK(builder.closed() == 0);
  builder.add(framedRecord(1));
  builder.finish();
  builder.finish();
  CHECK(clusters.size() == 1);
  CHECK(builder.closed() == 1);
}

TEST_CASE("cluster: the builder refuses a bad target and a record that is not one segment") {
  const auto ignore = [](ClosedCluster&&) {};
  CHECK_THROWS_AS(ClusterBuilder(ignore, 0), Error);
  CHECK_THROWS_AS(ClusterBuilder(ignore, internal::kMaxClusterTarget + 1), Error);
  ClusterBuilder builder(ignore, internal::kMaxClusterTarget);
  Bytes twoSegments = framedRecord(2);
  twoSegments[0] = 1;
  Bytes shortOfItsSize = framedRecord(2);
  shortOfItsSize[4] = 3;
  Bytes unaligned = framedRecord(2);
  unaligned.pop_back();
  for (const Bytes& bad : {Bytes{}, framedRecord(0), unaligned, twoSegments, shortOfItsSize}) {
    CAPTURE(bad.size());
    try {
      builder.add(bad);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kInvalidArgument);
    }
  }
  CHECK(builder.add(framedRecord(1)) == RecordPlace{0, 0});
}

namespace {

// The error the view gives for `raw` read whole (forEach), or "" when it accepts it.
std::string refusal(const Bytes& raw, std::optional<std::uint64_t>* offset = nullptr) {
  try {
    ClusterView view(raw, kName, 4096, "cluster 2");
    view.count();
    return "";
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(e.file() == kName);
    if (offset) *offset = e.offset();
    return e.reason();
  }
}

}  // namespace

TEST_CASE("cluster view: refuses a cluster of no bytes") {
  std::optional<std::uint64_t> offset;
  CHECK(refusal({}, &offset) == "cluster 2 (raw byte 0): holds no records; expected at least one");
  CHECK(offset == 4096);
}

TEST_CASE("cluster view: refuses a record of two segments") {
  Bytes raw = concat({framedRecord(1), framedRecord(2)});
  raw[16] = 1;
  std::optional<std::uint64_t> offset;
  CHECK(refusal(raw, &offset) ==
        "cluster 2 (raw byte 16): record 1 has 2 segments; expected one segment");
  CHECK(offset == 4096 + 16);
}

TEST_CASE("cluster view: refuses an empty segment") {
  std::optional<std::uint64_t> offset;
  CHECK(refusal(concat({framedRecord(0), framedRecord(1)}), &offset) ==
        "cluster 2 (raw byte 4): record 0 has an empty segment; expected at least 1 word");
  CHECK(offset == 4096 + 4);
}

TEST_CASE("cluster view: refuses a record that runs past the end") {
  Bytes raw = framedRecord(3);
  raw[4] = 4;
  CHECK(refusal(raw) ==
        "cluster 2 (raw byte 4): record 0 declares 4 words; only 3 remain in the cluster (a "
        "record must end inside it)");
  raw[4] = 0xff;
  raw[7] = 0xff;  // 2^32 - 1 words: no overflow
  CHECK(refusal(raw).find("declares 4278190335 words") != std::string::npos);
}

TEST_CASE("cluster view: refuses trailing bytes after the last record") {
  Bytes raw = concat({framedRecord(1), framedRecord(1)});
  raw.resize(raw.size() + 5);
  std::optional<std::uint64_t> offset;
  CHECK(refusal(raw, &offset) ==
        "cluster 2 (raw byte 32): 5 trailing bytes after 2 records; expected an 8-byte segment "
        "table or the end of the cluster");
  CHECK(offset == 4096 + 32);
}

TEST_CASE("cluster view: refuses a record number past the last record") {
  const Bytes raw = concat({framedRecord(1), framedRecord(3), framedRecord(2)});
  ClusterView view(raw, kName, 4096, "cluster 2");
  CHECK(view.count() == 3);
  CHECK(view.record(2).size() == 24);
  for (std::uint32_t k : {3u, 4u, 0xffffffffu}) {
    try {
      view.record(k);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kCorruption);
      CHECK(e.offset() == 4096 + raw.size());
      CHECK(e.reason().find("holds 3 records; expected at least " +
                            std::to_string(std::uint64_t{k} + 1)) != std::string::npos);
    }
  }
}

TEST_CASE("cluster view: every truncation is refused or is a shorter cluster") {
  const std::vector<Bytes> records = recordsOf(variedArticles(4));
  const Bytes raw = concat(records);
  std::vector<std::size_t> ends;
  for (std::size_t end = 0; const Bytes& r : records) ends.push_back(end += r.size());
  for (std::size_t size = 0; size < raw.size(); ++size) {
    CAPTURE(size);
    const Bytes cut(raw.begin(), raw.begin() + static_cast<std::ptrdiff_t>(size));
    const auto whole = std::find(ends.begin(), ends.end(), size);
    if (whole == ends.end()) {
      CHECK(refusal(cut) != "");
    } else {
      CHECK(refusal(cut) == "");
      CHECK(ClusterView(cut, kName, 0, "c").count() == whole - ends.begin() + 1);
    }
  }
}

namespace {

// Bytes an article of 20,000 records in clusters of three sizes at level 3, with a dictionary
// trained as format 1's writer trains one: on the first 1 MiB of records, a 32nd of it in size,
// within 4 to 64 KiB.
void measure(const std::string& shape, const std::vector<Bytes>& records) {
  std::size_t rawBytes = 0;
  std::vector<Bytes> sample;
  for (const Bytes& r : records) {
    if (rawBytes < (1 << 20)) sample.push_back(r);
    rawBytes += r.size();
  }
  std::size_t sampled = 0;
  for (const Bytes& r : sample) sampled += r.size();
  const std::optional<Bytes> dictionary =
      internal::trainDictionary(sample, std::clamp<std::size_t>(sampled / 32, 4 << 10, 64 << 10));
  REQUIRE(dictionary);
  const double n = static_cast<double>(records.size());
  for (std::size_t target :
       {std::size_t{64} << 10, internal::kDefaultClusterTarget, std::size_t{1} << 20}) {
    const Gathered g = gather(records, target);
    const Stored stored = store(g.clusters, &*dictionary);
    MESSAGE(shape << ", target " << target << ": " << g.clusters.size() << " clusters, raw "
                  << static_cast<double>(rawBytes) / n << " B/article, stored "
                  << static_cast<double>(stored.file.size() - kHeader) / n
                  << " B/article, dictionary " << dictionary->size() << " B ("
                  << static_cast<double>(dictionary->size()) / n << " B/article)");
  }
}

}  // namespace

TEST_CASE("cluster: bytes per tiny article (a measurement: run with --no-skip)" * doctest::skip()) {
  std::mt19937 random(42);
  std::vector<Bytes> withBody;
  std::vector<Bytes> sevenWords;
  for (int i = 0; i < 20000; ++i) {
    withBody.push_back(internal::encodeArticleRecord(tinyArticle(random, i, 5), noExtent));
    Article a = tinyArticle(random, i, 0);
    a.headline = words(random, 7);
    sevenWords.push_back(internal::encodeArticleRecord(a, noExtent));
  }
  measure("3-7 word headline, byline, date, 5-word body", withBody);
  measure("7-word headline, byline, date, no body", sevenWords);
}

TEST_CASE("decompression: a frame decompressed into a reused buffer, and frames it refuses") {
  internal::Compressor compressor(3);
  internal::Decompressor decompressor;
  std::mt19937 random(7);
  Bytes big(300000), small(5000);
  for (auto& b : big) b = static_cast<std::uint8_t>('a' + random() % 4);
  for (auto& b : small) b = static_cast<std::uint8_t>('a' + random() % 26);
  const Bytes bigFrame = compressor.compress(big), smallFrame = compressor.compress(small);
  const internal::FrameLimits bigLimits{big.size(), 27}, smallLimits{small.size(), 27};

  // Into the same buffer, larger then smaller then larger again: exactly the raw bytes each time.
  Bytes raw;
  for (int round = 0; round < 2; ++round) {
    CHECK(decompressor.decompressInto(bigFrame, nullptr, bigLimits, raw).empty());
    CHECK(raw == big);
    CHECK(decompressor.decompressInto(smallFrame, nullptr, smallLimits, raw).empty());
    CHECK(raw == small);
  }
  // The same answers as the decompressor that hands out pieces.
  Bytes pieces;
  CHECK(decompressor
            .decompress(bigFrame, nullptr, bigLimits, 4096,
                        [&](std::span<const std::uint8_t> piece) {
                          pieces.insert(pieces.end(), piece.begin(), piece.end());
                        })
            .empty());
  CHECK(pieces == big);

  // A frame declaring another size than expected, cut short, or damaged inside.
  CHECK(decompressor.decompressInto(bigFrame, nullptr, smallLimits, raw) ==
        "zstd frame declares 300000 bytes of content; expected 5000");
  const Bytes cut(bigFrame.begin(),
                  bigFrame.begin() + static_cast<std::ptrdiff_t>(bigFrame.size() / 2));
  CHECK_FALSE(decompressor.decompressInto(cut, nullptr, bigLimits, raw).empty());
  Bytes damaged = bigFrame;
  for (std::size_t i = 20; i < damaged.size(); i += 7) damaged[i] ^= 0x5a;
  CHECK_FALSE(decompressor.decompressInto(damaged, nullptr, bigLimits, raw).empty());
  // After a refusal the decompressor and the buffer serve the next frame as before.
  CHECK(decompressor.decompressInto(smallFrame, nullptr, smallLimits, raw).empty());
  CHECK(raw == small);
}
