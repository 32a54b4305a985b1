// spec/vectors/ must agree with the code: the committed bundle reads and verifies, its digests
// are those listed, and packing the committed input again gives the same bytes.
//
// To rebuild the vectors after a deliberate format change: scripts/make-vectors.sh
// (runs these tests with NEWSARC_WRITE_VECTORS=1, which writes instead of comparing).
#include <archive_news/article_folder.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <archive_news/timestamp.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>
#include <zstd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/read/extent_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/read/tail_reader.h"
#include "test_support.h"
#include "util/hex.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

const std::filesystem::path kVectors = std::filesystem::path(NEWSARC_SOURCE_DIR) / "spec/vectors";

bool writing() { return std::getenv("NEWSARC_WRITE_VECTORS") != nullptr; }

Bytes readAll(const std::filesystem::path& path) {
  REQUIRE_MESSAGE(std::filesystem::is_regular_file(path), "missing " << path);
  return readFileBytes(path);
}

void writeAll(const std::filesystem::path& path, std::string_view text) {
  writeFileBytes(path, {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

WriterOptions vectorOptions() {
  WriterOptions options;
  options.bundleId = "urn:uuid:6e657773-6172-4300-8000-766563746f72";
  options.title = "newsarc test vector";
  options.created = "2024-03-01T12:00:00Z";
  options.creatorTool = "newsarc test vectors";
  // Same input, same bytes: the id and time are given, the signature's timestamp is the
  // creation time, and the clusters do not depend on the number of threads.
  options.reproducible = true;
  return options;
}

SecretKey vectorKey() {
  if (writing() && !std::filesystem::exists(kVectors / "vector-key.key")) {
    KeyPair pair = generateKeyPair();
    saveSecretKey(kVectors / "vector-key.key", pair.secretKey, std::nullopt);
    savePublicKey(kVectors / "vector-key.pub", pair.publicKey);
  }
  return loadSecretKey(kVectors / "vector-key.key", [] { return std::string(); });
}

Bytes packVector() {
  SecretKey key = vectorKey();
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), vectorOptions());
  writer.addSigner(key, "newsarc test vector key");
  for (const auto& dir : findArticleFolders(kVectors / "input")) {
    addArticleFolder(writer, loadArticleFolder(dir));
  }
  writer.finish();
  return out;
}

std::string hexOf(std::span<const std::uint8_t> bytes) {
  return internal::hex(internal::sha256(bytes));
}

// The raw bytes of a stored extent: itself, or its one zstd frame decoded (with the bundle's
// dictionary when it was made with it).
Bytes rawOf(std::span<const std::uint8_t> stored, const internal::ExtentRef& extent,
            std::span<const std::uint8_t> dictionary) {
  if (!extent.compressed) return Bytes(stored.begin(), stored.end());
  Bytes raw(extent.rawSize);
  const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(),
                                                                     &ZSTD_freeDCtx);
  const std::size_t n =
      ZSTD_decompress_usingDict(context.get(), raw.data(), raw.size(), stored.data(), stored.size(),
                                extent.withDictionary ? dictionary.data() : nullptr,
                                extent.withDictionary ? dictionary.size() : 0);
  REQUIRE(n == raw.size());
  return raw;
}

const char* kindName(internal::ExtentKind kind) {
  switch (kind) {
    case internal::ExtentKind::kContent:
      return "content";
    case internal::ExtentKind::kCluster:
      return "cluster";
    case internal::ExtentKind::kDictionary:
      return "dictionary";
    case internal::ExtentKind::kSchema:
      return "schema";
    case internal::ExtentKind::kInfo:
      return "info";
    case internal::ExtentKind::kPreviousTail:
      return "previousTail";
    case internal::ExtentKind::kSearchIndex:
      return "searchIndex";
  }
  return "unknown";
}

// "<sha256 hex>  <what>" lines, in file order: the whole file, every extent of the data region
// (those the extent table lists and its pages and the index's) with the digest of its stored
// bytes and, when compressed, of its raw bytes, then the seal, the signature section and the
// timestamp section.
std::string digestListing(std::span<const std::uint8_t> file) {
  const ReaderOptions options;
  const internal::Tail tail = internal::readTail(file, "vector.newsarc", options);
  const internal::ExtentReader reader(file, "vector.newsarc", internal::kHeaderSize,
                                      tail.footer.sealOffset, options);
  struct Region {
    internal::ExtentRef extent;
    std::string what;
  };
  std::vector<Region> regions;
  internal::ExtentTableReader table(reader, tail.seal.extents, options);
  table.onPage([&](const internal::ExtentRef& page) {
    regions.push_back({page, "extent table page"});
  });
  table.forEach([&](const internal::TableExtent& e) {
    internal::ExtentRef ref{e.offset, e.storedSize,  e.rawSize, e.storedSize != e.rawSize,
                            false,    e.storedDigest};
    if (e.kind == internal::ExtentKind::kCluster && tail.seal.dictionary) {
      ref.withDictionary = ref.compressed;
    }
    regions.push_back({ref, kindName(e.kind)});
  });
  internal::IndexTreeReader index(reader, tail.seal.index, options);
  index.onPage([&](const internal::ExtentRef& page) { regions.push_back({page, "index page"}); });
  index.forEach([](const internal::IndexEntry&) {});
  std::sort(regions.begin(), regions.end(),
            [](const Region& a, const Region& b) { return a.extent.offset < b.extent.offset; });
  std::span<const std::uint8_t> dictionary;
  if (tail.seal.dictionary) {
    dictionary = file.subspan(tail.seal.dictionary->offset, tail.seal.dictionary->storedSize);
  }

  std::ostringstream out;
  out << hexOf(file) << "  file vector.newsarc (" << file.size() << " bytes)\n";
  for (const Region& r : regions) {
    const auto stored = file.subspan(r.extent.offset, r.extent.storedSize);
    out << hexOf(stored) << "  " << r.what << " at " << r.extent.offset << ": stored "
        << r.extent.storedSize << ", raw " << r.extent.rawSize
        << (r.extent.compressed ? (r.extent.withDictionary ? ", zstd with dictionary" : ", zstd")
                                : ", raw")
        << "\n";
    if (r.extent.compressed) {
      out << hexOf(rawOf(stored, r.extent, dictionary)) << "  " << r.what << " at "
          << r.extent.offset << ": raw bytes\n";
    }
  }
  const internal::Footer& f = tail.footer;
  out << hexOf(file.subspan(f.sealOffset, f.sealSize)) << "  seal at " << f.sealOffset << " ("
      << f.sealSize << " bytes)\n";
  out << hexOf(file.subspan(f.signaturesOffset, f.signaturesSize)) << "  signature section at "
      << f.signaturesOffset << " (" << f.signaturesSize << " bytes)\n";
  out << hexOf(file.subspan(f.timestampsOffset, f.timestampsSize)) << "  timestamp section at "
      << f.timestampsOffset << " (" << f.timestampsSize << " bytes)\n";
  out << "footer at " << file.size() - internal::kFooterSize << " (" << internal::kFooterSize
      << " bytes)\n";
  return out.str();
}

}  // namespace

TEST_CASE("spec/vectors: packing the committed input gives the committed bundle") {
  Bytes packed = packVector();
  if (writing()) {
    writeAll(kVectors / "vector.newsarc",
             {reinterpret_cast<const char*>(packed.data()), packed.size()});
    writeAll(kVectors / "vector.sha256", digestListing(packed));
  }
  Bytes committed = readAll(kVectors / "vector.newsarc");
  CHECK_MESSAGE(packed == committed,
                "the writer's output changed: if deliberate, run scripts/make-vectors.sh and "
                "describe the change in spec/FORMAT.md's changelog");
}

TEST_CASE("spec/vectors: the committed bundle verifies and has the listed digests") {
  Bytes committed = readAll(kVectors / "vector.newsarc");
  VerifyOptions options;
  options.trustedKeys = {loadPublicKey(kVectors / "vector-key.pub")};
  VerifyReport report = verifyMemory(committed, "vector.newsarc", options);
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
  Bytes listing = readAll(kVectors / "vector.sha256");
  CHECK(std::string(listing.begin(), listing.end()) == digestListing(committed));
}

TEST_CASE("spec/vectors: the committed bundle holds the input article exactly") {
  Bytes committed = readAll(kVectors / "vector.newsarc");
  Bundle bundle = Bundle::fromMemory(committed, "vector.newsarc");
  std::filesystem::path input = kVectors / "input/harbour";
  ArticleFolder folder = loadArticleFolder(input);
  REQUIRE(bundle.articleCount() == 1);
  Article article = bundle.article(std::size_t{0});
  Article expected = folder.article;
  expected.images[0].content = article.images[0].content;
  expected.attachments[0].content = article.attachments[0].content;
  CHECK(article == expected);
  ArticleSummary listed;
  bundle.forEachArticle(0, [&](const ArticleSummary& s) {
    listed = s;
    return false;
  });
  CHECK(listed.id == expected.uri);
  CHECK(listed.headline == expected.headline);
  CHECK(bundle.read(article.images[0].content) == readAll(input / "harbour.png"));
  CHECK(bundle.read(article.attachments[0].content) == readAll(input / "notice.txt"));
}

// vector-history.newsarc: vector.newsarc (state 0) and two appends of history/state1 and
// history/state2, each signed by the vector key.
namespace {

const std::filesystem::path kHistory = kVectors / "history";
const std::string kHarbour = "urn:newsarc:vectors:2024-03-01:harbour";
const std::string kFerry = "urn:newsarc:vectors:2024-03-02:ferry";

void appendState(const std::filesystem::path& file, const std::filesystem::path& input,
                 const std::string& created) {
  WriterOptions options;
  options.created = created;
  options.reproducible = true;
  BundleWriter writer = BundleWriter::append(file, options);
  writer.addSigner(vectorKey(), "newsarc test vector key");
  for (const auto& dir : findArticleFolders(input)) {
    const ArticleFolder folder = loadArticleFolder(dir);
    // An image or attachment a new version keeps is not stored again.
    writer.reuseContentOf(folder.article.uri);
    addArticleFolder(writer, folder);
  }
  writer.finish();
}

Bytes packHistoryVector() {
  TempDir dir;
  const std::filesystem::path file = dir.path() / "vector-history.newsarc";
  writeFileBytes(file, packVector());
  appendState(file, kHistory / "state1", "2024-03-02T12:00:00Z");
  appendState(file, kHistory / "state2", "2024-03-03T12:00:00Z");
  return readFileBytes(file);
}

// Per state, first to last: the SHA-256 of the file's first E(k) bytes (state k whole), of its
// seal, and of its signature section, and the seal's previousSeal (whose digest is the SHA-256
// of state k-1's seal).
std::string historyListing(std::span<const std::uint8_t> file) {
  const ReaderOptions options;
  std::vector<std::string> states;
  std::uint64_t end = file.size();
  while (true) {
    const auto prefix = file.subspan(0, end);
    const internal::Tail tail = internal::readTail(prefix, "vector-history.newsarc", options);
    const internal::Footer& f = tail.footer;
    const std::uint32_t k = tail.seal.sequence;
    std::ostringstream out;
    out << hexOf(prefix) << "  state " << k << ": file bytes [0, " << end << ")\n";
    out << hexOf(tail.sealBytes) << "  state " << k << ": seal at " << f.sealOffset << " ("
        << f.sealSize << " bytes), tail of " << end - f.sealOffset << " bytes, created "
        << tail.seal.created << "\n";
    out << hexOf(tail.signatureBytes) << "  state " << k << ": signature section at "
        << f.signaturesOffset << " (" << f.signaturesSize << " bytes)\n";
    if (tail.seal.previousSeal) {
      const internal::SealRef& p = *tail.seal.previousSeal;
      out << internal::hex(p.digest) << "  state " << k << ": previousSeal offset " << p.offset
          << ", size " << p.size << ", tailSize " << p.tailSize << " (state " << k - 1
          << " = file bytes [0, " << p.end() << "))\n";
      end = p.end();
    }
    states.push_back(out.str());
    if (!tail.seal.previousSeal) break;
  }
  std::string listing;
  for (auto it = states.rbegin(); it != states.rend(); ++it) listing += *it;
  return listing;
}

}  // namespace

TEST_CASE("spec/vectors: appending the committed history inputs gives the committed history") {
  Bytes packed = packHistoryVector();
  if (writing()) {
    writeAll(kVectors / "vector-history.newsarc",
             {reinterpret_cast<const char*>(packed.data()), packed.size()});
    writeAll(kVectors / "vector-history.sha256", historyListing(packed));
  }
  Bytes committed = readAll(kVectors / "vector-history.newsarc");
  CHECK_MESSAGE(packed == committed,
                "the writer's output changed: if deliberate, run scripts/make-vectors.sh and "
                "describe the change in spec/FORMAT.md's changelog");
  // State 0 is vector.newsarc, byte for byte.
  Bytes first = readAll(kVectors / "vector.newsarc");
  REQUIRE(committed.size() > first.size());
  CHECK(std::equal(first.begin(), first.end(), committed.begin()));
  Bytes listing = readAll(kVectors / "vector-history.sha256");
  CHECK(std::string(listing.begin(), listing.end()) == historyListing(committed));
}

TEST_CASE("spec/vectors: the committed history has three states, signed, with the inputs") {
  Bytes committed = readAll(kVectors / "vector-history.newsarc");
  Bundle bundle = Bundle::fromMemory(committed, "vector-history.newsarc");
  const PublicKey key = loadPublicKey(kVectors / "vector-key.pub");

  VerifyOptions options;
  options.trustedKeys = {key};
  for (std::uint32_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    options.state = k;
    const VerifyReport report = verifyMemory(committed, "vector-history.newsarc", options);
    CHECK(report.ok());
  }

  const std::vector<BundleState> history = bundle.history();
  REQUIRE(history.size() == 3);
  const char* created[] = {"2024-03-01T12:00:00Z", "2024-03-02T12:00:00Z", "2024-03-03T12:00:00Z"};
  const std::uint64_t counts[] = {1, 2, 2};
  for (std::uint32_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    CHECK(history[k].sequence == k);
    CHECK(history[k].created == created[k]);
    CHECK(history[k].articleCount == counts[k]);
    REQUIRE(history[k].signatures.size() == 1);
    CHECK(history[k].signatures[0].keyId == key.keyId);
  }
  CHECK(history[0].fileSize == readAll(kVectors / "vector.newsarc").size());
  CHECK(history[2].fileSize == committed.size());

  // Each state, read as the prefix it is, has the articles of its input folders.
  const std::filesystem::path inputs[] = {kVectors / "input/harbour", kHistory / "state1/harbour",
                                          kHistory / "state2/harbour"};
  std::optional<ContentRef> image;
  for (std::uint32_t k = 0; k < 3; ++k) {
    CAPTURE(k);
    Bundle state = bundle.atState(k);
    CHECK(state.articleCount() == counts[k]);
    const Article harbour = state.article(std::string_view(kHarbour));
    Article expected = loadArticleFolder(inputs[k]).article;
    expected.images[0].content = harbour.images[0].content;
    expected.attachments[0].content = harbour.attachments[0].content;
    CHECK(harbour == expected);
    CHECK(harbour.pubstatus == (k == 2 ? std::optional<std::string>("withheld") : std::nullopt));
    // The image is stored once, by state 0; the versions after it refer to it.
    if (!image) image = harbour.images[0].content;
    CHECK(harbour.images[0].content == *image);
    CHECK(state.read(harbour.images[0].content) == readAll(kVectors / "input/harbour/harbour.png"));
    CHECK(state.read(harbour.attachments[0].content) ==
          readAll(kVectors / "input/harbour/notice.txt"));
    if (k >= 1) {
      const Article ferry = state.article(std::string_view(kFerry));
      CHECK(ferry == loadArticleFolder(kHistory / "state1/ferry").article);
    } else {
      CHECK_FALSE(state.find(kFerry).has_value());
    }
    VerifyOptions options;
    options.quick = true;
    options.trustedKeys = {key};
    VerifyReport report = verify(state, options);
    for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
    CHECK(report.ok());
  }

  const std::vector<ArticleSummary> versions = bundle.versions(kHarbour);
  REQUIRE(versions.size() == 3);
  for (std::uint32_t v = 0; v < 3; ++v) {
    CAPTURE(v);
    CHECK(versions[v].id == kHarbour);
    CHECK(versions[v].version == v + 1);
    CHECK(versions[v].state == v);
    CHECK(versions[v].pubstatus ==
          (v == 2 ? std::optional<std::string>("withheld") : std::nullopt));
  }
  CHECK(versions[0].headline == "Busan harbour reopens after the storm");
  CHECK(versions[1].headline == "Busan harbour reopens two days after the storm");
  CHECK(versions[2].versioncreated == "2024-03-03T09:00:00+09:00");
  const std::vector<ArticleSummary> ferry = bundle.versions(kFerry);
  REQUIRE(ferry.size() == 1);
  CHECK(ferry[0].version == 1);
  CHECK(ferry[0].state == 1);
}

TEST_CASE("spec/vectors: the timestamped vector is the vector with two proven timestamps") {
  // Made by scripts/make-timestamp-vector.sh with stock openssl ts; not rebuilt here, since a
  // token holds the time it was made.
  const Bytes plain = readAll(kVectors / "vector.newsarc");
  const Bytes stamped = readAll(kVectors / "vector-timestamped.newsarc");
  // Everything before the timestamp section (where the plain vector's footer begins) is kept.
  const std::size_t t = plain.size() - internal::kFooterSize;
  REQUIRE(stamped.size() > plain.size());
  CHECK(std::equal(plain.begin(), plain.begin() + static_cast<std::ptrdiff_t>(t), stamped.begin()));
  const Bytes root = readAll(kVectors / "timestamp/tsa-root.pem");
  const Bytes asOf = readAll(kVectors / "timestamp/as-of");
  std::tm parts{};
  REQUIRE(strptime(std::string(asOf.begin(), asOf.end()).c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts));
  VerifyOptions options;
  options.trustedKeys = {loadPublicKey(kVectors / "vector-key.pub")};
  options.tsaRoots = {std::string(root.begin(), root.end())};
  options.now = static_cast<std::int64_t>(timegm(&parts));
  const VerifyReport report = verifyMemory(stamped, "vector-timestamped.newsarc", options);
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
  REQUIRE(report.timestamps.size() == 2);
  CHECK(report.timestamps[0].proven);
  CHECK(report.timestamps[0].signatures == 0);
  CHECK(report.timestamps[0].hash == "sha256");
  CHECK(report.timestamps[1].proven);
  CHECK(report.timestamps[1].signatures == 1);
  CHECK(report.timestamps[1].timestamps == 1);
  CHECK(report.timestamps[1].hash == "sha384");
  CHECK(report.provenTime == report.timestamps[0].time);
  // Token 0 covers the seal's bytes themselves, as `openssl ts -query -data seal.bin` asked.
  const Bundle bundle = Bundle::fromMemory(stamped, "vector-timestamped.newsarc");
  const std::vector<std::uint8_t> data = timestampedData(bundle, 0);
  CHECK(std::equal(data.begin(), data.end(), bundle.sealBytes().begin(), bundle.sealBytes().end()));
  CHECK(timestampedData(bundle, 1).size() == 3 * 48);
}

TEST_CASE("spec/vectors: the X.509 vector is the vector with P-256 and Ed25519 CMS signatures") {
  // Made by scripts/make-x509-vector.sh with stock openssl; not rebuilt here, since an ECDSA
  // signature and a signing time differ on every run.
  const Bytes plain = readAll(kVectors / "vector.newsarc");
  const Bytes x509 = readAll(kVectors / "vector-x509.newsarc");
  const Bundle before = Bundle::fromMemory(plain, "vector.newsarc");
  const Bundle after = Bundle::fromMemory(x509, "vector-x509.newsarc");
  // Everything before the signature section is kept, the minisign record first.
  const auto g = static_cast<std::ptrdiff_t>(internal::kHeaderSize);
  const std::size_t signaturesAt =
      static_cast<std::size_t>(before.sealBytes().data() - plain.data()) +
      before.sealBytes().size();
  CHECK(std::equal(plain.begin() + g, plain.begin() + static_cast<std::ptrdiff_t>(signaturesAt),
                   x509.begin() + g));
  const std::vector<Signature> signatures = after.signatures();
  REQUIRE(signatures.size() == 3);
  CHECK(signatures[0] == before.signatures().at(0));
  CHECK(signatures[1].algorithm == SignatureAlgorithm::kCmsX509);
  CHECK(signatures[2].algorithm == SignatureAlgorithm::kCmsX509);
  CHECK(cmsSigner(signatures[1])->subject == "CN=Vector Publisher P-256,O=Example News");
  CHECK(cmsSigner(signatures[2])->subject == "CN=Vector Publisher Ed25519,O=Example News");
  const Bytes root = readAll(kVectors / "x509/root.pem");
  VerifyOptions options;
  options.trustedKeys = {loadPublicKey(kVectors / "vector-key.pub")};
  options.caRoots = {std::string(root.begin(), root.end())};
  const VerifyReport report = verifyMemory(x509, "vector-x509.newsarc", options);
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
  std::size_t chained = 0;
  for (const Check& c : report.checks) {
    if (c.name == "signature" &&
        c.detail.find("chains to CN=Vector Root CA") != std::string::npos) {
      ++chained;
    }
  }
  CHECK(chained == 2);
}
