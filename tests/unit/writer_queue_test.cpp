// The writer's threads: queued content and records give the same bundle, byte for byte, whatever
// the number of jobs and the size of the queue; --reproducible bundles are identical every time.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// Many articles: text records enough to train the dictionary mid-way, incompressible images,
// compressible attachments, and content shared between articles.
std::vector<ArticleWithFiles> manyArticles(std::size_t count) {
  std::vector<ArticleWithFiles> items;
  for (std::size_t i = 0; i < count; ++i) {
    ArticleWithFiles item = smallArticle("urn:test:many:" + std::to_string(i));
    item.article.headline = "Harbour council meeting number " + std::to_string(i);
    for (int p = 0; p < 6; ++p) {
      item.article.body.push_back(Paragraph{"The council of the harbour town met on day " +
                                            std::to_string(i) +
                                            " and spoke of ferries, tides and "
                                            "the budget for paragraph " +
                                            std::to_string(p) + "."});
    }
    item.images[0].bytes = randomBytes(3000 + i % 7 * 100, static_cast<std::uint32_t>(i % 40));
    item.images[0].bytes[0] = 0xff, item.images[0].bytes[1] = 0xd8, item.images[0].bytes[2] = 0xff;
    std::string notice;
    for (int line = 0; line < 40; ++line) notice += "Notice " + std::to_string(i % 9) + " line\n";
    item.attachments[0].bytes = toBytes(notice);
    items.push_back(std::move(item));
  }
  return items;
}

WriterOptions withJobs(unsigned jobs, std::size_t maxQueuedBytes = std::size_t{32} << 20) {
  WriterOptions options = fixedOptions();
  options.jobs = jobs;
  options.maxQueuedBytes = maxQueuedBytes;
  options.dictionarySampleBytes = 16 << 10;  // decided mid-way, with records still queued
  return options;
}

Bytes viaQueue(const std::vector<ArticleWithFiles>& items, WriterOptions options,
               const std::vector<const SecretKey*>& keys = {}) {
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), std::move(options));
  for (const SecretKey* key : keys) writer.addSigner(*key, "tests");
  for (const ArticleWithFiles& item : items) {
    std::vector<ContentTicket> images;
    std::vector<ContentTicket> attachments;
    for (const Payload& p : item.images)
      images.push_back(writer.queueContent(p.bytes, p.mediaType));
    for (const Payload& p : item.attachments) {
      attachments.push_back(writer.queueContent(p.bytes, p.mediaType));
    }
    writer.queueArticle(item.article, images, attachments);
  }
  writer.finish();
  return out;
}

}  // namespace

TEST_CASE("the bundle is the same bytes whatever the number of jobs and the queue's size") {
  const std::vector<ArticleWithFiles> items = manyArticles(120);
  const Bytes direct = buildBundle(items, {}, withJobs(1));
  CHECK(viaQueue(items, withJobs(1)) == direct);
  CHECK(viaQueue(items, withJobs(4)) == direct);
  CHECK(viaQueue(items, withJobs(3, 1)) == direct);  // every call waits for room
  CHECK(buildBundle(items, {}, withJobs(4)) == direct);
  VerifyReport report = verifyMemory(direct, "jobs");
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
  Bundle bundle = Bundle::fromMemory(direct, "jobs");
  CHECK(bundle.articleCount() == items.size());
  Article back = bundle.article("urn:test:many:7");
  CHECK(back.headline == items[7].article.headline);
  CHECK(bundle.read(back.images[0].content) == items[7].images[0].bytes);
  CHECK(bundle.read(back.attachments[0].content) == items[7].attachments[0].bytes);
}

TEST_CASE("a reproducible bundle is the same bytes every time, signatures included") {
  KeyPair keys = generateKeyPair();
  WriterOptions options;
  options.reproducible = true;
  options.jobs = 2;
  const std::vector<ArticleWithFiles> items = manyArticles(20);
  const Bytes first = viaQueue(items, options, {&keys.secretKey});
  CHECK(viaQueue(items, options, {&keys.secretKey}) == first);
  Bundle bundle = Bundle::fromMemory(first, "reproducible");
  const BundleInfo info = bundle.info();
  CHECK(info.created == "1970-01-01T00:00:00Z");
  CHECK(info.bundleId.starts_with("urn:newsarc:bundle:sha256:"));
  CHECK(info.bundleId.size() == 26 + 64);
  REQUIRE(bundle.signatures().size() == 1);
  CHECK(bundle.signatures()[0].trustedComment.find(info.bundleId) != std::string::npos);
  VerifyOptions trust;
  trust.trustedKeys = {keys.publicKey};
  CHECK(verifyMemory(first, "reproducible", trust).ok());
  // Other content, another id; a given id or time is kept.
  const Bytes other = viaQueue(manyArticles(21), options);
  CHECK(Bundle::fromMemory(other, "other").info().bundleId != info.bundleId);
  options.bundleId = "urn:test:given";
  options.created = "2026-11-28T12:00:00Z";
  const BundleInfo given = Bundle::fromMemory(viaQueue(items, options), "given").info();
  CHECK(given.bundleId == "urn:test:given");
  CHECK(given.created == "2026-11-28T12:00:00Z");
}

TEST_CASE("queueArticle checks its tickets and the article at once") {
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), withJobs(2));
  ArticleWithFiles item = smallArticle("urn:test:tickets");
  const ContentTicket image = writer.queueContent(item.images[0].bytes, "image/png");
  const ContentTicket notice = writer.queueContent(item.attachments[0].bytes, "text/plain");
  CHECK(image.size == item.images[0].bytes.size());
  auto codeOf = [](auto&& call) -> std::optional<ErrorCode> {
    try {
      call();
    } catch (const Error& e) {
      return e.code();
    }
    return std::nullopt;
  };
  CHECK(codeOf([&] { writer.queueArticle(item.article, {image}, {}); }) ==
        ErrorCode::kInvalidArgument);
  CHECK(codeOf([&] {
          writer.queueArticle(item.article, {image}, {ContentTicket{99, 1}});
        }) == ErrorCode::kInvalidArgument);
  Article invalid = item.article;
  invalid.body.push_back(ImageBlock{5});
  CHECK(codeOf([&] { writer.queueArticle(invalid, {image}, {notice}); }) ==
        ErrorCode::kInvalidArgument);
  // Refused calls leave the writer usable.
  writer.queueArticle(item.article, {image}, {notice});
  writer.finish();
  Bundle bundle = Bundle::fromMemory(out, "tickets");
  Article back = bundle.article("urn:test:tickets");
  CHECK(bundle.read(back.images[0].content) == item.images[0].bytes);
  CHECK(verifyMemory(out, "tickets").ok());
}

TEST_CASE("the same uri twice is refused when the bundle is finished") {
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), withJobs(2));
  ArticleWithFiles item = smallArticle("urn:test:twice");
  const ContentTicket image = writer.queueContent(item.images[0].bytes, "image/png");
  const ContentTicket notice = writer.queueContent(item.attachments[0].bytes, "text/plain");
  writer.queueArticle(item.article, {image}, {notice});
  writer.queueArticle(item.article, {image}, {notice});
  try {
    writer.finish();
    FAIL("finished");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    CHECK(std::string(e.what()) ==
          "urn:test:twice: uri: two articles of this bundle have this id; expected each id once");
  }
  CHECK_THROWS_AS(writer.finish(), Error);  // spent
}

TEST_CASE("a queued file that cannot be read stops the writer with an error naming it") {
  TempDir dir;
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), withJobs(2));
  const std::filesystem::path missing = dir.path() / "gone.jpg";
  ArticleWithFiles item = smallArticle("urn:test:gone");
  try {
    // The error comes from whichever call finds the read done: a later one, or finish().
    const ContentTicket image = writer.queueContentFile(missing, "image/jpeg");
    const ContentTicket notice = writer.queueContent(item.attachments[0].bytes, "text/plain");
    writer.queueArticle(item.article, {image}, {notice});
    writer.finish();
    FAIL("a missing file was packed");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kIOError);
    CHECK(e.file() == missing.string());
  }
  CHECK_THROWS_AS(writer.queueContent(item.attachments[0].bytes, "text/plain"), Error);
  CHECK_THROWS_AS(writer.finish(), Error);
}
