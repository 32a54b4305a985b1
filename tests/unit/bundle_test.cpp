// Round trips through the writer and reader, and the open-reads-only-the-index property.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <fstream>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

// The article as the reader returns it, with the content refs of the stored copy.
void checkRoundTrip(const Bundle& bundle, const Article& stored, const ArticleWithFiles& original) {
  std::optional<std::size_t> index = bundle.find(stored.uri);
  REQUIRE(index);
  Article back = bundle.article(*index);
  CHECK(back == stored);
  for (std::size_t i = 0; i < original.images.size(); ++i) {
    CHECK(bundle.read(back.images[i].content) == original.images[i].bytes);
  }
  for (std::size_t i = 0; i < original.attachments.size(); ++i) {
    CHECK(bundle.read(back.attachments[i].content) == original.attachments[i].bytes);
  }
}

}  // namespace

TEST_CASE("every text field and every byte of content comes back as packed") {
  std::vector<ArticleWithFiles> items = awkwardArticles();
  Bytes bytes;
  std::vector<Article> stored;
  {
    BundleWriter writer(std::make_unique<MemorySink>(bytes), fixedOptions());
    for (const auto& item : items) stored.push_back(addWithFiles(writer, item));
    writer.finish();
  }
  Bundle bundle = Bundle::fromMemory(bytes, "awkward.newsarc");
  REQUIRE(bundle.articleCount() == items.size());
  for (std::size_t i = 0; i < items.size(); ++i) checkRoundTrip(bundle, stored[i], items[i]);
  // Absent and empty stay apart.
  Article nbsp = bundle.article("urn:test:nbsp");
  REQUIRE(nbsp.url.has_value());
  CHECK(nbsp.url->empty());
  CHECK_FALSE(nbsp.publisher.has_value());
  CHECK(verifyMemory(bytes, "awkward.newsarc").ok());
}

TEST_CASE("the seed article round-trips byte for byte through a bundle file") {
  TempDir dir;
  std::filesystem::path seed = std::filesystem::path(NEWSARC_SOURCE_DIR) / "samples/seed-article";
  std::filesystem::path file = dir.path() / "seed.newsarc";
  ArticleFolder folder = loadArticleFolder(seed);
  CHECK(folder.unreferencedFiles == std::vector<std::string>{"README.md"});
  {
    BundleWriter writer = BundleWriter::create(file, fixedOptions());
    addArticleFolder(writer, folder);
    writer.finish();
  }
  Bundle bundle = Bundle::open(file);
  Article back = bundle.article(0);
  Article expected = folder.article;
  for (std::size_t i = 0; i < back.images.size(); ++i)
    expected.images[i].content = back.images[i].content;
  for (std::size_t i = 0; i < back.attachments.size(); ++i) {
    expected.attachments[i].content = back.attachments[i].content;
  }
  CHECK(back == expected);
  for (const auto& image : back.images)
    CHECK(bundle.read(image.content) == readFileBytes(seed / image.fileName));
  for (const auto& attachment : back.attachments) {
    CHECK(bundle.read(attachment.content) == readFileBytes(seed / attachment.fileName));
  }
  writeArticleFolder(bundle, 0, dir.path() / "out");
  for (const char* name :
       {"article.json", "alliance1.jpg", "alliance2.jpg", "presentation.pdf", "original.txt"}) {
    CHECK_MESSAGE(readFileBytes(dir.path() / "out" / name) == readFileBytes(seed / name), name);
  }
}

TEST_CASE("identical content is stored once") {
  ArticleWithFiles a = smallArticle("urn:test:a");
  ArticleWithFiles b = smallArticle("urn:test:b");
  Bytes one = buildBundle({a});
  Bytes two = buildBundle({a, b});
  Bundle bundle = Bundle::fromMemory(two, "two");
  CHECK(bundle.info().contentCount == Bundle::fromMemory(one, "one").info().contentCount);
  CHECK(bundle.article("urn:test:a").images[0].content ==
        bundle.article("urn:test:b").images[0].content);
}

TEST_CASE("articles are found by id among many, and a missing id is a miss") {
  std::vector<ArticleWithFiles> items;
  for (int i = 0; i < 300; ++i) {
    ArticleWithFiles item;
    item.article.uri = "urn:test:" + std::to_string(i * 7919 % 1000);
    item.article.headline = "Article " + std::to_string(i);
    item.article.body = {Paragraph{"Body of article " + std::to_string(i) +
                                   " with some repeated words about the harbour and the city."}};
    items.push_back(item);
  }
  WriterOptions options = fixedOptions();
  options.dictionarySampleBytes = 32 << 10;
  Bytes bytes = buildBundle(items, {}, options);
  Bundle bundle = Bundle::fromMemory(bytes, "many");
  REQUIRE(bundle.articleCount() == 300);
  for (std::size_t i = 1; i < bundle.articleCount(); ++i) {
    CHECK(bundle.summary(i - 1).id < bundle.summary(i).id);
  }
  for (const auto& item : items) {
    std::optional<std::size_t> index = bundle.find(item.article.uri);
    REQUIRE(index);
    CHECK(bundle.article(*index).headline == item.article.headline);
  }
  CHECK_FALSE(bundle.find("urn:test:missing"));
  CHECK_FALSE(bundle.find(""));
  CHECK_THROWS_AS(bundle.article(std::string_view("urn:test:missing")), Error);
  VerifyReport report = verifyMemory(bytes, "many");
  for (const auto& c : report.failures()) MESSAGE(c.name << ": " << c.item << ": " << c.detail);
  CHECK(report.ok());
}

TEST_CASE("pubstatus comes back from the record and, in the summary, from the index") {
  std::vector<ArticleWithFiles> items;
  const std::vector<std::optional<std::string>> statuses = {std::nullopt, "usable", "withheld",
                                                            "canceled"};
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    ArticleWithFiles item;
    item.article.uri = "urn:test:status-" + std::to_string(i);
    item.article.headline = "Status " + std::to_string(i);
    item.article.pubstatus = statuses[i];
    items.push_back(item);
  }
  Bytes bytes = buildBundle(items);
  Bundle bundle = Bundle::fromMemory(bytes, "status");
  REQUIRE(bundle.articleCount() == statuses.size());
  for (std::size_t i = 0; i < statuses.size(); ++i) {
    CHECK(bundle.article(i).pubstatus == statuses[i]);
    CHECK(bundle.summary(i).pubstatus == statuses[i]);
  }
  std::vector<std::optional<std::string>> listed;
  bundle.forEachArticle(0, [&](const ArticleSummary& s) {
    listed.push_back(s.pubstatus);
    return true;
  });
  CHECK(listed == statuses);
  CHECK(verifyMemory(bytes, "status").ok());
  // A writer refuses a status outside the enumeration, naming the field.
  items[0].article.pubstatus = "Withheld";
  CHECK_THROWS_WITH_AS(buildBundle({items[0]}),
                       doctest::Contains("pubstatus: \"Withheld\" is not a publication status"),
                       Error);
}

TEST_CASE("opening reads only the tail, listing only the index pages") {
  std::vector<ArticleWithFiles> items = awkwardArticles();
  WriterOptions options = fixedOptions();
  options.trainDictionary = false;  // a dictionary is read at open
  Bytes bytes = buildBundle(items, {}, options);
  Bundle original = Bundle::fromMemory(bytes, "original");
  const std::size_t sealOffset =
      static_cast<std::size_t>(original.sealBytes().data() - original.bytes().data());

  SUBCASE("the data region zeroed: the bundle opens, nothing inside reads") {
    Bytes zeroed = bytes;
    std::fill(zeroed.begin() + 32, zeroed.begin() + static_cast<std::ptrdiff_t>(sealOffset), 0);
    Bundle bundle = Bundle::fromMemory(zeroed, "zeroed");
    CHECK(bundle.articleCount() == items.size());
    CHECK(std::ranges::equal(bundle.sealBytes(), original.sealBytes()));
    CHECK_THROWS_AS(bundle.summary(0), Error);
    CHECK_FALSE(verifyMemory(zeroed, "zeroed").ok());
  }
  SUBCASE("the content zeroed: listing and articles read, the content does not") {
    Bytes zeroed = bytes;
    std::vector<ContentRef> contents;
    for (std::size_t i = 0; i < original.articleCount(); ++i) {
      const Article a = original.article(i);
      for (const Image& image : a.images) contents.push_back(image.content);
      for (const Attachment& attachment : a.attachments) contents.push_back(attachment.content);
    }
    REQUIRE_FALSE(contents.empty());
    for (const ContentRef& c : contents) {
      const auto at = zeroed.begin() + static_cast<std::ptrdiff_t>(c.extent.offset);
      std::fill(at, at + static_cast<std::ptrdiff_t>(c.extent.storedSize), 0);
    }
    Bundle bundle = Bundle::fromMemory(zeroed, "zeroed");
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
      CHECK(bundle.summary(i).id == original.summary(i).id);
      CHECK(bundle.article(i) == original.article(i));
    }
    for (const ContentRef& c : contents) {
      if (c.size > 0) CHECK_THROWS_AS(bundle.read(c), Error);
    }
    CHECK_FALSE(verifyMemory(zeroed, "zeroed").ok());
  }
}

TEST_CASE("a writer refuses duplicate ids and foreign content refs") {
  Bytes bytes;
  BundleWriter writer(std::make_unique<MemorySink>(bytes), fixedOptions());
  addWithFiles(writer, smallArticle("urn:test:dup"));
  ArticleWithFiles foreign = smallArticle("urn:test:foreign");
  foreign.images.clear();  // keep the forged refs
  for (auto forge :
       {+[](ContentRef& c) { c.digest[0] ^= 1; }, +[](ContentRef& c) { c.extent.offset += 8; },
        +[](ContentRef& c) { c.extent.storedDigest[3] ^= 1; }}) {
    ArticleWithFiles forged = foreign;
    forge(forged.article.images[0].content);
    try {
      writer.addArticle(forged.article);
      FAIL("a forged content ref was accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kInvalidArgument);
      CHECK(std::string(e.what()).find("images[0].content") != std::string::npos);
    }
  }
  // A second article of the same id is found in id order, when the bundle is finished: finding
  // it at once would need every id in memory.
  addWithFiles(writer, smallArticle("urn:test:dup"));
  try {
    writer.finish();
    FAIL("a duplicate id was accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kInvalidArgument);
    CHECK(std::string(e.what()).find("urn:test:dup") != std::string::npos);
  }
}

TEST_CASE("the same input and options give the same bytes") {
  CHECK(buildBundle(awkwardArticles()) == buildBundle(awkwardArticles()));
}

TEST_CASE("a caller's buffer need not be aligned") {
  Bytes bytes = buildBundle(awkwardArticles());
  Bytes shifted(bytes.size() + 1);
  std::copy(bytes.begin(), bytes.end(), shifted.begin() + 1);
  std::span<const std::uint8_t> unaligned(shifted.data() + 1, bytes.size());
  Bundle bundle = Bundle::fromMemory(unaligned, "unaligned");
  CHECK(bundle.articleCount() == awkwardArticles().size());
  CHECK(bundle.article("urn:test:small").images.size() == 1);
  CHECK(verifyMemory(unaligned, "unaligned").ok());
}
