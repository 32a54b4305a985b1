// The article index (core/common/index_entry.h, core/write/index_tree_writer.h,
// core/read/index_tree_reader.h): the copying rules, the pages' size bound against their real
// encoding, trees of 0, 1 and many entries read back by id, by position and in order, and what
// the reader refuses: every one-byte change of a leaf, hostile columns, pages that disagree with
// their parent.
#include <archive_news/error.h>
#include <capnp/message.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/common/canonical_message.h"
#include "core/common/container.h"
#include "core/read/decompression.h"
#include "core/read/index_page_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/index_tree_writer.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace archive_news::internal;
using namespace newsarc_test;

namespace {

const std::string kName = "i.newsarc";
const ReaderOptions kOptions;
constexpr std::uint64_t kHeader = 32;

ExtentRef fakeCluster(std::uint64_t n) {
  ExtentRef ref;
  ref.offset = 8 * 1024 * (n + 1);
  ref.storedSize = 5000 + n;
  ref.rawSize = 262144;
  ref.compressed = true;
  // Digests as incompressible as real ones (splitmix64 of n).
  std::uint64_t state = n;
  for (std::size_t b = 0; b < ref.storedDigest.size(); b += 8) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    z ^= z >> 31;
    for (std::size_t k = 0; k < 8; ++k)
      ref.storedDigest[b + k] = static_cast<std::uint8_t>(z >> (8 * k));
  }
  return ref;
}

// Entry i: ids sort by their 8-digit prefix; `pad` bytes make ids and headlines long.
IndexEntry entry(std::uint64_t i, std::size_t pad = 0) {
  char number[16];
  std::snprintf(number, sizeof number, "%08llu", static_cast<unsigned long long>(i));
  IndexEntry e;
  e.id = std::string("urn:a:") + number + std::string(pad, 'x');
  e.headline = "Harbour " + std::to_string(i) + std::string(pad, 'h');
  if (i % 3 != 0) e.firstcreated = "2024-03-01T09:30:00+09:00";
  if (i % 5 == 0) e.versioncreated = "";
  for (std::uint64_t k = 0; k < i % 4; ++k) e.bylineNames.push_back("Kim " + std::to_string(k));
  e.imageCount = static_cast<std::uint32_t>(i % 7);
  e.attachmentCount = static_cast<std::uint32_t>(i % 2);
  e.contentSize = 1000 + i;
  // Clusters hold 40 records in an order unlike the ids', so pages share and reorder clusters.
  e.cluster = fakeCluster((i * 7919) % 997 / 40);
  e.recordNumber = static_cast<std::uint32_t>(i % 40);
  return e;
}

std::vector<IndexEntry> entries(std::uint64_t count, std::size_t pad = 0) {
  std::vector<IndexEntry> out;
  for (std::uint64_t i = 0; i < count; ++i) out.push_back(entry(i, pad));
  return out;
}

// A file of a header's zero bytes and the tree's pages.
struct Built {
  Bytes file;
  PageTreeRef tree;
};

Built build(const std::vector<IndexEntry>& items) {
  Built built;
  built.file.assign(kHeader, 0);
  MemorySink sink(built.file);
  ExtentAppender appender(sink, kHeader);
  Compressor compressor(3);
  IndexTreeWriter writer(appender, compressor);
  for (const IndexEntry& e : items) writer.add(e);
  built.tree = writer.finish();
  return built;
}

ExtentReader extentsOf(const Built& built) {
  return ExtentReader(built.file, kName, kHeader, built.file.size(), kOptions);
}

std::vector<IndexEntry> readAll(IndexTreeReader& reader) {
  std::vector<IndexEntry> out;
  reader.forEach([&](const IndexEntry& e) { out.push_back(e); });
  return out;
}

// Every page's raw size by level (0: leaves), read the plain way.
void pageSizes(const ExtentReader& extents, const ExtentRef& page, unsigned level,
               std::vector<std::vector<std::uint64_t>>& sizes) {
  Decompressor decompressor;
  const Bytes raw = extents.decode(page, kMaxPageSize, nullptr, decompressor, "page");
  if (sizes.size() <= level) sizes.resize(level + 1);
  sizes[level].push_back(raw.size());
  if (level == 0) return;
  const IndexInnerPage inner = decodeIndexInnerPage(raw, PagePlace{kName, page.offset}, kOptions);
  for (const auto& child : inner.children) pageSizes(extents, child.ref, level - 1, sizes);
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("index: UTF-8 cutting keeps whole characters") {
  CHECK(cutUtf8("abc", 3) == "abc");
  CHECK(cutUtf8("abc", 2) == "ab");
  CHECK(cutUtf8("a\xc3\xa9", 2) == "a");          // é: 2 bytes, cut inside
  CHECK(cutUtf8("a\xe2\x82\xac", 3) == "a");      // €: 3 bytes, cut after its second byte
  CHECK(cutUtf8("a\xe2\x82\xac", 2) == "a");      // after its first
  CHECK(cutUtf8("a\xf0\x9f\x98\x80", 4) == "a");  // 😀: 4 bytes
  CHECK(cutUtf8("a\xf0\x9f\x98\x80z", 5) == "a\xf0\x9f\x98\x80");

  IndexSource source;
  source.id = "urn:1";
  const std::string headline = std::string(1023, 'a') + "\xc3\xa9";  // é across byte 1024
  source.headline = headline;
  IndexEntry e = makeIndexEntry(source);
  CHECK(e.headline == std::string(1023, 'a'));
  CHECK(e.headlineCut);
  const std::string exact(1024, 'b');
  source.headline = exact;
  e = makeIndexEntry(source);
  CHECK(e.headline == exact);
  CHECK_FALSE(e.headlineCut);

  const std::string longName = std::string(254, 'n') + "\xe2\x82\xac";  // € over byte 256
  std::vector<std::string> names(20, "Kim");
  names[3] = longName;
  for (const std::string& name : names) source.bylineNames.push_back(name);
  e = makeIndexEntry(source);
  REQUIRE(e.bylineNames.size() == kMaxIndexBylines);
  CHECK(e.bylineNames[3] == std::string(254, 'n'));
  CHECK(e.bylineNames[0] == "Kim");

  const std::string id1024(1024, 'i'), id1025(1025, 'i');
  source.id = id1024;
  CHECK(makeIndexEntry(source).id == id1024);
  source.id = id1025;
  CHECK(codeOf([&] { makeIndexEntry(source); }) == ErrorCode::kInvalidArgument);
  source.id = "urn:1";
  const std::string time(65, '1');
  source.firstcreated = time;
  CHECK(codeOf([&] { makeIndexEntry(source); }) == ErrorCode::kInvalidArgument);
}

TEST_CASE("index: the entry copies the record's pubstatus as its code") {
  Article article;
  article.uri = "urn:status";
  CHECK(indexEntryOf(article, 10).pubstatus == PubStatus::kAbsent);
  article.pubstatus = "usable";
  CHECK(indexEntryOf(article, 10).pubstatus == PubStatus::kUsable);
  article.pubstatus = "withheld";
  CHECK(indexEntryOf(article, 10).pubstatus == PubStatus::kWithheld);
  article.pubstatus = "canceled";
  CHECK(indexEntryOf(article, 10).pubstatus == PubStatus::kCanceled);
  article.pubstatus = "Canceled";
  CHECK(codeOf([&] { indexEntryOf(article, 10); }) == ErrorCode::kInvalidArgument);
  for (std::uint8_t code = 0; code <= kMaxPubStatusCode; ++code) {
    const auto status = static_cast<PubStatus>(code);
    CHECK(pubStatusCode(pubStatusText(status)) == status);
  }
  CHECK_FALSE(pubStatusText(PubStatus::kAbsent).has_value());
  CHECK(pubStatusText(PubStatus::kWithheld) == "withheld");
  CHECK_FALSE(pubStatusCode(std::string("")).has_value());
}

TEST_CASE("index: the size bound of a page against its real encoding") {
  IndexLeafBuilder leaf;
  std::uint64_t clusters = 0;
  std::vector<std::uint64_t> seen;
  for (std::uint64_t i = 0; i < 400; ++i) {
    const IndexEntry e = entry(i * 13, i % 17);
    if (leaf.sizeWith(e) > kMaxPageSize) break;
    const std::uint64_t predicted = leaf.sizeWith(e);
    leaf.add(e);
    CHECK(leaf.size() == predicted);
    if (std::find(seen.begin(), seen.end(), e.cluster.offset) == seen.end()) {
      seen.push_back(e.cluster.offset);
      ++clusters;
    }
    const std::uint64_t actual = leaf.encode().size();
    REQUIRE(actual <= leaf.size());
    CHECK(leaf.size() - actual <= 8 * clusters);
  }
  IndexInnerBuilder inner(1);
  for (std::uint64_t i = 0; i < 50; ++i) {
    inner.add({entry(i, i).id, fakeCluster(i), i + 1});
    CHECK(inner.encode().size() == inner.size());
  }
}

namespace {

// Entry i with its record at `record` of `cluster`.
IndexEntry placed(std::uint64_t i, const ExtentRef& cluster, std::uint32_t record) {
  IndexEntry e = entry(i);
  e.cluster = cluster;
  e.recordNumber = record;
  return e;
}

struct LeafRuns {
  std::vector<std::uint16_t> clusters;
  std::vector<std::uint32_t> lengths, firstRecords;
};

// Builds a leaf of `entries`, each size predicted exactly, reads it back whole and gives its runs.
LeafRuns roundTrip(const std::vector<IndexEntry>& entries) {
  IndexLeafBuilder leaf;
  std::vector<std::uint64_t> seen;
  for (const IndexEntry& e : entries) {
    const std::uint64_t predicted = leaf.sizeWith(e);
    leaf.add(e);
    CHECK(leaf.size() == predicted);
    if (std::find(seen.begin(), seen.end(), e.cluster.offset) == seen.end())
      seen.push_back(e.cluster.offset);
  }
  const Bytes bytes = leaf.encode();
  CHECK(bytes.size() <= leaf.size());
  CHECK(leaf.size() - bytes.size() <= 8 * seen.size());
  CHECK(decodeIndexLeafPage(bytes, PagePlace{kName, 64}, kOptions) == entries);
  CanonicalMessageView view(bytes, kName, 0, kOptions, "page");
  const auto page = view.root<schema::IndexLeafPage>();
  LeafRuns runs;
  for (auto c : page.getRunClusters()) runs.clusters.push_back(c);
  for (auto l : page.getRunLengths()) runs.lengths.push_back(l);
  for (auto f : page.getRunFirstRecords()) runs.firstRecords.push_back(f);
  return runs;
}

}  // namespace

TEST_CASE("index: a leaf over several clusters is a run a cluster") {
  // Three clusters used in an order unlike their offsets': the table is in offset order.
  const ExtentRef a = fakeCluster(5), b = fakeCluster(2), c = fakeCluster(9);
  std::vector<IndexEntry> entries;
  for (std::uint32_t i = 0; i < 20; ++i) entries.push_back(placed(i, a, 30 + i));
  for (std::uint32_t i = 0; i < 20; ++i) entries.push_back(placed(20 + i, b, i));
  for (std::uint32_t i = 0; i < 20; ++i) entries.push_back(placed(40 + i, c, i));
  const LeafRuns runs = roundTrip(entries);
  CHECK(runs.clusters == std::vector<std::uint16_t>{1, 0, 2});
  CHECK(runs.lengths == std::vector<std::uint32_t>{20, 20, 20});
  CHECK(runs.firstRecords == std::vector<std::uint32_t>{30, 0, 0});
}

TEST_CASE("index: runs alternating between two clusters, gaps and the last record number") {
  const ExtentRef old = fakeCluster(3), fresh = fakeCluster(7);
  std::vector<IndexEntry> entries;
  // Pairs alternating between an old cluster and a new one, as after an append (issue 16).
  for (std::uint32_t i = 0; i < 10; ++i) {
    const bool inOld = (i / 2) % 2 == 0;
    entries.push_back(placed(i, inOld ? old : fresh, (inOld ? 100 : 0) + i));
  }
  // A gap in the record numbers starts a run; so does 0 after 2^32 - 1 (no wrap-around).
  entries.push_back(placed(10, fresh, 50));
  entries.push_back(placed(11, fresh, 0xFFFFFFFEu));
  entries.push_back(placed(12, fresh, 0xFFFFFFFFu));
  entries.push_back(placed(13, fresh, 0));
  const LeafRuns runs = roundTrip(entries);
  CHECK(runs.clusters == std::vector<std::uint16_t>{0, 1, 0, 1, 0, 1, 1, 1});
  CHECK(runs.lengths == std::vector<std::uint32_t>{2, 2, 2, 2, 2, 1, 2, 1});
  CHECK(runs.firstRecords == std::vector<std::uint32_t>{100, 2, 104, 6, 108, 50, 0xFFFFFFFEu, 0});
}

TEST_CASE("index: an empty index is one empty leaf") {
  const Built built = build({});
  CHECK(built.tree.depth == 1);
  CHECK(built.tree.count == 0);
  const ExtentReader extents = extentsOf(built);
  IndexTreeReader reader(extents, built.tree, kOptions);
  CHECK(readAll(reader).empty());
  CHECK_FALSE(reader.find("urn:a").has_value());
  CHECK_FALSE(reader.find("").has_value());
  CHECK(codeOf([&] { reader.at(0); }) == ErrorCode::kInvalidArgument);
  // An empty leaf is the empty index only: under a count of 1 it is refused.
  PageTreeRef wrong = built.tree;
  wrong.count = 1;
  IndexTreeReader lying(extents, wrong, kOptions);
  CHECK(contains(errorOf([&] { readAll(lying); }), "leaf of 0 entries; expected 1"));
}

TEST_CASE("index: one entry") {
  const Built built = build({entry(7)});
  CHECK(built.tree.depth == 1);
  CHECK(built.tree.count == 1);
  const ExtentReader extents = extentsOf(built);
  IndexTreeReader reader(extents, built.tree, kOptions);
  CHECK(readAll(reader) == std::vector<IndexEntry>{entry(7)});
  CHECK(reader.find(entry(7).id) == entry(7));
  CHECK_FALSE(reader.find(entry(6).id).has_value());
  CHECK_FALSE(reader.find(entry(8).id).has_value());
  CHECK(reader.at(0) == entry(7));
}

TEST_CASE("index: the writer refuses duplicate and unordered ids") {
  Bytes file(kHeader, 0);
  MemorySink sink(file);
  ExtentAppender appender(sink, kHeader);
  Compressor compressor(3);
  IndexTreeWriter writer(appender, compressor);
  writer.add(entry(2));
  CHECK(contains(errorOf([&] { writer.add(entry(2)); }), "duplicate id"));
  CHECK(contains(errorOf([&] { writer.add(entry(1)); }), "out of order"));
  IndexEntry longId = entry(3);
  longId.id += std::string(1100, 'z');
  CHECK(codeOf([&] { writer.add(longId); }) == ErrorCode::kInvalidArgument);
  writer.add(entry(3));
  CHECK(writer.finish().count == 2);
}

TEST_CASE("index: 20,000 long entries make a tree of depth 3 read back every way") {
  const std::vector<IndexEntry> items = entries(20000, 900);
  const Built built = build(items);
  CHECK(built.tree.depth >= 3);
  CHECK(built.tree.count == items.size());
  const ExtentReader extents = extentsOf(built);

  std::vector<std::vector<std::uint64_t>> sizes;
  pageSizes(extents, built.tree.root, built.tree.depth - 1u, sizes);
  CHECK(sizes.back().size() == 1);
  CHECK(sizes.back().front() <= kMaxRootPageSize);
  for (const auto& level : sizes) {
    const std::uint64_t target = &level == &sizes.front() ? kIndexLeafTarget : kMaxPageSize;
    for (std::size_t i = 0; i < level.size(); ++i) {
      CHECK(level[i] <= target);
      // Pages are full but the last of a level: the bound is tight.
      if (i + 1 < level.size()) CHECK(level[i] > target - 4096);
    }
  }

  IndexTreeReader reader(extents, built.tree, kOptions);
  CHECK(readAll(reader) == items);
  for (std::size_t i = 0; i < items.size(); i += 97) {
    CHECK(reader.find(items[i].id) == items[i]);
    CHECK(reader.at(i) == items[i]);
    CHECK_FALSE(reader.find(items[i].id + '\0').has_value());  // between i and i + 1
  }
  CHECK(reader.at(items.size() - 1) == items.back());
  CHECK_FALSE(reader.find("").has_value());
  CHECK_FALSE(reader.find("urn:a:").has_value());  // before the first
  CHECK_FALSE(reader.find("urn:b").has_value());   // after the last
  CHECK(reader.find(items.back().id) == items.back());
  CHECK(codeOf([&] { reader.at(items.size()); }) == ErrorCode::kInvalidArgument);

  // The pages lie in post-order, each right after the previous one (a verifier checks their
  // coverage in one pass): a walk that reports each page after its children meets them in
  // file order.
  IndexTreeReader walk(extents, built.tree, kOptions);
  std::uint64_t end = kHeader;
  std::size_t pages = 0;
  walk.onPage([&](const ExtentRef& page) {
    CHECK(page.offset == alignUp(end));
    end = page.end();
    ++pages;
  });
  walk.forEach([](const IndexEntry&) {});
  CHECK(pages > sizes.front().size() + 2);
  CHECK(end == built.tree.root.end());
}

TEST_CASE("index: at(i) for every i and 20,000 tiny entries") {
  const std::vector<IndexEntry> mid = entries(1500, 40);
  const Built built = build(mid);
  CHECK(built.tree.depth == 2);
  const ExtentReader extents = extentsOf(built);
  IndexTreeReader reader(extents, built.tree, kOptions);
  for (std::size_t i = 0; i < mid.size(); ++i) REQUIRE(reader.at(i) == mid[i]);

  const std::vector<IndexEntry> tiny = entries(20000);
  const Built small = build(tiny);
  const ExtentReader smallExtents = extentsOf(small);
  IndexTreeReader smallReader(smallExtents, small.tree, kOptions);
  CHECK(readAll(smallReader) == tiny);
  std::vector<std::vector<std::uint64_t>> sizes;
  pageSizes(smallExtents, small.tree.root, small.tree.depth - 1u, sizes);
  std::uint64_t raw = 0;
  for (const auto& level : sizes)
    for (std::uint64_t size : level) raw += size;
  MESSAGE("20,000 tiny entries: depth ", int{small.tree.depth}, ", ", sizes.front().size(),
          " leaves, ", raw, " raw bytes, ", small.file.size() - kHeader, " stored bytes");

  // The worst case for the cluster tables: every entry's record in a cluster of its own (records
  // in an order unrelated to the ids, clusters far more numerous than a leaf's entries).
  std::vector<IndexEntry> scattered = tiny;
  for (std::size_t i = 0; i < scattered.size(); ++i) scattered[i].cluster = fakeCluster(i);
  const Built worst = build(scattered);
  const ExtentReader worstExtents = extentsOf(worst);
  IndexTreeReader worstReader(worstExtents, worst.tree, kOptions);
  CHECK(readAll(worstReader) == scattered);
  std::vector<std::vector<std::uint64_t>> worstSizes;
  pageSizes(worstExtents, worst.tree.root, worst.tree.depth - 1u, worstSizes);
  MESSAGE("20,000 tiny entries, a cluster each: ", worstSizes.front().size(), " leaves, ",
          worst.file.size() - kHeader, " stored bytes");
}

namespace {

// A small leaf page's raw bytes.
Bytes smallLeaf() {
  IndexLeafBuilder leaf;
  for (std::uint64_t i = 0; i < 4; ++i) leaf.add(entry(i));
  return leaf.encode();
}

// What the decoder makes of a mutated leaf: refused with a corruption, or entries that obey
// every rule (they re-encode to a page that decodes to themselves).
void checkLeafOutcome(const Bytes& bytes) {
  std::vector<IndexEntry> decoded;
  try {
    decoded = decodeIndexLeafPage(bytes, PagePlace{kName, 64}, kOptions);
  } catch (const Error& e) {
    CHECK((e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
           e.code() == ErrorCode::kUnsupported));
    CHECK(e.offset().has_value());
    return;
  }
  IndexLeafBuilder again;
  for (std::size_t i = 0; i < decoded.size(); ++i) {
    checkIndexEntryLimits(decoded[i]);
    if (i > 0) CHECK(decoded[i - 1].id < decoded[i].id);
    again.add(decoded[i]);
  }
  CHECK(decodeIndexLeafPage(again.encode(), PagePlace{kName, 64}, kOptions) == decoded);
}

// A valid page's message, open to changes, then encoded again.
template <typename Page>
Bytes changed(const Bytes& valid, const std::function<void(typename Page::Builder)>& change) {
  CanonicalMessageView view(valid, kName, 0, kOptions, "page");
  capnp::MallocMessageBuilder message;
  message.setRoot(view.root<Page>());
  change(message.getRoot<Page>());
  return canonicalMessage(message.getRoot<Page>().asReader());
}

std::string leafError(const std::function<void(schema::IndexLeafPage::Builder)>& change) {
  const Bytes bytes = changed<schema::IndexLeafPage>(smallLeaf(), change);
  return errorOf([&] { decodeIndexLeafPage(bytes, PagePlace{kName, 64}, kOptions); });
}

Bytes smallInner() {
  IndexInnerBuilder inner(1);
  for (std::uint64_t i = 0; i < 3; ++i) inner.add({entry(i * 10).id, fakeCluster(i), 10});
  return inner.encode();
}

std::string innerError(const std::function<void(schema::IndexInnerPage::Builder)>& change) {
  const Bytes bytes = changed<schema::IndexInnerPage>(smallInner(), change);
  return errorOf([&] { decodeIndexInnerPage(bytes, PagePlace{kName, 64}, kOptions); });
}

}  // namespace

TEST_CASE("index: every one-byte change of a leaf is refused or obeys the rules") {
  const Bytes valid = smallLeaf();
  CHECK(decodeIndexLeafPage(valid, PagePlace{kName, 64}, kOptions) == entries(4));
  for (std::size_t at = 0; at < valid.size(); ++at) {
    for (const std::uint8_t value : {0x00, 0x01, 0x7f, 0x80, 0xff}) {
      Bytes bytes = valid;
      if (bytes[at] == value) continue;
      bytes[at] = value;
      checkLeafOutcome(bytes);
    }
    Bytes flipped = valid;
    flipped[at] ^= 0x04;
    checkLeafOutcome(flipped);
  }
  const Bytes inner = smallInner();
  for (std::size_t at = 0; at < inner.size(); ++at) {
    Bytes bytes = inner;
    bytes[at] ^= 0x21;
    try {
      const IndexInnerPage page = decodeIndexInnerPage(bytes, PagePlace{kName, 64}, kOptions);
      CHECK(page.level >= 1);
      CHECK_FALSE(page.children.empty());
    } catch (const Error& e) {
      CHECK((e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
             e.code() == ErrorCode::kUnsupported));
    }
  }
}

TEST_CASE("index: hostile leaf columns are refused, naming the file and page") {
  const std::string ok = leafError([](auto) {});
  CHECK(ok == "accepted");
  const std::string beyond = leafError([](auto p) { p.getIdLengths().set(3, 9999); });
  CHECK(contains(beyond, "i.newsarc: offset 64: index leaf page: ids lengths[3] is 9999"));
  CHECK(contains(leafError([](auto p) { p.getIdLengths().set(0, 13); }),
                 "ids has 56 bytes; expected 55, the sum of its lengths"));
  CHECK(contains(leafError([](auto p) { p.getHeadlineLengths().set(3, 1); }),
                 "headlines has 36 bytes; expected 28, the sum of its lengths"));
  CHECK(contains(leafError([](auto p) { p.initHeadlineLengths(3); }),
                 "headlines lengths has 3 values; expected 4"));
  CHECK(contains(leafError([](auto p) { p.initImageCounts(3); }), "image counts has 3 values"));
  CHECK(contains(leafError([](auto p) { p.initHeadlineCut(0); }), "headline cut flags"));
  CHECK(contains(leafError([](auto p) { p.initFirstcreatedPresent(4); }),
                 "firstcreated 1 is absent but has 25 bytes"));
  CHECK(contains(leafError([](auto p) { p.getBylineCounts().set(0, 1); }),
                 "byline names lengths has 6 values; expected 7"));
  CHECK(contains(leafError([](auto p) { p.getBylineCounts().set(3, 17); }), "at most 16"));
  // Ids out of order: swap the first two (same length).
  CHECK(contains(leafError([](auto p) {
                   auto ids = p.getIds();
                   for (unsigned i = 0; i < 14; ++i) std::swap(ids[i], ids[14 + i]);
                 }),
                 "id 1 is not after id 0"));
  CHECK(contains(leafError([](auto p) {
                   auto ids = p.getIds();
                   ids[27] = '0';  // "urn:a:00000001" becomes "urn:a:00000000"
                 }),
                 "expected ids strictly increasing"));
  CHECK(contains(leafError([](auto p) { p.getIds()[0] = 0; }), "not text"));
  CHECK(contains(leafError([](auto p) { p.getClusters()[0].setOffset(4); }), "multiple of 8"));
  // One cluster used by no run: every run moved to the first cluster of the table.
  CHECK(contains(leafError([](auto p) {
                   auto rc = p.getRunClusters();
                   for (unsigned r = 0; r < rc.size(); ++r) rc.set(r, 0);
                 }),
                 "cluster 1 is used by no run"));
}

TEST_CASE("index: hostile leaf runs are refused, naming the file and page") {
  // smallLeaf's four entries are runs of one (entry(i) scatters records over clusters).
  CHECK(leafError([](auto p) { REQUIRE(p.getRunLengths().size() == 4); }) == "accepted");
  CHECK(contains(leafError([](auto p) { p.getRunLengths().set(1, 0); }),
                 "i.newsarc: offset 64: index leaf page: run 1 has length 0; expected at least 1"));
  CHECK(contains(leafError([](auto p) { p.getRunLengths().set(1, 2); }),
                 "run 3 has length 1 past the entries; expected the run lengths to sum to 4"));
  CHECK(contains(leafError([](auto p) { p.getRunLengths().set(3, 0x80000000u); }),
                 "run 3 has length 2147483648 past the entries"));
  CHECK(contains(leafError([](auto p) { p.initRunLengths(3); }),
                 "run lengths has 3 values; expected 4"));
  CHECK(contains(leafError([](auto p) { p.initRunFirstRecords(5); }),
                 "run first records has 5 values; expected 4"));
  CHECK(contains(leafError([](auto p) {
                   p.initRunClusters(3);
                   auto lengths = p.initRunLengths(3);
                   p.initRunFirstRecords(3);
                   for (unsigned r = 0; r < 3; ++r) lengths.set(r, 1);
                 }),
                 "run lengths sum to 3; expected 4, the entries"));
  CHECK(contains(leafError([](auto p) { p.getRunClusters().set(2, 40); }),
                 "run 2 has cluster 40; expected less than"));
  // Record numbers past uint32: run 0 of two entries from 2^32 - 1.
  CHECK(contains(leafError([](auto p) {
                   p.getRunLengths().set(0, 2);
                   p.getRunFirstRecords().set(0, 0xFFFFFFFFu);
                 }),
                 "run 0 starts at record 4294967295 with length 2; expected its last record "
                 "number below 2^32"));
  // The last record number a uint32 holds is accepted.
  const Bytes top = changed<schema::IndexLeafPage>(
      smallLeaf(), [](auto p) { p.getRunFirstRecords().set(3, 0xFFFFFFFFu); });
  CHECK(decodeIndexLeafPage(top, PagePlace{kName, 64}, kOptions)[3].recordNumber == 0xFFFFFFFFu);
}

TEST_CASE("index: inner page columns are refused, naming the file and page") {
  CHECK(contains(innerError([](auto) {}), "accepted"));
  CHECK(contains(innerError([](auto p) { p.setLevel(0); }), "level 0"));
  CHECK(contains(innerError([](auto p) { p.initChildren(0); }), "no child"));
  CHECK(contains(innerError([](auto p) { p.getArticleCounts().set(1, 0); }), "article count 1"));
  CHECK(contains(innerError([](auto p) { p.initArticleCounts(2); }), "article counts has 2"));
  CHECK(contains(innerError([](auto p) { p.getFirstIdLengths().set(0, 15); }), "first id"));
  CHECK(contains(innerError([](auto p) { p.getChildren()[1].setWithDictionary(true); }),
                 "dictionary"));
}

namespace {

// A depth-2 tree written by hand: leaves of the given entries, then a root listing them under
// `firstIds` (the true first ids unless a test lies).
Built handTree(const std::vector<std::vector<IndexEntry>>& leaves,
               const std::vector<std::string>& firstIds, std::vector<std::uint64_t> counts = {}) {
  Built built;
  built.file.assign(kHeader, 0);
  MemorySink sink(built.file);
  ExtentAppender appender(sink, kHeader);
  IndexInnerBuilder root(1);
  std::vector<ExtentRef> refs;
  for (const auto& entries : leaves) {
    IndexLeafBuilder leaf;
    for (const IndexEntry& e : entries) leaf.add(e);
    refs.push_back(appender.appendRaw(leaf.encode()));
  }
  for (std::size_t i = 0; i < firstIds.size(); ++i) {
    const std::size_t leaf = std::min(i, refs.size() - 1);
    root.add({firstIds[i], refs[leaf], counts.empty() ? leaves[leaf].size() : counts[i]});
  }
  built.tree = {appender.appendRaw(root.encode()), 2, root.count()};
  return built;
}

std::string treeError(const Built& built, const PageTreeRef& tree) {
  const ExtentReader extents = extentsOf(built);
  return errorOf([&] {
    IndexTreeReader reader(extents, tree, kOptions);
    readAll(reader);
  });
}

}  // namespace

TEST_CASE("index: pages that disagree with their parent or the tree are refused") {
  const std::vector<IndexEntry> a = {entry(1), entry(2)}, b = {entry(3), entry(4)};
  const Built good = handTree({a, b}, {a[0].id, b[0].id});
  CHECK(treeError(good, good.tree) == "accepted");

  const Built firstId = handTree({a, b}, {a[0].id, entry(3, 1).id});
  CHECK(contains(treeError(firstId, firstId.tree), "first id differs"));
  const Built count = handTree({a, b}, {a[0].id, b[0].id}, {2, 3});
  CHECK(contains(treeError(count, count.tree), "leaf of 2 entries; expected 3"));
  // The same leaf listed twice: its first id cannot be the second one's.
  const Built twice = handTree({a}, {a[0].id, b[0].id});
  CHECK(contains(treeError(twice, twice.tree), "first id differs"));
  // Leaves overlapping: the second starts before the first ends.
  const std::vector<IndexEntry> c = {entry(2), entry(5)};
  const Built overlap = handTree({a, c}, {a[0].id, c[0].id});
  CHECK(contains(treeError(overlap, overlap.tree), "strictly increasing across pages"));

  PageTreeRef deeper = good.tree;
  deeper.depth = 3;
  CHECK(contains(treeError(good, deeper), "inner page of level 1; expected 2"));
  PageTreeRef shallower = good.tree;
  shallower.depth = 1;
  CHECK(contains(treeError(good, shallower), "index leaf page"));
  PageTreeRef none = good.tree;
  none.depth = 0;
  CHECK(contains(treeError(good, none), "depth 0; expected 1 to 16"));
  none.depth = 17;
  CHECK(contains(treeError(good, none), "depth 17"));
  PageTreeRef counted = good.tree;
  counted.count = 5;
  CHECK(contains(treeError(good, counted), "inner page of 4 articles; expected 5"));
  PageTreeRef digest = good.tree;
  digest.root.storedDigest[0] ^= 1;
  CHECK(contains(treeError(good, digest), "SHA-256"));
}

TEST_CASE("index: cached pages answer as decoded ones and are still checked against the parent") {
  const std::vector<IndexEntry> items = entries(20000, 900);
  const Built built = build(items);
  REQUIRE(built.tree.depth >= 3);
  const ExtentReader extents = extentsOf(built);
  // Lookups jumping across the tree, so that pages leave the cache and come back.
  for (std::uint64_t owner : {1u, 2u}) {
    IndexTreeReader cached(extents, built.tree, kOptions, owner);
    for (std::size_t k = 0; k < 3000; ++k) {
      const std::size_t i = (k * 7919) % items.size();
      REQUIRE(cached.at(i) == items[i]);
      const std::optional<IndexTreeReader::Located> found = cached.locate(items[i].id);
      REQUIRE(found);
      CHECK(found->position == i);
      CHECK(found->entry == items[i]);
      CHECK_FALSE(cached.find(items[i].id + '\0').has_value());
    }
  }

  // The same leaf listed twice: the second listing, found in the cache, is refused as the
  // decoded page is.
  const std::vector<IndexEntry> a = {entry(1), entry(2)}, b = {entry(3), entry(4)};
  const Built twice = handTree({a}, {a[0].id, b[0].id});
  const ExtentReader twiceExtents = extentsOf(twice);
  IndexTreeReader reader(twiceExtents, twice.tree, kOptions, 3);
  CHECK(reader.find(a[1].id) == a[1]);
  CHECK(contains(errorOf([&] { reader.find(b[0].id); }), "first id differs"));
  CHECK(contains(errorOf([&] { reader.at(3); }), "first id differs"));
  CHECK(reader.at(1) == a[1]);
}

TEST_CASE("index: streaming from a position, stopping early") {
  const std::vector<IndexEntry> items = entries(3000, 60);
  const Built built = build(items);
  REQUIRE(built.tree.depth >= 2);
  const ExtentReader extents = extentsOf(built);
  IndexTreeReader reader(extents, built.tree, kOptions);
  for (const std::uint64_t first : {0, 1, 299, 1234, 2999, 3000, 5000}) {
    std::vector<IndexEntry> seen;
    reader.forEachFrom(first, [&](const IndexEntry& e) {
      seen.push_back(e);
      return seen.size() < 250;
    });
    const std::size_t begin = std::min<std::size_t>(first, items.size());
    const std::size_t end = std::min<std::size_t>(begin + 250, items.size());
    CHECK(seen == std::vector<IndexEntry>(items.begin() + begin, items.begin() + end));
  }
}

TEST_CASE("index: a root over 48 KiB, a page over 64 KiB, a page with a dictionary are refused") {
  IndexLeafBuilder big;
  for (std::uint64_t i = 0; big.size() < 50 * 1024; ++i) big.add(entry(i, 900));
  Built built;
  built.file.assign(kHeader, 0);
  MemorySink sink(built.file);
  ExtentAppender appender(sink, kHeader);
  const ExtentRef leaf = appender.appendRaw(big.encode());
  built.tree = {leaf, 1, big.count()};
  CHECK(contains(treeError(built, built.tree), "expected at most 49152 (a root page)"));

  IndexInnerBuilder root(1);
  root.add({entry(0, 900).id, leaf, big.count()});
  built.tree = {appender.appendRaw(root.encode()), 2, big.count()};
  CHECK(treeError(built, built.tree) == "accepted");  // a child may be up to 64 KiB

  PageTreeRef dictionary = built.tree;
  dictionary.root.compressed = true;
  dictionary.root.withDictionary = true;
  CHECK(contains(treeError(built, dictionary), "compressed with the dictionary"));
  PageTreeRef huge = built.tree;
  huge.root.compressed = true;
  huge.root.rawSize = kMaxPageSize + 8;
  CHECK(contains(treeError(built, huge), "raw size 65544; expected at most 49152"));
}

// The format allows 64 KiB a leaf, nine such entries; the writer's 16 KiB leaves hold two.
TEST_CASE("index: entries as large as the format allows, at least two a leaf") {
  std::vector<IndexEntry> items;
  for (std::uint64_t i = 0; i < 200; ++i) {
    IndexEntry e = entry(i, 0);
    e.id.resize(kMaxIndexIdSize, 'x');
    e.headline.assign(kMaxIndexHeadlineSize, 'h');
    e.headlineCut = true;
    e.firstcreated = std::string(kMaxIndexTimeSize, '1');
    e.versioncreated = std::string(kMaxIndexTimeSize, '2');
    e.bylineNames.assign(kMaxIndexBylines, std::string(kMaxIndexBylineSize, 'n'));
    e.cluster = fakeCluster(i);
    items.push_back(e);
  }
  const Built built = build(items);
  const ExtentReader extents = extentsOf(built);
  IndexTreeReader reader(extents, built.tree, kOptions);
  CHECK(readAll(reader) == items);
  std::vector<std::vector<std::uint64_t>> sizes;
  pageSizes(extents, built.tree.root, built.tree.depth - 1u, sizes);
  CHECK(sizes.front().size() <= (items.size() + 1) / 2);
  for (const std::uint64_t size : sizes.front()) CHECK(size <= kIndexLeafTarget);
  for (const auto& level : sizes)
    for (const std::uint64_t size : level) CHECK(size <= kMaxPageSize);
}
