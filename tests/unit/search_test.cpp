// The full-text index (spec/FORMAT.md 5.10, archive_news/search.h): built while packing or as an
// append, covered by the seal, and searched across bundles in every script, with fields, dates,
// phrases, and snippets that are the article's own bytes.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/search.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <random>
#include <set>
#include <thread>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

Article article(const std::string& uri, const std::string& headline,
                const std::vector<std::string>& paragraphs, const std::string& date) {
  Article a;
  a.uri = uri;
  a.headline = headline;
  a.firstcreated = date;
  for (const std::string& text : paragraphs) a.body.push_back(Paragraph{text});
  return a;
}

std::vector<Article> corpus() {
  std::vector<Article> articles;
  articles.push_back(article("urn:test:cafe", "Un café crème à Montréal",
                             {"Le Café Étoile a rouvert ses portes après l'été.",
                              "Its owner spoke of a strategic alliance with the bakery."},
                             "2019-06-30"));
  articles.back().bylines.push_back({"Zoë Kim", std::nullopt, std::nullopt});
  articles.back().keywords.push_back("economy");
  articles.push_back(article("urn:test:ferry", "부산–제주 여객선 운항 재개",
                             {"부산과 제주를 잇는 여객선이 1일 정오부터 운항을 재개했다."},
                             "2024-03-01T12:10:00+09:00"));
  articles.back().bylines.push_back({"김민지", std::nullopt, std::nullopt});
  articles.push_back(article("urn:test:tokyo", "東京で地震",
                             {"東京都内で震度四の地震が観測された。", "北京市也感受到了地震。"},
                             "2021-11-02"));
  articles.push_back(article(
      "urn:test:escape", "A <script> & \"quotes\" headline",
      {"Markup like <b>bold</b> & entities &amp; stay as written: alliance."}, "2018-01-15"));
  Article captioned = article("urn:test:caption", "Harbour at dawn",
                              {"Fishing boats leave before sunrise."}, "2020-02-29");
  Image image;
  image.name = "harbour";
  image.fileName = "harbour.jpg";
  image.mediatype = "image/jpeg";
  image.caption = "Lighthouse keeper waves";
  captioned.images.push_back(image);
  articles.push_back(captioned);
  return articles;
}

ArticleWithFiles withFiles(const Article& a) {
  ArticleWithFiles item{a, {}, {}};
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    item.images.push_back({randomBytes(64, static_cast<std::uint32_t>(i)), "image/jpeg"});
  }
  return item;
}

std::filesystem::path pack(const TempDir& dir, const std::string& name,
                           const std::vector<Article>& articles, bool index = true,
                           SearchIndexOptions options = {}) {
  const std::filesystem::path path = dir.path() / name;
  BundleWriter writer = BundleWriter::create(path);
  if (index) writer.setIndexer(makeSearchIndexer(options));
  for (const Article& a : articles) addWithFiles(writer, withFiles(a));
  writer.finish();
  return path;
}

std::vector<std::string> ids(const SearchResults& results) {
  std::vector<std::string> found;
  for (const SearchHit& hit : results.hits) found.push_back(hit.id);
  std::sort(found.begin(), found.end());
  return found;
}

std::vector<std::string> search(const Bundle& bundle, const std::string& query) {
  return ids(Searcher({&bundle}).search(query, {.limit = 100}));
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("search: case and accents are folded both ways") {
  TempDir dir;
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", corpus()));
  CHECK(search(bundle, "cafe") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "CAFÉ") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "montreal etoile") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "l'ete") == Ids{"urn:test:cafe"});  // Xapian keeps elisions whole
  CHECK(search(bundle, "zoe").empty() == false);
}

TEST_CASE("search: Korean, Japanese and Chinese words are found by any part") {
  TempDir dir;
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", corpus()));
  CHECK(search(bundle, "여객선") == Ids{"urn:test:ferry"});
  CHECK(search(bundle, "여객") == Ids{"urn:test:ferry"});
  CHECK(search(bundle, "운항 재개") == Ids{"urn:test:ferry"});
  CHECK(search(bundle, "地震") == Ids{"urn:test:tokyo"});
  CHECK(search(bundle, "北京") == Ids{"urn:test:tokyo"});
  CHECK(search(bundle, "byline:김민지") == Ids{"urn:test:ferry"});
  CHECK(search(bundle, "서울").empty());
}

TEST_CASE("search: fields, phrases, dates, ids and operators") {
  TempDir dir;
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", corpus()));
  CHECK(search(bundle, "alliance") == Ids{"urn:test:cafe", "urn:test:escape"});
  CHECK(search(bundle, "\"strategic alliance\"") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "\"alliance strategic\"").empty());
  CHECK(search(bundle, "headline:cafe") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "headline:alliance").empty());
  CHECK(search(bundle, "byline:kim") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "keyword:economy") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "caption:lighthouse") == Ids{"urn:test:caption"});
  CHECK(search(bundle, "caption:fishing").empty());
  CHECK(search(bundle, "alliance date:2019..2019") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "alliance date:..2018-12") == Ids{"urn:test:escape"});
  CHECK(search(bundle, "date:2020-02..2021-11-02") == Ids{"urn:test:caption", "urn:test:tokyo"});
  CHECK(search(bundle, "date:2020-02-29..2020-02-29") == Ids{"urn:test:caption"});
  CHECK(search(bundle, "date:2020-02-29") == Ids{"urn:test:caption"});
  CHECK(search(bundle, "date:2021-11") == Ids{"urn:test:tokyo"});
  CHECK(search(bundle, "alliance date:2019") == Ids{"urn:test:cafe"});
  CHECK(search(bundle, "date:2019-6").empty());  // days and months have two digits
  CHECK(search(bundle, "alliance -bakery") == Ids{"urn:test:escape"});
  CHECK(search(bundle, "allian*") == Ids{"urn:test:cafe", "urn:test:escape"});
  CHECK(search(bundle, "id:urn:test:tokyo") == Ids{"urn:test:tokyo"});
  CHECK(codeOf([&] { search(bundle, "alliance AND ("); }) == ErrorCode::kInvalidArgument);
  CHECK(codeOf([&] { search(bundle, "date:2019-13..2020"); }) == ErrorCode::kInvalidArgument);
}

// The index holds an id over 200 bytes as Q and its SHA-256 (a term is at most 245 bytes): the
// query must ask for the same term.
TEST_CASE("search: id: finds an article by its whole id, however long") {
  TempDir dir;
  std::vector<Article> articles = corpus();
  const std::string longId = "urn:test:" + std::string(600, 'x');
  articles.push_back(article(longId, "Long", {"An article with a long id."}, "2022-01-01"));
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", articles));
  CHECK(search(bundle, "id:" + longId) == Ids{longId});
  CHECK(search(bundle, "article id:" + longId) == Ids{longId});
  CHECK(search(bundle, "id:" + longId.substr(0, 300)).empty());
  CHECK(search(bundle, "id:urn:test:ferry") == Ids{"urn:test:ferry"});
}

TEST_CASE("search: date ranges of every shape find exactly the articles of their days") {
  // One article every 9 days from 2019-11-03 to 2021-03-30 (leap day and year ends among them),
  // one with a zone, one without a date.
  const auto dayNumber = [](int y, int m, int d) {  // days since 1970-01-01 (civil calendar)
    y -= m <= 2;
    const int era = y / 400, yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + (yoe * 365 + yoe / 4 - yoe / 100 + doy) - 719468;
  };
  const auto dayText = [](int n) {  // the inverse, as YYYY-MM-DD
    n += 719468;
    const int era = n / 146097, doe = n - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100), mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1, m = mp + (mp < 10 ? 3 : -9);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", yoe + era * 400 + (m <= 2), m, d);
    return std::string(text);
  };
  std::vector<Article> articles;
  std::vector<std::pair<std::string, std::string>> dated;  // (YYYY-MM-DD, id)
  for (int n = dayNumber(2019, 11, 3); n <= dayNumber(2021, 3, 30); n += 9) {
    const std::string day = dayText(n), id = "urn:date:" + day;
    articles.push_back(article(id, "Day " + day, {"Council minutes."}, day + "T10:00:00Z"));
    dated.emplace_back(day, id);
  }
  articles.push_back(
      article("urn:date:leap", "Leap", {"Council minutes."}, "2020-02-29T23:30:00-05:00"));
  dated.emplace_back("2020-02-29", "urn:date:leap");  // the day as the source wrote it
  articles.push_back(article("urn:date:none", "Undated", {"Council minutes."}, ""));
  articles.back().firstcreated.reset();
  TempDir dir;
  const Bundle bundle = Bundle::open(pack(dir, "dates.newsarc", articles));
  const Searcher searcher({&bundle});
  const auto found = [&](const std::string& query) {
    return ids(searcher.search(query, {.limit = 1000}));
  };
  const auto expected = [&](const std::string& from, const std::string& to) {
    Ids out;
    for (const auto& [day, id] : dated) {
      if (day >= from && day <= to) out.push_back(id);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  // Ends as days, months and years, open or not, inside, across and outside the dates held.
  std::vector<std::pair<std::string, std::string>> ends;  // (query text, first or last day)
  std::mt19937 random(19);
  for (int k = 0; k < 60; ++k) {
    const std::string day = dayText(dayNumber(2019, 1, 1) + static_cast<int>(random() % 1000));
    ends.emplace_back(day, day);
  }
  const std::vector<std::string> months = {"2019-02", "2019-11", "2020-02",
                                           "2020-12", "2021-03", "2022-01"};
  for (const std::string& month : months) ends.emplace_back(month, month);
  for (const char* year : {"2018", "2019", "2020", "2021", "2023"}) ends.emplace_back(year, year);
  std::size_t checked = 0;
  for (std::size_t a = 0; a < ends.size(); a += 3) {
    for (std::size_t b = 1; b < ends.size(); b += 4) {
      const std::string& from = ends[a].first;
      const std::string& to = ends[b].first;
      // The first day a start names, the last day an end names.
      const std::string first = from.size() == 4   ? from + "-01-01"
                                : from.size() == 7 ? from + "-01"
                                                   : from;
      const std::string last = to.size() == 4 ? to + "-12-31" : to.size() == 7 ? to + "-31" : to;
      INFO("date:" << from << ".." << to);
      CHECK(found("council date:" + from + ".." + to) == expected(first, last));
      ++checked;
    }
    const std::string& from = ends[a].first;
    const std::string first = from.size() == 4   ? from + "-01-01"
                              : from.size() == 7 ? from + "-01"
                                                 : from;
    CHECK(found("council date:" + from + "..") == expected(first, "9999-12-31"));
    CHECK(found("council date:.." + from) ==
          expected("0000-01-01", from.size() == 4   ? from + "-12-31"
                                 : from.size() == 7 ? from + "-31"
                                                    : from));
  }
  CHECK(checked > 300);
  CHECK(found("date:2019..2021").size() == dated.size());  // all but the undated one
  CHECK(found("date:1990..1999").empty());
  CHECK(found("date:2021-02-01..2021-01-01").empty());
}

TEST_CASE("search: hits carry the summary, and snippets are the article's own bytes") {
  TempDir dir;
  const std::vector<Article> articles = corpus();
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", articles));
  const Searcher searcher({&bundle});
  for (const std::string query : {"alliance", "여객", "地震", "ETOILE", "entities", "dawn"}) {
    CAPTURE(query);
    const SearchResults results = searcher.search(query);
    REQUIRE_FALSE(results.hits.empty());
    CHECK(results.matches == results.hits.size());
    for (const SearchHit& hit : results.hits) {
      REQUIRE(hit.position < bundle.articleCount());
      CHECK(bundle.summary(hit.position).id == hit.id);
      CHECK(hit.percent > 0);
      CHECK(hit.percent <= 100);
      const Article stored = bundle.article(hit.position);
      CHECK(hit.headline == stored.headline);
      REQUIRE_FALSE(hit.snippet.empty());
      // Some text of the article holds the snippet byte for byte.
      bool found = stored.headline.find(hit.snippet) != std::string::npos;
      for (const Block& block : stored.body) {
        if (const auto* p = std::get_if<Paragraph>(&block)) {
          found = found || p->text.find(hit.snippet) != std::string::npos;
        }
      }
      for (const Image& image : stored.images) {
        found = found || (image.caption && image.caption->find(hit.snippet) != std::string::npos);
      }
      CHECK(found);
      std::size_t last = 0;
      for (const auto& [begin, end] : hit.highlights) {
        CHECK(begin >= last);
        CHECK(begin < end);
        CHECK(end <= hit.snippet.size());
        last = end;
      }
    }
  }
  const SearchHit escaped = searcher.search("entities").hits.at(0);
  CHECK(escaped.snippet.find("<b>bold</b> & entities &amp; stay") != std::string::npos);
  REQUIRE(escaped.highlights.size() == 1);
  CHECK(escaped.snippet.substr(escaped.highlights[0].first,
                               escaped.highlights[0].second - escaped.highlights[0].first) ==
        "entities");
  // Accents folded in the text's words too: "etoile" highlights "Étoile".
  const SearchHit accented = searcher.search("etoile").hits.at(0);
  REQUIRE(accented.highlights.size() == 1);
  CHECK(accented.snippet.substr(accented.highlights[0].first,
                                accented.highlights[0].second - accented.highlights[0].first) ==
        "Étoile");
  const SearchHit korean = searcher.search("여객선").hits.at(0);
  REQUIRE_FALSE(korean.highlights.empty());
  CHECK(korean.snippet.substr(korean.highlights[0].first,
                              korean.highlights[0].second - korean.highlights[0].first) ==
        "여객선");
  CHECK(searcher.search("alliance", {.snippetBytes = 0}).hits.at(0).snippet.empty());
}

TEST_CASE("search: a compact index has no positions: smaller, and a phrase finds its words") {
  TempDir dir;
  std::vector<Article> articles = corpus();
  for (int i = 0; i < 40; ++i) {
    articles.push_back(article("urn:test:filler-" + std::to_string(i),
                               "Filler " + std::to_string(i),
                               {"Shipping lanes reopened after the storm passed the strait, "
                                "and the alliance of ports agreed new fees for the season."},
                               "2022-05-01"));
  }
  for (const unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    SearchIndexOptions options;
    options.threads = threads;
    const std::string suffix = "-" + std::to_string(threads) + ".newsarc";
    const Bundle full = Bundle::open(pack(dir, "full" + suffix, articles, true, options));
    options.positions = false;
    const Bundle compact = Bundle::open(pack(dir, "compact" + suffix, articles, true, options));
    CHECK(compact.searchIndex()->size < full.searchIndex()->size);
    CHECK(full.searchIndex()->documents == articles.size());
    CHECK(compact.searchIndex()->documents == articles.size());
    CHECK(search(full, "\"strategic alliance\"") == Ids{"urn:test:cafe"});
    CHECK(search(full, "\"alliance strategic\"").empty());
    // Without positions a phrase matches as all its words, in any order.
    CHECK(search(compact, "\"alliance strategic\"") == Ids{"urn:test:cafe"});
    for (const std::string query : {"여객선", "cafe", "byline:kim", "date:2021", "allian*"}) {
      CAPTURE(query);
      CHECK(search(compact, query) == search(full, query));
    }
    CHECK(verify(compact).ok());
  }
}

TEST_CASE("search: an index built in many small databases answers as one built in one") {
  TempDir dir;
  std::vector<Article> articles = corpus();
  for (int i = 0; i < 60; ++i) {
    articles.push_back(
        article("urn:test:many-" + std::to_string(i), "Harbour report " + std::to_string(i),
                {"The alliance of ports met on day " + std::to_string(i) + "."},
                "2022-05-" + std::string(i % 28 < 9 ? "0" : "") + std::to_string(i % 28 + 1)));
  }
  SearchIndexOptions one;
  one.threads = 1;
  SearchIndexOptions many = one;
  many.textPerDatabase = 200;  // a new database every few articles
  const Bundle whole = Bundle::open(pack(dir, "one.newsarc", articles, true, one));
  const Bundle parts = Bundle::open(pack(dir, "many.newsarc", articles, true, many));
  CHECK(parts.searchIndex()->documents == articles.size());
  for (const std::string query :
       {"alliance", "\"alliance of ports\"", "harbour date:2022-05-03..2022-05-09", "여객선",
        "byline:kim", "id:urn:test:many-7", "report -alliance"}) {
    CAPTURE(query);
    CHECK(search(parts, query) == search(whole, query));
  }
  CHECK(search(parts, "alliance").size() == 62);
  CHECK(verify(parts).ok());
}

TEST_CASE("search: several bundles ranked together, pages and orders") {
  TempDir dir;
  const std::vector<Article> all = corpus();
  const Bundle first = Bundle::open(pack(dir, "a.newsarc", {all[0], all[1]}));
  const Bundle second = Bundle::open(pack(dir, "b.newsarc", {all[2], all[3], all[4]}));
  const Searcher searcher({&first, &second});
  const SearchResults results = searcher.search("alliance");
  REQUIRE(results.hits.size() == 2);
  std::set<std::size_t> bundles;
  for (const SearchHit& hit : results.hits) {
    bundles.insert(hit.bundle);
    const Bundle& holder = hit.bundle == 0 ? first : second;
    CHECK(holder.summary(hit.position).id == hit.id);
  }
  CHECK(bundles == std::set<std::size_t>{0, 1});
  const SearchResults newest =
      searcher.search("date:2000..", {.order = SearchOptions::Order::kNewest});
  REQUIRE(newest.hits.size() == 5);
  CHECK(newest.hits.front().id == "urn:test:ferry");
  CHECK(newest.hits.back().id == "urn:test:escape");
  const SearchResults oldest = searcher.search(
      "date:2000..", {.offset = 1, .limit = 2, .order = SearchOptions::Order::kOldest});
  REQUIRE(oldest.hits.size() == 2);
  CHECK(oldest.hits[0].id == "urn:test:cafe");
  CHECK(oldest.hits[1].id == "urn:test:caption");
}

TEST_CASE("search: a bundle without an index is refused by name, and newsarc index adds one") {
  TempDir dir;
  const std::filesystem::path path = pack(dir, "plain.newsarc", corpus(), false);
  {
    const Bundle plain = Bundle::open(path);
    CHECK_FALSE(hasSearchIndex(plain));
    CHECK_FALSE(plain.searchIndex());
    CHECK(codeOf([&] { Searcher({&plain}); }) == ErrorCode::kNotFound);
    CHECK(codeOf([&] { (void)plain.openSearchIndex(); }) == ErrorCode::kNotFound);
  }
  const Bytes before = readFileBytes(path);
  const IndexBundleResult result = indexBundle(path);
  CHECK(result.articles == 5);
  CHECK(result.state == 1);
  const Bytes after = readFileBytes(path);
  REQUIRE(after.size() > before.size());
  CHECK(std::equal(before.begin(), before.end(), after.begin()));  // nothing earlier changes
  const Bundle indexed = Bundle::open(path);
  CHECK(indexed.articleCount() == 5);
  REQUIRE(indexed.searchIndex());
  CHECK(indexed.searchIndex()->documents == 5);
  CHECK(indexed.searchIndex()->engine == "xapian-glass-1.4");
  CHECK(search(indexed, "여객선") == Ids{"urn:test:ferry"});
  CHECK(verify(indexed).ok());
}

TEST_CASE("search: after an append, the older index finds only the versions it saw") {
  TempDir dir;
  const std::filesystem::path path = pack(dir, "a.newsarc", corpus());
  {
    BundleWriter writer = BundleWriter::append(path);
    Article revised = corpus()[0];
    revised.body = {Paragraph{"The café closed again."}};
    writer.addArticle(revised);
    writer.finish();
  }
  const Bundle bundle = Bundle::open(path);
  CHECK(hasSearchIndex(bundle));
  const Searcher searcher({&bundle});
  CHECK(searcher.indexedStates() == std::vector<std::uint32_t>{0});
  CHECK(ids(searcher.search("bakery")).empty());                      // the old version's word
  CHECK(ids(searcher.search("entities")) == Ids{"urn:test:escape"});  // unchanged since
  indexBundle(path);
  const Bundle reindexed = Bundle::open(path);
  CHECK(search(reindexed, "closed") == Ids{"urn:test:cafe"});
  CHECK(search(reindexed, "bakery").empty());
  CHECK(verify(reindexed).ok());
}

TEST_CASE("search: an index damaged since packing is an error, never an answer") {
  TempDir dir;
  const std::filesystem::path path = pack(dir, "a.newsarc", corpus());
  Bytes bytes = readFileBytes(path);
  const std::optional<SearchIndexInfo> index = Bundle::open(path).searchIndex();
  REQUIRE(index);
  for (const std::uint64_t at :
       {index->offset, index->offset + index->size / 2, index->offset + index->size - 1}) {
    CAPTURE(at);
    Bytes damaged = bytes;
    damaged[at] ^= 0x20;
    const std::filesystem::path copy = dir.path() / "damaged.newsarc";
    writeFileBytes(copy, damaged);
    const Bundle bundle = Bundle::open(copy);  // opening does not read the index
    CHECK(codeOf([&] { Searcher({&bundle}); }) == ErrorCode::kCorruption);
    const VerifyReport report = verify(bundle);
    CHECK_FALSE(report.ok());
  }
}

TEST_CASE("search: a caller's buffer and an earlier state are searched as a file is") {
  TempDir dir;
  const Bytes bytes = readFileBytes(pack(dir, "a.newsarc", corpus()));
  const Bundle inMemory = Bundle::fromMemory(bytes, "memory");
  CHECK(search(inMemory, "lighthouse") == Ids{"urn:test:caption"});
  const int fd = inMemory.openSearchIndex();
  CHECK(fd >= 0);
  ::close(fd);
}

TEST_CASE("search: a Searcher serves several threads") {
  TempDir dir;
  const Bundle bundle = Bundle::open(pack(dir, "a.newsarc", corpus()));
  const Searcher searcher({&bundle});
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        if (ids(searcher.search("alliance")) != Ids{"urn:test:cafe", "urn:test:escape"}) ++wrong;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  CHECK(wrong == 0);
}
