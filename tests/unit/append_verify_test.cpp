// Verifying a chain of states (spec/FORMAT.md 11.2): every state's tail, signatures and link,
// state 0 whole and each later state's delta; `--quick` the newest tail only; `--seal N` the
// prefix that is state N; single articles proved wherever their records and contents lie. Every
// flipped byte and every cut but at a state's end fails.
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

ArticleWithFiles revised(const std::string& uri, const std::string& headline) {
  ArticleWithFiles item = smallArticle(uri);
  item.article.headline = headline;
  return item;
}

void appendItems(const std::filesystem::path& path, const std::vector<ArticleWithFiles>& items,
                 const SecretKey& key) {
  BundleWriter writer = BundleWriter::append(path);
  writer.addSigner(key, "tests");
  for (const ArticleWithFiles& item : items) {
    writer.reuseContentOf(item.article.uri);
    addWithFiles(writer, item);
  }
  writer.finish();
}

// Three states, each signed by a key of its own: a and b; b revised and c new; a revised and d
// new. ends[k] is E(k), the end of state k's footer.
struct Chain {
  TempDir dir;
  std::filesystem::path path = dir.path() / "chain.newsarc";
  KeyPair keys[3] = {generateKeyPair(), generateKeyPair(), generateKeyPair()};
  std::vector<std::uint64_t> ends;
  Bytes bytes;

  Chain() {
    writeFileBytes(
        path, buildBundle({smallArticle("urn:a"), smallArticle("urn:b")}, {&keys[0].secretKey}));
    ends.push_back(std::filesystem::file_size(path));
    appendItems(path, {revised("urn:b", "B, corrected"), smallArticle("urn:c")}, keys[1].secretKey);
    ends.push_back(std::filesystem::file_size(path));
    appendItems(path, {revised("urn:a", "A, updated"), smallArticle("urn:d")}, keys[2].secretKey);
    ends.push_back(std::filesystem::file_size(path));
    bytes = readFileBytes(path);
  }
};

VerifyOptions trusting(const PublicKey& key) {
  VerifyOptions options;
  options.trustedKeys = {key};
  return options;
}

std::string failuresOf(const VerifyReport& report) {
  std::string out;
  for (const Check& c : report.failures()) {
    out += c.name + ": " + c.item + ": " + c.detail + "\n";
  }
  return out;
}

std::vector<Check> named(const VerifyReport& report, const std::string& name) {
  std::vector<Check> out;
  std::copy_if(report.checks.begin(), report.checks.end(), std::back_inserter(out),
               [&](const Check& c) { return c.name == name; });
  return out;
}

}  // namespace

TEST_CASE("a chain of three states verifies fully, each state's tail, link and delta checked") {
  Chain chain;
  const VerifyReport report = verifyFile(chain.path, trusting(chain.keys[2].publicKey));
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  // The header once; a tail, signatures and a delta for each state; a link for each append.
  CHECK(named(report, "header").size() == 1);
  CHECK(named(report, "footer").size() == 3);
  CHECK(named(report, "seal").size() == 3);
  CHECK(named(report, "chain").size() == 2);
  CHECK(named(report, "history").size() == 2);
  CHECK(named(report, "coverage").size() == 3);
  CHECK(named(report, "counts").size() == 3);
  // The newest state's lines read as a single state's; the earlier ones say which state.
  for (const Check& c : named(report, "seal")) {
    CHECK((c.item == "seal" || c.item == "state 0: seal" || c.item == "state 1: seal"));
  }
  const std::vector<Check> history = named(report, "history");
  CHECK(history[0].item == "state 1: index");
  CHECK(history[1].item == "index");
}

TEST_CASE("every state's signatures are checked and reported, the keys required of the newest") {
  Chain chain;
  const VerifyReport report = verifyFile(chain.path);
  const std::vector<Check> signatures = named(report, "signature");
  REQUIRE(signatures.size() == 3);
  for (const Check& c : signatures) CHECK(c.passed);
  CHECK(signatures[0].item.find(keyIdToHex(chain.keys[2].publicKey.keyId)) != std::string::npos);
  CHECK(signatures[1].item.starts_with("state 1: signature 0"));
  CHECK(signatures[1].item.find(keyIdToHex(chain.keys[1].publicKey.keyId)) != std::string::npos);
  CHECK(signatures[2].item.starts_with("state 0: signature 0"));
  // The first state's key is not the newest's.
  CHECK_FALSE(verifyFile(chain.path, trusting(chain.keys[0].publicKey)).ok());
}

TEST_CASE("quick verification of a chain reads the newest tail only") {
  Chain chain;
  VerifyOptions options = trusting(chain.keys[2].publicKey);
  options.quick = true;
  const VerifyReport report = verifyFile(chain.path, options);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  CHECK(named(report, "seal").size() == 1);
  CHECK(named(report, "chain").empty());
  // Damage before the newest tail is not seen.
  Bytes damaged = chain.bytes;
  damaged[chain.ends[0] + 4] ^= 1;
  CHECK(verifyMemory(damaged, "damaged", options).ok());
  options.quick = false;
  CHECK_FALSE(verifyMemory(damaged, "damaged", options).ok());
}

TEST_CASE("--seal N verifies the prefix that is state N") {
  Chain chain;
  for (std::uint32_t n = 0; n < 3; ++n) {
    CAPTURE(n);
    VerifyOptions options = trusting(chain.keys[n].publicKey);
    options.state = n;
    const VerifyReport report = verifyFile(chain.path, options);
    CHECK_MESSAGE(report.ok(), failuresOf(report));
    CHECK(named(report, "chain").size() == n);
    // The same report as the prefix alone gives.
    const std::span<const std::uint8_t> prefix(chain.bytes.data(), chain.ends[n]);
    options.state.reset();
    const VerifyReport alone = verifyMemory(prefix, chain.path.string(), options);
    REQUIRE(alone.checks.size() == report.checks.size());
    for (std::size_t i = 0; i < alone.checks.size(); ++i) {
      CHECK(alone.checks[i].item == report.checks[i].item);
      CHECK(alone.checks[i].detail == report.checks[i].detail);
    }
  }
  // The keys are required of the state verified.
  VerifyOptions options = trusting(chain.keys[2].publicKey);
  options.state = 1;
  CHECK_FALSE(verifyFile(chain.path, options).ok());
  // A state the bundle does not have.
  options = {};
  options.state = 3;
  const VerifyReport missing = verifyFile(chain.path, options);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.failures().front().name == "chain");
  CHECK(missing.failures().front().item == "state 3");
}

TEST_CASE("--seal N on damage after state N still verifies state N") {
  Chain chain;
  Bytes damaged = chain.bytes;
  damaged[chain.ends[1] + 8] ^= 0x40;  // state 2's first extent
  VerifyOptions options;
  options.state = 1;
  CHECK(verifyMemory(damaged, "damaged", options).ok());
  CHECK_FALSE(verifyMemory(damaged, "damaged").ok());
}

TEST_CASE("articles of a chain are proved wherever their records and contents lie") {
  Chain chain;
  VerifyOptions options = trusting(chain.keys[2].publicKey);
  options.articles = {"urn:a", "urn:b", "urn:c", "urn:d"};
  const VerifyReport report = verifyFile(chain.path, options);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  CHECK(named(report, "article").size() == 4);
  // urn:a's image is state 0's content: damage there fails its proof.
  const Bundle bundle = Bundle::open(chain.path);
  const Article a = bundle.article(std::string_view("urn:a"));
  REQUIRE(a.images[0].content.extent.offset < chain.ends[0]);
  Bytes damaged = chain.bytes;
  damaged[a.images[0].content.extent.offset + 10] ^= 1;
  options.articles = {"urn:a"};
  const VerifyReport proof = verifyMemory(damaged, "damaged", options);
  CHECK_FALSE(proof.ok());
  CHECK_FALSE(named(proof, "content-digest").empty());
}

TEST_CASE("a chain from an empty bundle, and a state that adds no article, verify") {
  TempDir dir;
  const auto path = dir.path() / "empty.newsarc";
  writeFileBytes(path, buildBundle({}));
  const KeyPair key = generateKeyPair();
  appendItems(path, {}, key.secretKey);
  VerifyReport report = verifyFile(path);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  appendItems(path, {smallArticle("urn:a"), smallArticle("urn:b")}, key.secretKey);
  appendItems(path, {}, key.secretKey);
  report = verifyFile(path);
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  CHECK(named(report, "chain").size() == 3);
  CHECK(Bundle::open(path).articleCount() == 2);
}

TEST_CASE("flipping any single byte of a chain of states makes full verification fail") {
  Chain chain;
  MESSAGE("chain of " << chain.bytes.size() << " bytes");
  std::size_t undetected = 0;
  for (std::size_t at = 0; at < chain.bytes.size(); ++at) {
    Bytes damaged = chain.bytes;
    damaged[at] ^= 0x01;
    const VerifyReport report = verifyMemory(damaged, "flipped");
    if (report.ok()) {
      ++undetected;
      MESSAGE("flip at offset " << at << " went undetected");
    }
  }
  CHECK(undetected == 0);
}

TEST_CASE("every cut of a chain fails, but at a state's end, which is that state whole") {
  Chain chain;
  for (std::size_t length = 0; length < chain.bytes.size(); ++length) {
    const std::span<const std::uint8_t> cut(chain.bytes.data(), length);
    const VerifyReport report = verifyMemory(cut, "cut.newsarc");
    const bool stateEnd =
        std::find(chain.ends.begin(), chain.ends.end(), length) != chain.ends.end();
    CAPTURE(length);
    CHECK(report.ok() == stateEnd);
    if (!stateEnd) {
      const Check first = report.failures().front();
      CHECK((first.name == "header" || first.name == "footer"));
    }
  }
}

namespace {

// `newsarc ARGS` run as a user runs it: its exit code, and its stdout and stderr.
struct Run {
  int code = -1;
  std::string out;
  std::string err;
};

Run newsarc(const TempDir& dir, const std::string& args) {
  const auto out = dir.path() / "out.txt";
  const auto err = dir.path() / "err.txt";
  const std::string command = std::string("'") + NEWSARC_BINARY + "' " + args + " >'" +
                              out.string() + "' 2>'" + err.string() + "'";
  const int status = std::system(command.c_str());
  Run run;
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  auto slurp = [](const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  run.out = slurp(out);
  run.err = slurp(err);
  return run;
}

}  // namespace

TEST_CASE("newsarc verify --seal N verifies each state of a chain, the newest without it") {
  Chain chain;
  const std::string bundle = "'" + chain.path.string() + "'";
  Run run = newsarc(chain.dir, "verify -q " + bundle);
  CHECK_MESSAGE(run.code == 0, (run.out + run.err));
  CHECK(run.out.find("ok    chain: previous seal: state 1: seal at ") != std::string::npos);
  CHECK(run.out.find("ok    chain: state 1: previous seal: state 0: seal at ") !=
        std::string::npos);
  CHECK(run.out.find("ok    history: index: state 1's entries") != std::string::npos);
  CHECK(run.out.find("ok    signature: state 0: signature 0 (key ") != std::string::npos);
  // The conclusion names the newest state's signer only.
  CHECK(run.out.find("intact, signed by key " + keyIdToHex(chain.keys[2].publicKey.keyId) +
                     "; origin NOT checked") != std::string::npos);
  for (int n = 0; n < 3; ++n) {
    CAPTURE(n);
    run = newsarc(chain.dir, "verify -q " + bundle + " --seal " + std::to_string(n));
    CHECK_MESSAGE(run.code == 0, (run.out + run.err));
    CHECK(run.out.find("intact, signed by key " + keyIdToHex(chain.keys[n].publicKey.keyId) +
                       "; origin") != std::string::npos);
    const bool chained = run.out.find("chain:") != std::string::npos;
    CHECK(chained == (n > 0));
  }
  run = newsarc(chain.dir, "verify -q " + bundle + " --seal 3");
  CHECK(run.code == 7);
  CHECK(run.err.find("chain: state 3") != std::string::npos);
  // Damage in state 1's data: the whole chain and state 1 fail, state 0 does not.
  Bytes damaged = chain.bytes;
  damaged[chain.ends[0] + 8] ^= 0x10;
  writeFileBytes(chain.path, damaged);
  CHECK(newsarc(chain.dir, "verify -q " + bundle).code == 3);
  CHECK(newsarc(chain.dir, "verify -q " + bundle + " --seal 1").code == 3);
  CHECK(newsarc(chain.dir, "verify -q " + bundle + " --seal 0").code == 0);
}
