// Appends (spec/FORMAT.md section 15): a new state written after the old one, the old bytes
// untouched, the newest version read by default and each earlier state still whole.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <algorithm>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

std::filesystem::path packFile(const TempDir& dir, const std::vector<ArticleWithFiles>& items) {
  const std::filesystem::path path = dir.path() / "b.newsarc";
  writeFileBytes(path, buildBundle(items));
  return path;
}

void appendItems(const std::filesystem::path& path, const std::vector<ArticleWithFiles>& items,
                 WriterOptions options = {}) {
  BundleWriter writer = BundleWriter::append(path, std::move(options));
  for (const ArticleWithFiles& item : items) {
    writer.reuseContentOf(item.article.uri);
    addWithFiles(writer, item);
  }
  writer.finish();
}

ArticleWithFiles revised(const std::string& uri, const std::string& headline) {
  ArticleWithFiles item = smallArticle(uri);
  item.article.headline = headline;
  return item;
}

}  // namespace

TEST_CASE("an append keeps every byte before it and reads the newest version") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a"), smallArticle("urn:b")});
  const Bytes before = readFileBytes(path);
  appendItems(path, {revised("urn:b", "B, corrected"), smallArticle("urn:c")});
  const Bytes after = readFileBytes(path);
  REQUIRE(after.size() > before.size());
  CHECK(std::equal(before.begin(), before.end(), after.begin()));

  const Bundle bundle = Bundle::open(path);
  CHECK(bundle.articleCount() == 3);
  CHECK(bundle.article(std::string_view("urn:b")).headline == "B, corrected");
  CHECK(bundle.article(std::string_view("urn:a")).headline ==
        smallArticle("urn:a").article.headline);
  const ArticleSummary b = bundle.summary(*bundle.find("urn:b"));
  CHECK(b.headline == "B, corrected");
}

TEST_CASE("an unchanged image of a new version is not stored again") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a")});
  const auto size = std::filesystem::file_size(path);
  appendItems(path, {revised("urn:a", "A, updated")});
  const Bundle bundle = Bundle::open(path);
  const Article a = bundle.article(std::string_view("urn:a"));
  REQUIRE(!a.images.empty());
  CHECK(a.images[0].content.extent.offset < size);  // the first state's extent
  CHECK(bundle.read(a.images[0].content) == smallArticle("urn:a").images[0].bytes);
}

TEST_CASE("a second appender fails while the first holds the file") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a")});
  BundleWriter first = BundleWriter::append(path);
  CHECK(codeOf([&] { BundleWriter::append(path); }) == ErrorCode::kIOError);
}

TEST_CASE("an append abandoned before finish() leaves the file as it was") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a")});
  const Bytes before = readFileBytes(path);
  {
    BundleWriter writer = BundleWriter::append(path);
    addWithFiles(writer, smallArticle("urn:z"));
  }
  CHECK(readFileBytes(path) == before);
}

TEST_CASE("three states: each earlier state reads as it was, and every version is reachable") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a"), smallArticle("urn:b")});
  const auto size0 = std::filesystem::file_size(path);
  appendItems(path, {revised("urn:a", "A2"), smallArticle("urn:c")});
  const auto size1 = std::filesystem::file_size(path);
  appendItems(path, {revised("urn:a", "A3"), revised("urn:c", "C2")}, WriterOptions{});

  const Bundle bundle = Bundle::open(path);
  CHECK(bundle.info().state == 2);
  const std::vector<BundleState> states = bundle.history();
  REQUIRE(states.size() == 3);
  CHECK(states[0].fileSize == size0);
  CHECK(states[1].fileSize == size1);
  CHECK(states[2].fileSize == std::filesystem::file_size(path));
  CHECK(states[0].articleCount == 2);
  CHECK(states[1].articleCount == 3);
  CHECK(states[2].articleCount == 3);
  for (std::uint32_t k = 0; k < 3; ++k) CHECK(states[k].sequence == k);

  const Bundle first = bundle.atState(0);
  CHECK(first.articleCount() == 2);
  CHECK(first.article(std::string_view("urn:a")).headline ==
        smallArticle("urn:a").article.headline);
  CHECK(!first.find("urn:c"));
  CHECK(bundle.atState(1).article(std::string_view("urn:a")).headline == "A2");
  CHECK(codeOf([&] { bundle.atState(3); }) == ErrorCode::kNotFound);

  const std::vector<ArticleSummary> a = bundle.versions("urn:a");
  REQUIRE(a.size() == 3);
  CHECK(a[0].headline == smallArticle("urn:a").article.headline);
  CHECK(a[1].headline == "A2");
  CHECK(a[2].headline == "A3");
  for (std::uint32_t v = 0; v < 3; ++v) {
    CHECK(a[v].version == v + 1);
    CHECK(a[v].state == v);
  }
  const std::vector<ArticleSummary> b = bundle.versions("urn:b");
  REQUIRE(b.size() == 1);
  CHECK(b[0].state == 0);
  const std::vector<ArticleSummary> c = bundle.versions("urn:c");
  REQUIRE(c.size() == 2);
  CHECK(c[0].state == 1);
  CHECK(c[1].state == 2);
  CHECK(bundle.versions("urn:none").empty());
}

TEST_CASE("an append keeps the id, the dictionary and the information unless told otherwise") {
  TempDir dir;
  std::vector<ArticleWithFiles> many;
  for (int i = 0; i < 40; ++i) many.push_back(smallArticle("urn:many:" + std::to_string(i)));
  const auto path = packFile(dir, many);
  const BundleInfo before = Bundle::open(path).info();
  appendItems(path, {smallArticle("urn:many:new")});
  const BundleInfo after = Bundle::open(path).info();
  CHECK(after.bundleId == before.bundleId);
  CHECK(after.title == before.title);
  CHECK(after.creatorTool == before.creatorTool);
  WriterOptions retitled;
  retitled.title = "A new title";
  appendItems(path, {smallArticle("urn:many:newer")}, retitled);
  CHECK(Bundle::open(path).info().title == "A new title");
  WriterOptions otherId;
  otherId.bundleId = "urn:other";
  CHECK(codeOf([&] { BundleWriter::append(path, otherId); }) == ErrorCode::kInvalidArgument);
}

TEST_CASE("many appends into a tree of several levels keep every id in order") {
  TempDir dir;
  std::vector<ArticleWithFiles> start;
  for (int i = 0; i < 3000; i += 2) {
    ArticleWithFiles item;
    item.article.uri = "urn:n:" + std::to_string(100000 + i);
    item.article.headline = std::string(300, 'h') + std::to_string(i);
    start.push_back(std::move(item));
  }
  const auto path = packFile(dir, start);
  for (int round = 0; round < 4; ++round) {
    std::vector<ArticleWithFiles> more;
    for (int i = round * 700 + 1; i < round * 700 + 700; i += 7) {
      ArticleWithFiles item;
      item.article.uri = "urn:n:" + std::to_string(100000 + i);
      item.article.headline = "round " + std::to_string(round);
      more.push_back(std::move(item));
    }
    appendItems(path, more);
  }
  const Bundle bundle = Bundle::open(path);
  std::string last;
  std::size_t n = 0;
  bundle.forEachArticle(0, [&](const ArticleSummary& s) {
    CHECK(last < s.id);
    last = s.id;
    CHECK(bundle.find(s.id) == n);
    ++n;
    return true;
  });
  CHECK(n == bundle.articleCount());
  CHECK(n > start.size());
  CHECK(bundle.history().size() == 5);
}

// An append's small pages make a deeper tree; then an append at the very end shares whole
// subtrees of every level before anything new is written (a page added before any page below its
// level was opened).
TEST_CASE("an append after the last id shares the subtrees of every level before it") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:d:0")});
  std::vector<ArticleWithFiles> many;
  for (int i = 1; i < 4000; ++i) {
    ArticleWithFiles item;
    item.article.uri = "urn:d:" + std::to_string(100000 + i);
    item.article.headline = std::string(300, 'x');
    many.push_back(std::move(item));
  }
  appendItems(path, many);
  for (const char* id : {"urn:e:last", "urn:e:later", "urn:d:0"}) {
    appendItems(path, {revised(id, id)});
  }
  const Bundle bundle = Bundle::open(path);
  CHECK(bundle.articleCount() == 4002);
  CHECK(bundle.article(std::string_view("urn:e:later")).headline == "urn:e:later");
  CHECK(bundle.versions("urn:d:0").size() == 2);
  std::size_t n = 0;
  bundle.forEachArticle(0, [&](const ArticleSummary&) { return ++n > 0; });
  CHECK(n == 4002);
}

TEST_CASE("forEachChange visits the entries a state wrote, from its own pages") {
  TempDir dir;
  const auto path = packFile(dir, {smallArticle("urn:a"), smallArticle("urn:b")});
  appendItems(path, {revised("urn:b", "B, corrected"), smallArticle("urn:c")});
  const Bundle bundle = Bundle::open(path);
  std::vector<std::pair<std::string, std::uint32_t>> changes;
  bundle.forEachChange([&](const ArticleSummary& s) {
    CHECK(s.state == 1);
    changes.emplace_back(s.id, s.version);
    return true;
  });
  CHECK(changes == std::vector<std::pair<std::string, std::uint32_t>>{{"urn:b", 2}, {"urn:c", 1}});

  std::vector<std::string> first;
  bundle.atState(0).forEachChange([&](const ArticleSummary& s) {
    first.push_back(s.id);
    return false;  // stops at once
  });
  CHECK(first == std::vector<std::string>{"urn:a"});
}
