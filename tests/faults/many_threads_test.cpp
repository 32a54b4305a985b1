// Many threads reading one open bundle at once (reader.h: a Bundle is immutable once open, and any
// number of threads may call its const methods at once). Each thread lists, finds, reads every
// article and every image and attachment, whole and streamed, in an order of its own, and some
// verify the bundle meanwhile; everything must equal what was packed. Run in the normal suite and,
// built with -fsanitize=thread, by `scripts/sanitize.sh thread` (label threads); a binary of its
// own so that the TSan build compiles only this of the unit tests.
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <thread>
#include <vector>

#include "../fuzz/fuzz_support.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

constexpr std::size_t kThreads = 8;

// Small articles, each with its own image and notice, so that records share a zstd dictionary;
// two with attachments of several 256 KiB pieces, read in pieces; and the awkward ones.
std::vector<ArticleWithFiles> manyArticles() {
  std::vector<ArticleWithFiles> items = awkwardArticles();
  for (int i = 0; i < 48; ++i) {
    char uri[32];
    std::snprintf(uri, sizeof uri, "urn:test:threads:%03d", i);
    ArticleWithFiles item = smallArticle(uri);
    item.article.headline += " (" + std::to_string(i) + ")";
    item.images[0].bytes = randomBytes(200 + 97 * static_cast<std::size_t>(i), 1000 + i);
    std::string notice;
    for (int line = 0; line <= i; ++line) notice += "Notice " + std::to_string(line) + ".\n";
    item.attachments[0].bytes = toBytes(notice);
    items.push_back(std::move(item));
  }
  for (int i = 0; i < 2; ++i) {
    ArticleWithFiles item = smallArticle("urn:test:threads:large-" + std::to_string(i));
    std::string text;
    while (text.size() < 700'000) text += "Line " + std::to_string(text.size()) + " of a report.\n";
    item.attachments[0].bytes = toBytes(text);
    item.images[0].bytes = randomBytes(400'000, 77 + i);
    items.push_back(std::move(item));
  }
  return items;
}

// Everything one thread reads, compared with what was packed; what differs, in words.
std::vector<std::string> readAll(const Bundle& bundle, const std::vector<Article>& expected,
                                 const std::map<std::string, const ArticleWithFiles*>& packed,
                                 std::size_t start, const PublicKey* verifyWith) {
  std::vector<std::string> problems;
  auto expect = [&problems](bool ok, const std::string& what) {
    if (!ok) problems.push_back(what);
  };
  const std::size_t count = bundle.articleCount();
  for (std::size_t k = 0; k < count; ++k) {
    const std::size_t i = (start + k * 5) % count;  // 5 is prime to the count: each article once
    const ArticleSummary summary = bundle.summary(i);
    expect(bundle.find(summary.id) == i, "find " + summary.id);
    const Article article = bundle.article(i);
    expect(article == expected[i], "article " + summary.id);
    const ArticleWithFiles& source = *packed.at(article.uri);
    for (std::size_t n = 0; n < article.images.size(); ++n) {
      expect(bundle.read(article.images[n].content) == source.images[n].bytes,
             "image of " + summary.id);
    }
    for (std::size_t n = 0; n < article.attachments.size(); ++n) {
      Bytes streamed;
      bundle.read(article.attachments[n].content, [&streamed](std::span<const std::uint8_t> p) {
        streamed.insert(streamed.end(), p.begin(), p.end());
      });
      expect(streamed == source.attachments[n].bytes, "attachment of " + summary.id);
    }
  }
  expect(bundle.info().articleCount == count, "info");
  expect(bundle.signatures().size() == 1, "signatures");
  if (verifyWith != nullptr) {
    VerifyOptions options;
    options.trustedKeys = {*verifyWith};
    expect(verify(bundle, options).ok(), "verify");
  }
  return problems;
}

}  // namespace

TEST_CASE("many threads reading one bundle at once read exactly what was packed") {
  const KeyPair key = newsarc_fuzz::fixedKeyPair();
  const std::vector<ArticleWithFiles> items = manyArticles();
  TempDir dir;
  writeFileBytes(dir.path() / "many.newsarc", buildBundle(items, {&key.secretKey}));
  const Bundle bundle = Bundle::open(dir.path() / "many.newsarc");

  std::map<std::string, const ArticleWithFiles*> packed;
  for (const auto& item : items) packed[item.article.uri] = &item;
  std::vector<Article> expected;  // read by one thread first
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) expected.push_back(bundle.article(i));
  REQUIRE(expected.size() == items.size());
  REQUIRE(readAll(bundle, expected, packed, 0, &key.publicKey).empty());

  std::vector<std::vector<std::string>> problems(kThreads);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      try {
        problems[t] =
            readAll(bundle, expected, packed, t * 7, t % 3 == 0 ? &key.publicKey : nullptr);
      } catch (const std::exception& e) {
        problems[t].push_back(std::string("threw: ") + e.what());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (std::size_t t = 0; t < kThreads; ++t) {
    INFO("thread " << t);
    CHECK(problems[t] == std::vector<std::string>{});
  }
}
