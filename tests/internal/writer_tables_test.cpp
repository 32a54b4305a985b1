// The writer's compact tables: the article index draft (texts in one arena, ids unique, sorted
// as the manifest needs) and the blob table (deduplication by digest, media types kept once).
// Compared against plain std:: containers on random input.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>

#include "core/common/sha256.h"
#include "core/write/article_index_draft.h"
#include "core/write/blob_table.h"

using namespace archive_news;
namespace in = archive_news::internal;

namespace {

// Random bytes of the whole 1..255 range, so that ordering must treat bytes as unsigned (the
// index's memcmp order) and texts of every length up to a few arena chunks.
std::string randomText(std::mt19937& random, std::size_t maxSize) {
  std::string text(std::uniform_int_distribution<std::size_t>(0, maxSize)(random), ' ');
  for (char& c : text) c = static_cast<char>(1 + random() % 255);
  return text;
}

Article randomArticle(std::mt19937& random, std::size_t n) {
  Article a;
  // Short ids collide often: the draft must refuse the repeats.
  a.uri = randomText(random, n % 97 == 0 ? 600 << 10 : 3);
  a.headline = randomText(random, 40);
  if (random() % 3 != 0) a.firstcreated = randomText(random, 2);
  if (random() % 2 != 0) a.versioncreated = randomText(random, 25);
  for (std::size_t i = random() % 4; i > 0; --i)
    a.bylines.push_back({randomText(random, 9), {}, {}});
  a.images.resize(random() % 3);
  a.attachments.resize(random() % 2);
  return a;
}

}  // namespace

TEST_CASE("writer tables: the index draft gives back every text exactly, ids unique and sorted") {
  std::mt19937 random(20261129);
  in::ArticleIndexDraft draft;
  std::map<std::string, Article> expected;  // by id: memcmp order for std::string
  std::vector<std::string> idOfEntry;
  for (std::size_t n = 0; n < 3000; ++n) {
    Article a = randomArticle(random, n);
    const bool fresh = !expected.contains(a.uri);
    std::optional<std::uint32_t> entry = draft.add(a);
    REQUIRE(entry.has_value() == fresh);
    if (!fresh) continue;
    CHECK(*entry == idOfEntry.size());
    draft.setRecord(*entry, static_cast<std::uint32_t>(n));
    draft.addContentSize(*entry, n);
    draft.addContentSize(*entry, 1);
    idOfEntry.push_back(a.uri);
    expected.emplace(a.uri, std::move(a));
  }
  REQUIRE(draft.size() == expected.size());

  const std::vector<std::uint32_t> order = draft.idOrder();
  REQUIRE(order.size() == expected.size());
  auto want = expected.begin();
  for (std::uint32_t number : order) {
    const Article& a = (want++)->second;
    const in::ArticleIndexDraft::EntryView e = draft.entry(number);
    REQUIRE(e.id == a.uri);
    CHECK(e.id.data()[e.id.size()] == '\0');
    CHECK(e.headline == a.headline);
    CHECK(e.firstcreated.has_value() == a.firstcreated.has_value());
    if (a.firstcreated) CHECK(*e.firstcreated == *a.firstcreated);
    CHECK(e.versioncreated.has_value() == a.versioncreated.has_value());
    if (a.versioncreated) CHECK(*e.versioncreated == *a.versioncreated);
    CHECK(e.imageCount == a.images.size());
    CHECK(e.attachmentCount == a.attachments.size());
    CHECK(e.contentSize == e.record + 1u);
    REQUIRE(e.bylineCount == a.bylines.size());
    std::size_t seen = 0;
    draft.forEachByline(number, [&](std::uint32_t j, std::string_view name) {
      CHECK(j == seen++);
      CHECK(name == a.bylines[j].name);
      CHECK(name.data()[name.size()] == '\0');
    });
    CHECK(seen == a.bylines.size());
  }
}

TEST_CASE("writer tables: the blob table places each digest once and keeps media types") {
  std::mt19937 random(7);
  in::BlobTable table;
  std::map<Digest, std::uint32_t> expected;
  const std::vector<std::string> types = {"image/jpeg", "application/x-capnp",
                                          "text/plain; charset=utf-8", ""};
  std::vector<std::string> typeOf;
  for (std::size_t n = 0; n < 50000; ++n) {
    const std::uint32_t value = random() % 20000;  // repeats: about half are duplicates
    const Digest digest = in::sha256({reinterpret_cast<const std::uint8_t*>(&value), 4});
    const std::string& type = types[random() % types.size()];
    auto [at, added] = table.place(digest, value, type, schema::BlobKind::CONTENT);
    auto [it, fresh] = expected.emplace(digest, static_cast<std::uint32_t>(expected.size()));
    REQUIRE(added == fresh);
    REQUIRE(at == it->second);
    if (fresh) typeOf.push_back(type);
    CHECK(table.contains(digest));
  }
  REQUIRE(table.size() == expected.size());
  for (const auto& [digest, at] : expected) {
    CHECK(table[at].digest == digest);
    CHECK(table.mediaType(table[at]) == typeOf[at]);
  }
  CHECK_FALSE(table.contains(Digest{}));
}
