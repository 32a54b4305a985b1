// spec/vectors/ must agree with the code: the committed bundle reads and verifies, its digests
// are those listed, and packing the committed input again gives the same bytes.
//
// To rebuild the vectors after a deliberate format change: scripts/make-vectors.sh
// (runs these tests with NEWSARC_WRITE_VECTORS=1, which writes instead of comparing).
#include <archive_news/article_folder.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "test_support.h"

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

// "<sha256 hex>  <what>" lines: the whole file, the manifest, the signature section and each
// blob's raw and stored digests.
std::string digestListing(std::span<const std::uint8_t> file) {
  Bundle bundle = Bundle::fromMemory(file, "vector.newsarc");
  std::ostringstream out;
  out << internal::hex(internal::sha256(file)) << "  file vector.newsarc (" << file.size()
      << " bytes)\n";
  auto manifest = bundle.manifestBytes();
  out << internal::hex(internal::sha256(manifest)) << "  manifest (offset "
      << (manifest.data() - file.data()) << ", " << manifest.size() << " bytes)\n";
  for (std::uint32_t i = 0; i < bundle.blobCount(); ++i) {
    BlobInfo blob = bundle.blob(i);
    out << internal::hex(blob.digest) << "  blob " << i << " " << blob.kind << " raw ("
        << blob.mediaType << ", offset " << blob.offset << ", stored " << blob.storedSize
        << ", raw " << blob.rawSize << (blob.compressed ? ", zstd" : ", none") << ")\n";
    if (blob.compressed) {
      out << internal::hex(internal::sha256(file.subspan(blob.offset, blob.storedSize)))
          << "  blob " << i << " stored bytes\n";
    }
  }
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
  CHECK(bundle.read(article.images[0].content) == readAll(input / "harbour.png"));
  CHECK(bundle.read(article.attachments[0].content) == readAll(input / "notice.txt"));
}
