// Damage to a signed bundle: every flipped byte and every truncation must fail verification with
// a clear report, and never crash, hang or throw past the API.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <doctest/doctest.h>

#include <thread>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

struct SignedBundle {
  KeyPair keys = generateKeyPair();
  Bytes bytes;
  SignedBundle() { bytes = buildBundle({smallArticle("urn:test:signed")}, {&keys.secretKey}); }
};

VerifyOptions trusting(const PublicKey& key) {
  VerifyOptions options;
  options.trustedKeys = {key};
  return options;
}

// Reads everything a user could ask for; any Error is fine, anything else fails the test.
void readEverything(std::span<const std::uint8_t> bytes) {
  try {
    Bundle bundle = Bundle::fromMemory(bytes, "damaged");
    bundle.info();
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
      bundle.summary(i);
      try {
        Article a = bundle.article(i);
        for (const auto& image : a.images) bundle.read(image.content);
      } catch (const Error&) {
      }
    }
    bundle.signatures();
    bundle.schemaText();
  } catch (const Error&) {
  }
}

}  // namespace

TEST_CASE("the intact signed bundle verifies against its key") {
  SignedBundle b;
  VerifyReport report = verifyMemory(b.bytes, "intact", trusting(b.keys.publicKey));
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
}

TEST_CASE("verify gives the same report with any number of threads, progress on the caller's") {
  SignedBundle b;
  KeyPair other = generateKeyPair();
  Bytes damaged = b.bytes;
  damaged[100] ^= 0x01;  // in the data region: a failing blob check among passing ones
  for (const Bytes* bytes : {&b.bytes, &damaged}) {
    std::vector<std::vector<std::string>> reports;
    for (unsigned jobs : {1u, 0u, 4u}) {
      VerifyOptions options = trusting(b.keys.publicKey);
      options.keyring = {other.publicKey, b.keys.publicKey};
      options.jobs = jobs;
      const std::thread::id caller = std::this_thread::get_id();
      std::size_t calls = 0;
      options.progress = [&](std::uint64_t, std::uint64_t) {
        ++calls;
        CHECK(std::this_thread::get_id() == caller);
      };
      VerifyReport report = verifyMemory(*bytes, "bundle", options);
      CHECK(calls > 0);
      std::vector<std::string> lines;
      for (const Check& c : report.checks) {
        lines.push_back(c.name + (c.passed ? " ok " : " FAILED ") + c.item + ": " + c.detail);
      }
      reports.push_back(lines);
    }
    CHECK(reports[0] == reports[1]);
    CHECK(reports[0] == reports[2]);
  }
}

TEST_CASE("flipping any single byte of a signed bundle makes verification fail") {
  SignedBundle b;
  MESSAGE("bundle of " << b.bytes.size() << " bytes");
  std::size_t undetected = 0;
  for (std::size_t at = 0; at < b.bytes.size(); ++at) {
    Bytes damaged = b.bytes;
    damaged[at] ^= 0x01;
    VerifyReport report = verifyMemory(damaged, "flipped", trusting(b.keys.publicKey));
    if (report.ok()) {
      ++undetected;
      MESSAGE("flip at offset " << at << " went undetected");
    } else {
      const Check first = report.failures().front();  // a copy: failures() is a temporary
      CHECK_FALSE(first.detail.empty());
    }
    if (at % 97 == 0) readEverything(damaged);
  }
  CHECK(undetected == 0);
}

TEST_CASE("other bit patterns at every byte are caught too") {
  SignedBundle b;
  std::size_t undetected = 0;
  for (std::size_t at = 0; at < b.bytes.size(); at += 3) {
    Bytes damaged = b.bytes;
    damaged[at] ^= 0x80;
    if (verifyMemory(damaged, "flipped", trusting(b.keys.publicKey)).ok()) ++undetected;
  }
  CHECK(undetected == 0);
}

TEST_CASE("truncation at every length fails with a message naming the file") {
  SignedBundle b;
  for (std::size_t length = 0; length < b.bytes.size(); ++length) {
    std::span<const std::uint8_t> cut(b.bytes.data(), length);
    VerifyReport report = verifyMemory(cut, "cut.newsarc", trusting(b.keys.publicKey));
    REQUIRE_FALSE(report.ok());
    CHECK(report.failures().front().name == "open");
    try {
      Bundle::fromMemory(cut, "cut.newsarc");
      FAIL("a truncated bundle opened");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kCorruption);
      CHECK(std::string(e.what()).starts_with("cut.newsarc: "));
    }
  }
}

TEST_CASE("trailing bytes after the footer are refused") {
  SignedBundle b;
  Bytes longer = b.bytes;
  longer.push_back(0);
  CHECK_FALSE(verifyMemory(longer, "longer").ok());
}

TEST_CASE("a signature by another key does not satisfy --key") {
  SignedBundle b;
  KeyPair other = generateKeyPair();
  VerifyReport report = verifyMemory(b.bytes, "other", trusting(other.publicKey));
  REQUIRE_FALSE(report.ok());
  CHECK(report.failures().front().name == "trusted-key");
}

TEST_CASE("an unsigned bundle passes integrity checks but not a required key") {
  KeyPair keys = generateKeyPair();
  Bytes unsigned_ = buildBundle({smallArticle("urn:test:unsigned")});
  CHECK(verifyMemory(unsigned_, "unsigned").ok());
  CHECK_FALSE(verifyMemory(unsigned_, "unsigned", trusting(keys.publicKey)).ok());
}

TEST_CASE("quick verification checks signatures without reading the data") {
  SignedBundle b;
  Bundle bundle = Bundle::fromMemory(b.bytes, "quick");
  Bytes zeroed = b.bytes;
  std::uint64_t dataEnd = bundle.blob(static_cast<std::uint32_t>(bundle.blobCount() - 1)).offset;
  std::fill(zeroed.begin() + 40, zeroed.begin() + static_cast<std::ptrdiff_t>(dataEnd), 0);
  VerifyOptions options = trusting(b.keys.publicKey);
  options.quick = true;
  CHECK(verifyMemory(zeroed, "quick", options).ok());
  options.quick = false;
  CHECK_FALSE(verifyMemory(zeroed, "full", options).ok());
}

TEST_CASE("the report is the same whatever the number of threads verifying") {
  // Enough blobs for several chunks, then damage in many places: the same checks, in the same
  // order, with the same counts of failures not listed.
  std::vector<ArticleWithFiles> items;
  for (int i = 0; i < 700; ++i) {
    ArticleWithFiles item = smallArticle("urn:test:threads:" + std::to_string(i));
    item.images[0].bytes = randomBytes(200 + i, static_cast<std::uint32_t>(i));
    item.images[0].bytes[0] = 0xff, item.images[0].bytes[1] = 0xd8, item.images[0].bytes[2] = 0xff;
    items.push_back(std::move(item));
  }
  const Bytes intact = buildBundle(items);
  auto reportOf = [](std::span<const std::uint8_t> bytes, unsigned jobs) {
    VerifyOptions options;
    options.jobs = jobs;
    std::vector<std::string> lines;
    for (const Check& c : verifyMemory(bytes, "threads", options).checks) {
      lines.push_back(c.name + (c.passed ? " ok " : " FAIL ") + c.item + " " +
                      (c.offset ? std::to_string(*c.offset) : "-") + " " + c.detail);
    }
    return lines;
  };
  CHECK(reportOf(intact, 1) == reportOf(intact, 4));
  Bundle bundle = Bundle::fromMemory(intact, "threads");
  const std::uint64_t dataEnd =
      bundle.blob(static_cast<std::uint32_t>(bundle.blobCount() - 1)).offset;
  Bytes damaged = intact;
  for (std::uint64_t at = 64; at < dataEnd; at += 997) damaged[at] ^= 0x10;
  const std::vector<std::string> one = reportOf(damaged, 1);
  CHECK(one == reportOf(damaged, 2));
  CHECK(one == reportOf(damaged, 5));
  bool summed = false;
  for (const std::string& line : one)
    summed |= line.find("more failures of this check") != std::string::npos;
  CHECK(summed);
}
