// A bundle read without newsarc, with stock tools only, as spec/FORMAT.md promises (section 17
// does the same by hand on the test vector): the footer's offsets give the seal, which stock
// `capnp convert binary:json` decodes with the schema the bundle carries; the seal names the
// bundle information, the extent table's root page and the index's root page, which stock
// `zstd -d` and capnp decode; every extent the table lists decompresses with stock `zstd -d`
// (clusters with `-D` and the bundle's dictionary) to its raw size and has its stored digest
// (stock `sha256sum`); a record cut out of a decompressed cluster decodes as an Article; and
// stock `minisign -V` verifies the seal's bytes against a signature exported from the bundle.
// Only the public API is used on the newsarc side, to compare.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
using nlohmann::json;

namespace {

Bytes manyArticles(const SecretKey& key) {
  std::vector<ArticleWithFiles> items = awkwardArticles();
  for (int i = 0; i < 60; ++i) {
    ArticleWithFiles item;
    item.article.uri = "urn:test:many:" + std::to_string(i);
    item.article.headline = "Council votes on the harbour budget, part " + std::to_string(i);
    for (int p = 0; p < 6; ++p) {
      item.article.body.push_back(
          Paragraph{"The council met on Tuesday to debate the harbour budget for the coming year; "
                    "paragraph " +
                    std::to_string(p) + " of article " + std::to_string(i) + "."});
    }
    items.push_back(item);
  }
  // A compressible attachment, stored as a zstd frame without a dictionary.
  std::string csv = "region,year,value\n";
  for (int row = 0; row < 500; ++row) csv += "Busan," + std::to_string(2000 + row % 25) + ",42\n";
  items[0].article.attachments = {{"data", "data.csv", "text/csv", std::nullopt, {}}};
  items[0].attachments = {{toBytes(csv), "text/csv"}};
  WriterOptions options = fixedOptions();
  options.dictionarySampleBytes = 16 << 10;  // enough records to train a dictionary
  options.clusterSize = 4 << 10;             // several clusters
  return buildBundle(items, {&key}, options);
}

struct Run {
  int status = -1;
  std::string out;
};

// A shell command's exit status and standard output.
Run run(const std::string& command) {
  Run result;
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  for (std::size_t n; (n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0;) {
    result.out.append(buffer.data(), n);
  }
  const int status = ::pclose(pipe);
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::uint64_t u64At(const Bytes& file, std::size_t at) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = value << 8 | file[at + static_cast<std::size_t>(i)];
  return value;
}

// Cap'n Proto's JSON writes 64-bit numbers as strings, Data as lists of bytes.
std::uint64_t number(const json& value) {
  return value.is_string() ? std::stoull(value.get<std::string>()) : value.get<std::uint64_t>();
}

std::string hexOf(const json& bytes);

std::string hexOf(const Digest& digest) {
  json bytes = json::array();
  for (std::uint8_t b : digest) bytes.push_back(b);
  return hexOf(bytes);
}

std::string hexOf(const json& bytes) {
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (const json& b : bytes) {
    const auto v = b.get<unsigned>();
    out += kDigits[v >> 4];
    out += kDigits[v & 15];
  }
  return out;
}

class StockReader {
 public:
  StockReader(const TempDir& dir, const Bytes& file) : dir_(dir.path()) {
    writeFileBytes(dir_ / "bundle.newsarc", file);
  }

  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

  // The bytes [offset, offset + size) into a file, cut with stock dd.
  std::filesystem::path cut(const std::string& name, std::uint64_t offset, std::uint64_t size) {
    const std::string command =
        "dd if=" + path("bundle.newsarc").string() + " of=" + path(name).string() +
        " bs=1 skip=" + std::to_string(offset) + " count=" + std::to_string(size) + " status=none";
    REQUIRE_MESSAGE(run(command).status == 0, command);
    return path(name);
  }
  // The raw bytes of an extent reference of the seal: cut, and decompressed when zstd.
  std::filesystem::path extent(const std::string& name, const json& ref) {
    const std::filesystem::path stored =
        cut(name + ".stored", number(ref["offset"]), number(ref["storedSize"]));
    CHECK(sha256sum(stored) == hexOf(ref["storedDigest"]));
    if (ref.value("compression", "none") == "none") return stored;
    CHECK_FALSE(ref.value("withDictionary", false));
    const std::string command = "zstd -q -d -f " + stored.string() + " -o " + path(name).string();
    REQUIRE_MESSAGE(run(command).status == 0, command);
    CHECK(std::filesystem::file_size(path(name)) == number(ref["rawSize"]));
    return path(name);
  }
  // The message in `message` as JSON, decoded by stock capnp as struct `type` of the schema.
  json decode(const std::string& type, const std::filesystem::path& message) {
    const std::string command = "capnp convert binary:json " + path("schema.capnp").string() + " " +
                                type + " < " + message.string();
    const Run result = run(command);
    REQUIRE_MESSAGE(result.status == 0, command);
    return json::parse(result.out);
  }
  std::string sha256sum(const std::filesystem::path& file) {
    const Run result = run("sha256sum " + file.string());
    REQUIRE(result.status == 0);
    return result.out.substr(0, 64);
  }

 private:
  std::filesystem::path dir_;
};

}  // namespace

TEST_CASE("stock capnp, zstd, sha256sum and minisign read and check a bundle without newsarc") {
  const KeyPair keys = generateKeyPair();
  const Bytes file = manyArticles(keys.secretKey);
  const Bundle bundle = Bundle::fromMemory(file, "many.newsarc");
  TempDir dir;
  StockReader stock(dir, file);
  const std::string schema = bundle.schemaText();
  writeFileBytes(stock.path("schema.capnp"), toBytes(schema));

  // The seal, from the footer's first two fields: its bytes are what the library signs.
  const std::size_t footer = file.size() - 192;
  const std::filesystem::path sealFile =
      stock.cut("seal.bin", u64At(file, footer), u64At(file, footer + 8));
  const Bytes sealBytes = readFileBytes(sealFile);
  CHECK(sealBytes == Bytes(bundle.sealBytes().begin(), bundle.sealBytes().end()));
  const json seal = stock.decode("Seal", sealFile);
  const BundleInfo info = bundle.info();
  CHECK(seal["formatMajor"] == 2);
  CHECK(seal["digestAlgorithm"] == "sha256");
  CHECK(seal["bundleId"] == info.bundleId);
  CHECK(seal["created"] == info.created);
  CHECK(number(seal["contentCount"]) == info.contentCount);
  CHECK(number(seal["clusterCount"]) == info.clusterCount);
  CHECK(number(seal["index"]["count"]) == bundle.articleCount());
  REQUIRE(seal.contains("dictionary"));  // clusters are compressed with it

  // The schema's extent decompresses to the text the library hands out.
  CHECK(readFileBytes(stock.extent("schema", seal["schema"])) == toBytes(schema));

  // The bundle information.
  const json bundleInfo = stock.decode("BundleInfo", stock.extent("info", seal["info"]));
  CHECK(bundleInfo["creatorTool"] == info.creatorTool);

  // The extent table's root page (one leaf at this size) lists every extent but the pages.
  REQUIRE(seal["extents"]["depth"] == 1);
  const json table = stock.decode("ExtentPage", stock.extent("extents", seal["extents"]["root"]));
  const std::size_t listed = table["offsets"].size();
  REQUIRE(listed == number(seal["extents"]["count"]));
  const std::filesystem::path dictionary =
      stock.extent("dictionary", seal["dictionary"]);  // stored raw
  std::set<std::string> contentDigests;
  std::vector<std::filesystem::path> clusters;
  std::size_t compressed = 0;
  for (std::size_t i = 0; i < listed; ++i) {
    const std::uint64_t offset = number(table["offsets"][i]);
    const std::uint64_t storedSize = number(table["storedSizes"][i]);
    const std::uint64_t rawSize = number(table["rawSizes"][i]);
    const std::string kind = table["kinds"][i];
    const std::string name = kind + "-" + std::to_string(offset);
    const std::filesystem::path stored = stock.cut(name + ".zst", offset, storedSize);
    // storedDigests: 32 bytes an extent, one after the other.
    json digest = json::array();
    for (std::size_t b = 0; b < 32; ++b) digest.push_back(table["storedDigests"][32 * i + b]);
    CHECK(stock.sha256sum(stored) == hexOf(digest));
    std::filesystem::path raw = stored;
    if (storedSize != rawSize) {  // a zstd frame (5.1: a frame is smaller than its raw bytes)
      ++compressed;
      raw = stock.path(name);
      std::string command = "zstd -q -d -f ";
      if (kind == "cluster") command += "-D " + dictionary.string() + " ";
      command += stored.string() + " -o " + raw.string();
      REQUIRE_MESSAGE(run(command).status == 0, command);
      CHECK(std::filesystem::file_size(raw) == rawSize);
    }
    if (kind == "content") contentDigests.insert(stock.sha256sum(raw));
    if (kind == "cluster") clusters.push_back(raw);
  }
  CHECK(compressed >= 3);
  CHECK(clusters.size() == info.clusterCount);
  CHECK(clusters.size() > 1);

  // Every image and attachment the articles name is a content extent with its raw digest (but
  // content of no bytes, which no extent holds: an extent has at least one byte).
  std::set<std::string> named;
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
    const Article a = bundle.article(i);
    for (const Image& image : a.images) {
      if (image.content.size > 0) named.insert(hexOf(image.content.digest));
    }
    for (const Attachment& attachment : a.attachments) {
      if (attachment.content.size > 0) named.insert(hexOf(attachment.content.digest));
    }
  }
  CHECK(named == contentDigests);

  // The index's root page (one leaf): the ids in order, and where each record is.
  REQUIRE(seal["index"]["depth"] == 1);
  const json index = stock.decode("IndexLeafPage", stock.extent("index", seal["index"]["root"]));
  REQUIRE(index["idLengths"].size() == bundle.articleCount());
  std::string firstId;
  for (std::size_t b = 0; b < index["idLengths"][0].get<std::size_t>(); ++b) {
    firstId += static_cast<char>(index["ids"][b].get<int>());
  }
  CHECK(firstId == bundle.summary(0).id);

  // The first record of the first cluster, cut by its segment table, is the first article.
  const Bytes cluster = readFileBytes(clusters.front());
  std::uint64_t words = 0;
  for (int i = 7; i >= 4; --i) words = words << 8 | cluster[static_cast<std::size_t>(i)];
  const Bytes record(cluster.begin(), cluster.begin() + static_cast<std::ptrdiff_t>(8 + 8 * words));
  writeFileBytes(stock.path("record.bin"), record);
  const json article = stock.decode("Article", stock.path("record.bin"));
  CHECK(article["uri"] == firstId);
  CHECK(article["headline"] == bundle.article(std::size_t{0}).headline);

  // Stock minisign verifies the seal against the signature exported from the bundle, and
  // refuses it for a changed seal.
  const std::vector<Signature> signatures = bundle.signatures();
  REQUIRE(signatures.size() == 1);
  // The signature section, from the footer's next two fields, decodes with stock capnp too.
  const json section =
      stock.decode("SignatureSet",
                   stock.cut("signatures.bin", u64At(file, footer + 16), u64At(file, footer + 24)));
  REQUIRE(section["signatures"].size() == 1);
  CHECK(section["signatures"][0]["algorithm"] == "ed25519Blake2bPrehashed");
  CHECK(section["signatures"][0]["trustedComment"] == signatures[0].trustedComment);
  json keyId = json::array();
  for (std::uint8_t b : signatures[0].keyId) keyId.push_back(b);
  CHECK(section["signatures"][0]["keyId"] == keyId);
  writeFileBytes(stock.path("signature-0.minisig"),
                 toBytes(formatMinisignSignature(signatures[0])));
  writeFileBytes(stock.path("key.pub"), toBytes(formatPublicKey(keys.publicKey)));
  const std::string verify = "minisign -V -m " + sealFile.string() + " -x " +
                             stock.path("signature-0.minisig").string() + " -p " +
                             stock.path("key.pub").string();
  const Run verified = run(verify + " 2>&1");
  CHECK_MESSAGE(verified.status == 0, verified.out);
  CHECK(verified.out.find("Signature and comment signature verified") != std::string::npos);
  Bytes changed = sealBytes;
  changed[changed.size() / 2] ^= 1;
  writeFileBytes(sealFile, changed);
  CHECK(run(verify + " >/dev/null 2>&1").status != 0);
}
