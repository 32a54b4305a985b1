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

TEST_CASE("verify reports progress on the caller's thread, up to the seal's stored bytes") {
  SignedBundle b;
  Bytes damaged = b.bytes;
  damaged[100] ^= 0x01;  // in the data region: a failing check among passing ones
  const std::uint64_t total = Bundle::fromMemory(b.bytes, "bundle").info().storedBytes;
  for (const Bytes* bytes : {&b.bytes, &damaged}) {
    VerifyOptions options = trusting(b.keys.publicKey);
    const std::thread::id caller = std::this_thread::get_id();
    std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
    options.progress = [&](std::uint64_t done, std::uint64_t all) {
      calls.emplace_back(done, all);
      CHECK(std::this_thread::get_id() == caller);
    };
    const VerifyReport report = verifyMemory(*bytes, "bundle", options);
    CHECK(report.ok() == (bytes == &b.bytes));
    REQUIRE(calls.size() > 1);
    CHECK(calls.back() == std::pair{total, total});
    for (std::size_t i = 1; i < calls.size(); ++i) CHECK(calls[i - 1].first <= calls[i].first);
    options.quick = true;
    calls.clear();
    verifyMemory(*bytes, "bundle", options);
    CHECK(calls.empty());  // the tail alone: nothing of the data region is read
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
    const Check first = report.failures().front();
    CHECK((first.name == "header" || first.name == "footer"));
    CHECK_FALSE(first.detail.empty());
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
  const auto sealOffset = bundle.sealBytes().data() - bundle.bytes().data();
  std::fill(zeroed.begin() + 32, zeroed.begin() + sealOffset, 0);
  VerifyOptions options = trusting(b.keys.publicKey);
  options.quick = true;
  CHECK(verifyMemory(zeroed, "quick", options).ok());
  options.quick = false;
  CHECK_FALSE(verifyMemory(zeroed, "full", options).ok());
}

TEST_CASE("a check that fails many times lists the first failures and counts the rest") {
  std::vector<ArticleWithFiles> items;
  for (int i = 0; i < 700; ++i) {
    ArticleWithFiles item = smallArticle("urn:test:many:" + std::to_string(i));
    item.images[0].bytes = randomBytes(200 + i, static_cast<std::uint32_t>(i));
    item.images[0].bytes[0] = 0xff, item.images[0].bytes[1] = 0xd8, item.images[0].bytes[2] = 0xff;
    items.push_back(std::move(item));
  }
  const Bytes intact = buildBundle(items);
  Bundle bundle = Bundle::fromMemory(intact, "many");
  Bytes damaged = intact;
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) {  // every image: 700 failures
    const ContentExtent image = bundle.article(i).images[0].content.extent;
    damaged[image.offset + image.storedSize / 2] ^= 0x10;
  }
  std::size_t listed = 0;
  std::string summary;
  for (const Check& c : verifyMemory(damaged, "many").checks) {
    if (c.name != "extent-digest" || c.passed) continue;
    if (c.detail.find("more failures of this check") != std::string::npos) {
      summary = c.detail;
    } else {
      ++listed;
    }
  }
  CHECK(listed == 50);
  CHECK(summary == "650 more failures of this check not listed");
}
