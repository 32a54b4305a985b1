// Bundle::fromSource and verifySource: a bundle read by offset, as a remote one is, gives exactly
// what the same bytes in memory give, reads only the ranges it needs, and turns a failing or
// hostile source into clean errors.
#include <archive_news/error.h>
#include <archive_news/range_source.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// Bytes in memory behind the RangeSource interface, recording every range asked for; reads
// fail while `failing` is set.
class RecordingSource final : public RangeSource {
 public:
  explicit RecordingSource(Bytes bytes) : bytes_(std::move(bytes)) {}
  const std::string& name() const override { return name_; }
  std::uint64_t size() const override { return bytes_.size(); }
  void read(std::uint64_t offset, std::span<std::uint8_t> out) const override {
    REQUIRE(offset + out.size() <= bytes_.size());
    const std::lock_guard lock(mutex_);
    reads_.emplace_back(offset, out.size());
    if (failing) throw Error(ErrorCode::kIOError, name_, offset, "the test's source fails");
    std::copy_n(bytes_.begin() + static_cast<std::ptrdiff_t>(offset), out.size(), out.begin());
  }
  std::vector<std::pair<std::uint64_t, std::uint64_t>> reads() const {
    const std::lock_guard lock(mutex_);
    return reads_;
  }
  std::uint64_t bytesRead() const {
    std::uint64_t total = 0;
    for (const auto& [offset, size] : reads()) total += size;
    return total;
  }
  std::atomic<bool> failing{false};

 private:
  Bytes bytes_;
  std::string name_ = "http://test.invalid/b.newsarc";
  mutable std::mutex mutex_;
  mutable std::vector<std::pair<std::uint64_t, std::uint64_t>> reads_;
};

// Articles with images large enough that the bundle is several blocks long.
Bytes largeBundle() {
  std::vector<ArticleWithFiles> items;
  for (int i = 0; i < 6; ++i) {
    ArticleWithFiles item = smallArticle("urn:test:large:" + std::to_string(i));
    item.images[0].bytes = randomBytes(200 << 10, 40 + i);  // random: stored as it is
    items.push_back(std::move(item));
  }
  return buildBundle(items);
}

}  // namespace

TEST_CASE("range source: every article, summary and content reads as from memory") {
  const Bytes bytes = buildBundle(awkwardArticles());
  const Bundle memory = Bundle::fromMemory(bytes, "memory");
  const Bundle remote = Bundle::fromSource(std::make_shared<RecordingSource>(bytes));
  CHECK(remote.name() == "http://test.invalid/b.newsarc");
  REQUIRE(remote.articleCount() == memory.articleCount());
  for (std::size_t i = 0; i < memory.articleCount(); ++i) {
    CAPTURE(i);
    const Article a = memory.article(i);
    const Article b = remote.article(i);
    CHECK(b == a);
    CHECK(remote.summary(i).id == memory.summary(i).id);
    for (std::size_t k = 0; k < a.images.size(); ++k) {
      CHECK(remote.read(b.images[k].content) == memory.read(a.images[k].content));
    }
    for (std::size_t k = 0; k < a.attachments.size(); ++k) {
      CHECK(remote.read(b.attachments[k].content) == memory.read(a.attachments[k].content));
    }
  }
  CHECK(remote.sealBytes().size() == memory.sealBytes().size());
  CHECK(std::equal(remote.bytes().begin(), remote.bytes().end(), bytes.begin(), bytes.end()));
}

TEST_CASE("range source: opening reads the tail alone, one article a few blocks more") {
  const Bytes bytes = largeBundle();
  REQUIRE(bytes.size() > (1 << 20));
  auto source = std::make_shared<RecordingSource>(bytes);
  const Bundle bundle = Bundle::fromSource(source);
  // The tail's blocks; the header is left to the verifier (spec/FORMAT.md 10.8).
  REQUIRE(source->reads().size() == 1);
  CHECK(source->reads()[0].first + source->reads()[0].second == bytes.size());
  CHECK(source->bytesRead() <= (128 << 10));
  const std::size_t opened = source->reads().size();
  const std::optional<std::size_t> at = bundle.find("urn:test:large:3");
  REQUIRE(at);
  const Article article = bundle.article(*at);
  CHECK(source->reads().size() - opened <= 3);
  // The image: its own bytes, not the others'.
  const std::uint64_t before = source->bytesRead();
  CHECK(bundle.read(article.images[0].content).size() == (200u << 10));
  CHECK(source->bytesRead() - before <= (200u << 10) + 2 * (64u << 10));
  // Nothing is asked twice.
  const std::size_t reads = source->reads().size();
  (void)bundle.article(*at);
  (void)bundle.read(article.images[0].content);
  CHECK(source->reads().size() == reads);
}

TEST_CASE("range source: verifySource, quick from the tail alone, full over every byte") {
  Bytes bytes = largeBundle();
  auto quickSource = std::make_shared<RecordingSource>(bytes);
  VerifyOptions quick;
  quick.quick = true;
  CHECK(verifySource(quickSource, quick).ok());
  CHECK(quickSource->reads().size() == 2);  // the tail and the header
  CHECK(quickSource->reads()[1].first == 0);
  CHECK(quickSource->bytesRead() <= 2 * (128 << 10));
  CHECK(verifySource(std::make_shared<RecordingSource>(bytes)).ok());
  // A byte of the middle changed: the full verify names it, the quick one cannot see it.
  const std::size_t middle = bytes.size() / 2;
  bytes[middle] ^= 0x40;
  const VerifyReport damaged = verifySource(std::make_shared<RecordingSource>(bytes));
  REQUIRE_FALSE(damaged.ok());
  CHECK(damaged.file == "http://test.invalid/b.newsarc");
  CHECK(verifySource(std::make_shared<RecordingSource>(bytes), quick).ok());
}

TEST_CASE("range source: a damaged header is the verifier's to find, not the remote reader's") {
  Bytes bytes = largeBundle();
  bytes[3] ^= 0x20;  // the magic
  const Bundle bundle = Bundle::fromSource(std::make_shared<RecordingSource>(bytes));
  CHECK(bundle.articleCount() == 6);
  VerifyOptions quick;
  quick.quick = true;
  const VerifyReport report = verifySource(std::make_shared<RecordingSource>(bytes), quick);
  REQUIRE_FALSE(report.ok());
  CHECK(report.failures()[0].name == "header");
  CHECK(report.failures()[0].offset == 0);
  // A small file comes whole with the tail: its header is checked on opening.
  Bytes small = buildBundle({smallArticle("urn:test:small")});
  REQUIRE(small.size() < (128 << 10));
  small[3] ^= 0x20;
  CHECK(codeOf([&] { (void)Bundle::fromSource(std::make_shared<RecordingSource>(small)); }) ==
        ErrorCode::kCorruption);
}

TEST_CASE("range source: a failing source gives its error, and the bundle recovers with it") {
  const Bytes bytes = largeBundle();
  auto source = std::make_shared<RecordingSource>(bytes);
  source->failing = true;
  CHECK(codeOf([&] { (void)Bundle::fromSource(source); }) == ErrorCode::kIOError);
  source->failing = false;
  const Bundle bundle = Bundle::fromSource(source);
  const Article article = bundle.article(std::size_t{4});
  source->failing = true;
  CHECK(codeOf([&] { (void)bundle.read(article.images[0].content); }) == ErrorCode::kIOError);
  source->failing = false;  // what failed was not kept as fetched: asked again
  CHECK(bundle.read(article.images[0].content).size() == (200u << 10));
}

TEST_CASE("range source: truncated and random sources are refused cleanly") {
  const Bytes bytes = buildBundle({smallArticle("urn:test:cut")});
  for (std::size_t size : {std::size_t{0}, std::size_t{1}, std::size_t{31}, std::size_t{200},
                           bytes.size() / 2, bytes.size() - 1}) {
    CAPTURE(size);
    const Bytes cut(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
    CHECK(codeOf([&] { (void)Bundle::fromSource(std::make_shared<RecordingSource>(cut)); }) ==
          ErrorCode::kCorruption);
    CHECK_FALSE(verifySource(std::make_shared<RecordingSource>(cut)).ok());
  }
  // A size no bundle has: refused before anything is allocated for it.
  class Huge final : public RangeSource {
   public:
    const std::string& name() const override { return name_; }
    std::uint64_t size() const override { return std::uint64_t{1} << 62; }
    void read(std::uint64_t, std::span<std::uint8_t>) const override { FAIL("read"); }

   private:
    std::string name_ = "huge";
  };
  CHECK(codeOf([] { (void)Bundle::fromSource(std::make_shared<Huge>()); }) ==
        ErrorCode::kLimitExceeded);
  const Bytes noise = randomBytes(300 << 10, 9);
  CHECK(codeOf([&] { (void)Bundle::fromSource(std::make_shared<RecordingSource>(noise)); }) ==
        ErrorCode::kCorruption);
}

TEST_CASE("range source: many threads reading one remote bundle read what was packed") {
  const Bytes bytes = largeBundle();
  const Bundle memory = Bundle::fromMemory(bytes, "memory");
  const Bundle remote = Bundle::fromSource(std::make_shared<RecordingSource>(bytes));
  std::atomic<int> mismatches{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (std::size_t i = 0; i < remote.articleCount(); ++i) {
        const std::size_t at = (i + static_cast<std::size_t>(t)) % remote.articleCount();
        const Article a = remote.article(at);
        if (!(a == memory.article(at)) ||
            remote.read(a.images[0].content) != memory.read(a.images[0].content)) {
          ++mismatches;
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(mismatches == 0);
}
