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
