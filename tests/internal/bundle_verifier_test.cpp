// The verifier (core/verify/bundle_verifier.h) over bundles made by the assembler: a good bundle
// passes every check, full, quick and per article; every one-byte change and every truncation of
// a signed bundle fails full verification; targeted damage is reported under the right check
// with its offset; quick verification reads only the tail; an article is proved alone; and the
// report of a badly damaged bundle stays bounded.
#include "core/verify/bundle_verifier.h"

#include <archive_news/secret_key.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/common/content_extent.h"
#include "core/common/sha256.h"
#include "core/read/extent_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/read/tail_reader.h"
#include "core/write/bundle_assembler.h"
#include "core/write/compression.h"
#include "core/write/index_tree_writer.h"
#include "core/write/tail_writer.h"
#include "vector_sink.h"

using namespace archive_news;
using namespace archive_news::internal;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ReaderOptions kOptions;
const std::string kName = "v.newsarc";

Article article(int i, std::mt19937& random) {
  static const char* kWords[] = {"harbour", "council", "budget", "ferry", "storm", "minister"};
  Article a;
  a.uri = "urn:v:" + std::to_string(random() % 100000) + "-" + std::to_string(i);
  for (int w = 0; w < 5; ++w) a.headline += std::string(w ? " " : "") + kWords[random() % 6];
  a.firstcreated = "2024-03-0" + std::to_string(1 + i % 9) + "T09:30:00Z";
  a.bylines = {{"Reporter " + std::to_string(i % 7), std::nullopt, std::nullopt}};
  a.body.assign(1 + i % 3, Paragraph{a.headline + "."});
  if (i % 5 == 1) a.pubstatus = "withheld";
  return a;
}

// `count` articles, every third with an image (shared by some), signed by `key`.
Bytes assemble(int count, const KeyPair& key, std::size_t clusterTarget) {
  Bytes file;
  newsarc_test::VectorSink sink(file);
  internal::AssemblerOptions options;
  options.clusterTarget = clusterTarget;
  internal::BundleAssembler assembler(sink, options);
  std::mt19937 random(11);
  for (int i = 0; i < count; ++i) {
    Article item = article(i, random);
    if (i % 3 == 0) {
      Bytes image(60 + (i % 4) * 29, static_cast<std::uint8_t>(1 + i % 4));
      const Digest digest = sha256(image);
      const ExtentRef extent = assembler.addContent(digest, image, image.size(), false);
      Image picture;
      picture.name = "photo";
      picture.fileName = "photo.png";
      picture.mediatype = "image/png";
      picture.content = {digest, image.size(), internal::contentExtentOf(extent)};
      item.images.push_back(picture);
      item.body.insert(item.body.begin(), ImageBlock{0});
    }
    assembler.addArticle(item);
  }
  internal::InfoFields info;
  info.creatorTool = "bundle_verifier_test";
  assembler.finish({"urn:uuid:11111111-2222-4333-8444-555555555555", "2026-12-06T12:00:00Z"}, info,
                   {{key.secretKey, "desk"}}, 1765022400);
  return file;
}

const KeyPair& signer() {
  static const KeyPair key = generateKeyPair();
  return key;
}

// Built once: a small bundle (a few kB, several clusters) and a larger one (index of depth 2).
const Bytes& small() {
  static const Bytes file = assemble(12, signer(), 300);
  return file;
}
// Enough records to train a dictionary, so that the clusters use one.
const Bytes& withDictionary() {
  static const Bytes file = assemble(90, signer(), 2 << 10);
  return file;
}
const Bytes& large() {
  static const Bytes file = assemble(1500, signer(), 4 << 10);
  return file;
}

VerifyReport verify(const Bytes& file, internal::BundleVerifyOptions options = {}) {
  if (options.trustedKeys.empty()) options.trustedKeys = {signer().publicKey};
  return internal::verifyBundle(file, kName, options, kOptions);
}

std::string failuresOf(const VerifyReport& report) {
  std::string out;
  for (const Check& c : report.failures()) {
    out += c.name + " | " + c.item + " | " + (c.offset ? std::to_string(*c.offset) : "-") + " | " +
           c.detail + "\n";
  }
  return out;
}

bool failedAt(const VerifyReport& report, const std::string& name, std::uint64_t offset) {
  const auto failures = report.failures();
  return std::any_of(failures.begin(), failures.end(), [&](const Check& c) {
    return c.name == name && c.offset && *c.offset == offset;
  });
}

std::set<std::string> namesOf(const VerifyReport& report) {
  std::set<std::string> names;
  for (const Check& c : report.checks) names.insert(c.name);
  return names;
}

// What the tests damage: the tail, the extent table's extents and the index's entries.
struct Layout {
  internal::Tail tail;
  std::vector<TableExtent> extents;
  std::vector<IndexEntry> entries;
};

Layout layoutOf(const Bytes& file) {
  Layout layout{internal::readTail(file, kName, kOptions), {}, {}};
  const ExtentReader reader(file, kName, kHeaderSize, layout.tail.footer.sealOffset, kOptions);
  ExtentTableReader table(reader, layout.tail.seal.extents, kOptions);
  table.forEach([&](const TableExtent& e) { layout.extents.push_back(e); });
  IndexTreeReader index(reader, layout.tail.seal.index, kOptions);
  index.forEach([&](const IndexEntry& e) { layout.entries.push_back(e); });
  return layout;
}

TableExtent firstOfKind(const Layout& layout, ExtentKind kind) {
  for (const TableExtent& e : layout.extents) {
    if (e.kind == kind) return e;
  }
  FAIL("no extent of this kind");
  return {};
}

Bytes flipped(Bytes file, std::uint64_t at, std::uint8_t mask = 0x01) {
  file[at] ^= mask;
  return file;
}

// The bundle with its index rewritten from `entries` and signed again: what a writer with a bug,
// or one that lies, would make. Every digest then holds; only the verifier's checks of the
// entries against the records and the table can find what is wrong.
Bytes reindexed(const Bytes& file, const std::vector<IndexEntry>& entries) {
  internal::Tail tail = internal::readTail(file, kName, kOptions);
  const ExtentReader reader(file, kName, kHeaderSize, tail.footer.sealOffset, kOptions);
  IndexTreeReader index(reader, tail.seal.index, kOptions);
  std::optional<std::uint64_t> firstPage;
  index.onPage([&](const ExtentRef& page) {
    if (!firstPage) firstPage = page.offset;
  });
  index.forEach([](const IndexEntry&) {});
  Bytes out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(*firstPage));
  newsarc_test::VectorSink sink(out);
  ExtentAppender appender(sink, out.size());
  Compressor compressor(3);
  IndexTreeWriter writer(appender, compressor);
  for (const IndexEntry& entry : entries) writer.add(entry);
  internal::Seal seal = tail.seal;
  seal.index = writer.finish();
  internal::writeTail(appender, seal, {{signer().secretKey, "desk"}}, 1765022400);
  return out;
}

bool failed(const VerifyReport& report, const std::string& name) {
  const auto failures = report.failures();
  return std::any_of(failures.begin(), failures.end(),
                     [&](const Check& c) { return c.name == name; });
}

}  // namespace

TEST_CASE("bundle verifier: a re-signed index that disagrees with the records fails") {
  const Bytes& file = large();
  const Layout layout = layoutOf(file);
  REQUIRE(verify(reindexed(file, layout.entries)).ok());  // the same index: the same bundle

  SUBCASE("a headline copy") {
    std::vector<IndexEntry> entries = layout.entries;
    entries[5].headline = "another headline";
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failedAt(report, "record", entries[5].cluster.offset), failuresOf(report));
    CHECK(report.failures().size() == 1);
  }
  SUBCASE("a pubstatus copy") {
    std::vector<IndexEntry> entries = layout.entries;
    auto first = [&](PubStatus status) {
      return std::find_if(entries.begin(), entries.end(),
                          [&](const IndexEntry& e) { return e.pubstatus == status; });
    };
    const auto absent = first(PubStatus::kAbsent);
    const auto withheld = first(PubStatus::kWithheld);  // the right copy passed above
    REQUIRE(absent != entries.end());
    REQUIRE(withheld != entries.end());
    absent->pubstatus = PubStatus::kWithheld;
    withheld->pubstatus = PubStatus::kAbsent;
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failedAt(report, "record", absent->cluster.offset), failuresOf(report));
    CHECK(failedAt(report, "record", withheld->cluster.offset));
    CHECK(report.failures().size() == 2);
    const std::string failures = failuresOf(report);
    CHECK(failures.find("pubstatus 2 (\"withheld\"); the record implies 0 (none)") !=
          std::string::npos);
    CHECK(failures.find("pubstatus 0 (none); the record implies 2 (\"withheld\")") !=
          std::string::npos);
  }
  SUBCASE("a content size and an image count") {
    std::vector<IndexEntry> entries = layout.entries;
    entries[7].contentSize += 1;
    entries[9].imageCount += 1;
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(report.failures().size() == 2, failuresOf(report));
    CHECK(failed(report, "record"));
  }
  SUBCASE("an article left out") {
    std::vector<IndexEntry> entries = layout.entries;
    const ExtentRef cluster = entries[3].cluster;
    entries.erase(entries.begin() + 3);
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failedAt(report, "cluster", cluster.offset), failuresOf(report));
  }
  SUBCASE("a cluster no entry points into") {
    std::vector<IndexEntry> entries;
    const ExtentRef dropped = layout.entries.front().cluster;
    for (const IndexEntry& e : layout.entries) {
      if (e.cluster != dropped) entries.push_back(e);
    }
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failedAt(report, "cluster", dropped.offset), failuresOf(report));
    CHECK(failed(report, "counts"));
  }
  SUBCASE("two records swapped") {
    std::vector<IndexEntry> entries = layout.entries;
    REQUIRE(entries[0].cluster == entries[1].cluster);
    std::swap(entries[0].recordNumber, entries[1].recordNumber);
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failed(report, "record"), failuresOf(report));
  }
  SUBCASE("a cluster reference that differs from the table's") {
    std::vector<IndexEntry> entries = layout.entries;
    const ExtentRef cluster = entries[0].cluster;
    for (IndexEntry& e : entries) {
      if (e.cluster == cluster) e.cluster.storedDigest[0] ^= 1;
    }
    const VerifyReport report = verify(reindexed(file, entries));
    CHECK_MESSAGE(failedAt(report, "cluster", cluster.offset), failuresOf(report));
  }
}

TEST_CASE("bundle verifier: a good bundle passes every check, each named, full and quick") {
  const Layout layout = layoutOf(large());
  REQUIRE(layout.tail.seal.index.depth >= 2);
  REQUIRE(layout.tail.seal.clusterCount > 10);
  const VerifyReport full = verify(large());
  CHECK_MESSAGE(full.ok(), failuresOf(full));
  for (const char* name :
       {"header", "footer", "seal-digest", "seal", "signature-section", "signature", "trusted-key",
        "extent-table-page", "coverage", "extent-digest", "index-page", "cluster", "record",
        "content-digest", "counts"}) {
    CHECK_MESSAGE(namesOf(full).count(name) == 1, name);
  }
  internal::BundleVerifyOptions quick;
  quick.quick = true;
  const VerifyReport q = verify(large(), quick);
  CHECK(q.ok());
  CHECK(namesOf(q).count("extent-table-page") == 0);
  CHECK(namesOf(q).count("trusted-key") == 1);

  const VerifyReport smallFull = verify(small());
  CHECK_MESSAGE(smallFull.ok(), failuresOf(smallFull));
}

TEST_CASE("bundle verifier: an empty bundle, unsigned, verifies") {
  Bytes file;
  newsarc_test::VectorSink sink(file);
  internal::BundleAssembler assembler(sink, {});
  assembler.finish({"urn:x", "2026-12-06T12:00:00Z"}, {}, {}, 0);
  const VerifyReport report = internal::verifyBundle(file, kName, {}, kOptions);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  CHECK(namesOf(report).count("signature") == 1);
  internal::BundleVerifyOptions options;
  options.trustedKeys = {signer().publicKey};
  CHECK(internal::verifyBundle(file, kName, options, kOptions).failures().at(0).name ==
        "trusted-key");
}

TEST_CASE("bundle verifier: articles are proved one by one") {
  const Layout layout = layoutOf(large());
  internal::BundleVerifyOptions options;
  for (std::size_t i = 0; i < layout.entries.size(); i += 97) {
    options.articles.push_back(layout.entries[i].id);
  }
  const VerifyReport report = verify(large(), options);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  std::size_t proved = 0;
  for (const Check& c : report.checks) proved += c.name == "article" && c.passed;
  CHECK(proved == options.articles.size());
  CHECK(namesOf(report).count("extent-table-page") == 0);

  options.articles = {"urn:v:absent"};
  const VerifyReport absent = verify(large(), options);
  REQUIRE(absent.failures().size() == 1);
  CHECK(absent.failures()[0].name == "article");
  CHECK(absent.failures()[0].item == "urn:v:absent");
}

TEST_CASE("bundle verifier: every one-byte change of a signed bundle fails full verification") {
  const Bytes& file = small();
  REQUIRE(file.size() < 16000);
  REQUIRE(layoutOf(file).tail.seal.clusterCount > 2);
  std::vector<std::uint64_t> passed;
  for (std::uint64_t at = 0; at < file.size(); ++at) {
    if (verify(flipped(file, at)).ok()) passed.push_back(at);
  }
  for (std::uint64_t at = 0; at < file.size(); at += 5) {
    if (verify(flipped(file, at, 0x80)).ok()) passed.push_back(at);
  }
  CHECK_MESSAGE(passed.empty(), passed.size(), " changes passed, the first at ",
                passed.empty() ? 0 : passed.front());
  MESSAGE(file.size(), " one-byte changes (xor 0x01), ", (file.size() + 4) / 5,
          " more (xor 0x80): all caught");
}

TEST_CASE(
    "bundle verifier: one-byte changes of a bundle with a dictionary fail full verification") {
  const Bytes& file = withDictionary();
  const Layout layout = layoutOf(file);
  REQUIRE(layout.tail.seal.dictionary);
  const ExtentRef dictionary = *layout.tail.seal.dictionary;
  std::vector<std::uint64_t> passed;
  std::size_t changes = 0;
  for (std::uint64_t at = 0; at < file.size(); ++at) {
    // Every byte of the dictionary and of the pages and tail; every third byte elsewhere.
    const bool dense = (at >= dictionary.offset && at < dictionary.end()) ||
                       at >= layout.tail.seal.extents.root.offset;
    if (!dense && at % 3 != 0) continue;
    ++changes;
    if (verify(flipped(file, at)).ok()) passed.push_back(at);
  }
  CHECK_MESSAGE(passed.empty(), passed.size(), " changes passed, the first at ",
                passed.empty() ? 0 : passed.front());
  MESSAGE(changes, " one-byte changes of a bundle of ", file.size(), " bytes: all caught");
}

TEST_CASE("bundle verifier: every truncation fails full verification") {
  const Bytes& file = small();
  std::vector<std::uint64_t> lengths;
  for (std::uint64_t n = 0; n < file.size(); n += 8) lengths.push_back(n);
  for (std::uint64_t n : {1, 31, 33, 223, 225}) lengths.push_back(n);
  lengths.push_back(file.size() - 1);
  lengths.push_back(file.size() - 193);
  for (const std::uint64_t n : lengths) {
    const Bytes cut(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(n));
    const VerifyReport report = verify(cut);
    CHECK_MESSAGE(!report.ok(), "truncated to ", n);
    CHECK(report.failures().size() == 1);  // the tail cannot be read: one failed check
  }
}

TEST_CASE("bundle verifier: targeted damage names the check and the offset") {
  const Bytes& file = large();
  const Layout layout = layoutOf(file);
  const internal::Footer& footer = layout.tail.footer;

  SUBCASE("a cluster") {
    const TableExtent cluster = firstOfKind(layout, ExtentKind::kCluster);
    const VerifyReport report = verify(flipped(file, cluster.offset + cluster.storedSize / 2));
    CHECK_MESSAGE(failedAt(report, "cluster", cluster.offset), failuresOf(report));
    CHECK(report.failures().size() == 1);
  }
  SUBCASE("a content extent") {
    const TableExtent content = firstOfKind(layout, ExtentKind::kContent);
    const VerifyReport report = verify(flipped(file, content.offset + 3));
    CHECK_MESSAGE(failedAt(report, "extent-digest", content.offset), failuresOf(report));
  }
  SUBCASE("an index page") {
    const ExtentRef root = layout.tail.seal.index.root;
    const VerifyReport report = verify(flipped(file, root.offset + root.storedSize - 1));
    CHECK_MESSAGE(failedAt(report, "index-page", root.offset), failuresOf(report));
    // A leaf below the root, reached through it: the tree reader's pages in post-order.
    const ExtentReader reader(file, kName, kHeaderSize, footer.sealOffset, kOptions);
    IndexTreeReader index(reader, layout.tail.seal.index, kOptions);
    std::vector<ExtentRef> pages;
    index.onPage([&](const ExtentRef& page) { pages.push_back(page); });
    index.forEach([](const IndexEntry&) {});
    REQUIRE(pages.size() > 2);
    CHECK(pages.back() == root);
    const ExtentRef leaf = pages[1];
    const VerifyReport leafReport = verify(flipped(file, leaf.offset + leaf.storedSize / 2));
    CHECK_MESSAGE(failedAt(leafReport, "index-page", leaf.offset), failuresOf(leafReport));
  }
  SUBCASE("an extent table page") {
    const ExtentRef root = layout.tail.seal.extents.root;
    const VerifyReport report = verify(flipped(file, root.offset + 1));
    CHECK_MESSAGE(failedAt(report, "extent-table-page", root.offset), failuresOf(report));
    CHECK(!failed(report, "coverage"));  // pages the broken walk lost are not blamed on others
  }
  SUBCASE("padding") {
    const TableExtent first = layout.extents.front();
    const TableExtent& second = layout.extents[1];
    REQUIRE(second.offset > first.end());
    const VerifyReport report = verify(flipped(file, first.end()));
    CHECK_MESSAGE(failedAt(report, "coverage", first.end()), failuresOf(report));
  }
  SUBCASE("the seal") {
    const VerifyReport report = verify(flipped(file, footer.sealOffset + 20));
    CHECK(failedAt(report, "seal-digest", footer.sealOffset));
    CHECK(report.failures().size() == 1);
  }
  SUBCASE("a signature, the section's digest made to match") {
    const std::vector<Signature> signatures =
        internal::readSignatures(layout.tail, kName, kOptions);
    REQUIRE(signatures.size() == 1);
    const auto section = file.begin() + static_cast<std::ptrdiff_t>(footer.signaturesOffset);
    const auto at =
        std::search(section, section + static_cast<std::ptrdiff_t>(footer.signaturesSize),
                    signatures[0].signature.begin(), signatures[0].signature.end());
    REQUIRE(at != section + static_cast<std::ptrdiff_t>(footer.signaturesSize));
    Bytes damaged = flipped(file, static_cast<std::uint64_t>(at - file.begin()) + 10);
    const Digest digest =
        sha256(std::span(damaged).subspan(footer.signaturesOffset, footer.signaturesSize));
    std::copy(digest.begin(), digest.end(), damaged.end() - 192 + 80);
    const VerifyReport report = verify(damaged);
    CHECK_MESSAGE(failedAt(report, "signature", footer.signaturesOffset), failuresOf(report));
    CHECK(failedAt(report, "trusted-key", footer.signaturesOffset));
  }
  SUBCASE("a signature section byte") {
    const VerifyReport report = verify(flipped(file, footer.signaturesOffset + 40));
    CHECK(failedAt(report, "signature-section", footer.signaturesOffset));
  }
  SUBCASE("a trusted key missing") {
    internal::BundleVerifyOptions options;
    options.trustedKeys = {generateKeyPair().publicKey};
    const VerifyReport report = verify(file, options);
    REQUIRE(report.failures().size() == 1);
    CHECK(report.failures()[0].name == "trusted-key");
    options.trustedKeys = {signer().publicKey};
    options.keyring = {generateKeyPair().publicKey};
    CHECK(verify(file, options).failures().at(0).name == "keyring");
    options.keyring.push_back(signer().publicKey);
    CHECK(verify(file, options).ok());
  }
}

TEST_CASE("bundle verifier: quick verification does not read the data region") {
  const Bytes& file = large();
  const Layout layout = layoutOf(file);
  Bytes damaged = file;
  std::fill(damaged.begin() + kHeaderSize,
            damaged.begin() + static_cast<std::ptrdiff_t>(layout.tail.footer.sealOffset), 0xA5);
  internal::BundleVerifyOptions quick;
  quick.quick = true;
  CHECK(verify(damaged, quick).ok());
  CHECK(!verify(damaged).ok());
}

TEST_CASE("bundle verifier: one article is proved without the other clusters") {
  const Bytes& file = large();
  const Layout layout = layoutOf(file);
  const IndexEntry& first = layout.entries.front();
  const IndexEntry& last = layout.entries.back();
  REQUIRE(first.cluster.offset != last.cluster.offset);
  internal::BundleVerifyOptions options;
  options.articles = {first.id};

  const Bytes otherDamaged = flipped(file, last.cluster.offset + 5);
  CHECK(!verify(otherDamaged).ok());
  const VerifyReport proved = verify(otherDamaged, options);
  CHECK_MESSAGE(proved.ok(), failuresOf(proved));

  const VerifyReport own = verify(flipped(file, first.cluster.offset + 5), options);
  CHECK(failedAt(own, "cluster", first.cluster.offset));
  CHECK(!own.ok());

  // An article with an image, its content damaged.
  const TableExtent content = firstOfKind(layout, ExtentKind::kContent);
  const Bytes contentDamaged = flipped(file, content.offset);
  std::size_t failedArticles = 0;
  for (const IndexEntry& entry : layout.entries) {
    if (entry.imageCount == 0) continue;
    options.articles = {entry.id};
    failedArticles += !verify(contentDamaged, options).ok();
  }
  CHECK(failedArticles > 0);  // those whose image is the damaged one
}

TEST_CASE("bundle verifier: the report of a badly damaged bundle is bounded") {
  const Bytes& file = large();
  const Layout layout = layoutOf(file);
  Bytes damaged = file;
  std::size_t clusters = 0;
  for (const TableExtent& e : layout.extents) {
    if (e.kind == ExtentKind::kCluster || e.kind == ExtentKind::kContent) {
      damaged[e.offset + 1] ^= 0x40;
      clusters += e.kind == ExtentKind::kCluster;
    }
  }
  REQUIRE(clusters > 60);
  const VerifyReport report = verify(damaged);
  std::size_t clusterLines = 0;
  for (const Check& c : report.checks) clusterLines += c.name == "cluster";
  CHECK(clusterLines == 51);  // 50 listed, then the count of the others
  CHECK(report.checks.size() < 200);
}
