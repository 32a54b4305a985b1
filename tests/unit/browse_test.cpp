// The pieces of `newsarc serve` that need no socket (archive_news/browse.h): request targets read
// strictly, URLs made, the headers of served files, articles by month, and escaping on every page.
#include <archive_news/browse.h>
#include <archive_news/reader.h>
#include <archive_news/search.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "test_support.h"

using archive_news::BrowseRequest;
using Kind = archive_news::BrowseRequest::Kind;

TEST_CASE("browse: percent-decoding is strict and gives UTF-8 only") {
  using archive_news::percentDecode;
  CHECK(percentDecode("urn%3Aa%2Fb", false) == "urn:a/b");
  CHECK(percentDecode("a+b", false) == "a+b");
  CHECK(percentDecode("a+b%20c", true) == "a b c");
  CHECK(percentDecode("%EC%97%AC", false) == "여");
  CHECK_FALSE(percentDecode("%zz", false));
  CHECK_FALSE(percentDecode("%4", false));
  CHECK_FALSE(percentDecode("abc%", false));
  CHECK_FALSE(percentDecode("%ff%fe", false));  // not UTF-8
  CHECK_FALSE(percentDecode("%C0%AF", false));  // an overlong '/'
  CHECK_FALSE(percentDecode("a%00b", false));   // NUL
  const std::string id = "urn:x:a/b?c#d%e f+여";
  CHECK(archive_news::percentEncode(id) == "urn%3Ax%3Aa%2Fb%3Fc%23d%25e%20f%2B%EC%97%AC");
  CHECK(percentDecode(archive_news::percentEncode(id), true) == id);
}

TEST_CASE("browse: request targets") {
  using archive_news::parseBrowseTarget;
  CHECK(parseBrowseTarget("/").kind == Kind::kHome);
  CHECK(parseBrowseTarget("/?utm=1").kind == Kind::kHome);
  CHECK(parseBrowseTarget("/style.css").kind == Kind::kStyleSheet);
  CHECK(parseBrowseTarget("/favicon.ico").kind == Kind::kIcon);
  const BrowseRequest month = parseBrowseTarget("/month/2019-06?page=3");
  CHECK(month.kind == Kind::kMonth);
  CHECK(month.month == "2019-06");
  CHECK(month.page == 3);
  CHECK(parseBrowseTarget("/month/undated/").kind == Kind::kMonth);
  CHECK(parseBrowseTarget("/month/2019-13").kind == Kind::kNotFound);
  CHECK(parseBrowseTarget("/month/2019-00").kind == Kind::kNotFound);
  CHECK(parseBrowseTarget("/month/2019-6").kind == Kind::kNotFound);
  CHECK(parseBrowseTarget("/month/2019-06?page=0").kind == Kind::kBadRequest);
  CHECK(parseBrowseTarget("/month/2019-06?page=x").kind == Kind::kBadRequest);
  CHECK(parseBrowseTarget("/month/2019-06?page=9999999999").kind == Kind::kBadRequest);

  const BrowseRequest article = parseBrowseTarget(archive_news::articlePath(2, "urn:a/b?c#d"));
  CHECK(article.kind == Kind::kArticle);
  CHECK(article.bundle == 2);
  CHECK(article.id == "urn:a/b?c#d");
  const BrowseRequest moved = parseBrowseTarget("/article/0/urn%3Aa%2Fb");  // no last '/'
  CHECK(moved.kind == Kind::kRedirect);
  CHECK(moved.location == "/article/0/urn%3Aa%2Fb/");
  CHECK(parseBrowseTarget("/article/x/urn%3Aa/").kind == Kind::kNotFound);
  CHECK(parseBrowseTarget("/article/0//").kind == Kind::kNotFound);
  const BrowseRequest file = parseBrowseTarget("/article/1/urn%3Aa/files/img/%ED%95%9C.jpg");
  CHECK(file.kind == Kind::kFile);
  CHECK(file.fileName == "img/한.jpg");
  CHECK(parseBrowseTarget("/article/1/urn%3Aa/files/").kind == Kind::kNotFound);

  const BrowseRequest search = parseBrowseTarget("/search?q=%EC%97%AC%EA%B0%9D%EC%84%A0+x&page=2");
  CHECK(search.kind == Kind::kSearch);
  CHECK(search.query == "여객선 x");
  CHECK(search.page == 2);
  const BrowseRequest bad = parseBrowseTarget("/search?q=%E0%A4");
  CHECK(bad.kind == Kind::kBadRequest);
  CHECK(bad.problem == "the value of 'q' is not percent-encoded UTF-8");
  CHECK(parseBrowseTarget("/article/0/%zz/").kind == Kind::kBadRequest);
  CHECK(parseBrowseTarget("/nothing").kind == Kind::kNotFound);
  CHECK(parseBrowseTarget("relative").kind == Kind::kNotFound);
  CHECK(archive_news::monthPath("2019-06", 1) == "/month/2019-06");
  CHECK(archive_news::monthPath("2019-06", 2) == "/month/2019-06?page=2");
}

TEST_CASE("browse: served files' headers never carry more than a plain type or a safe name") {
  using archive_news::servedMediaType;
  CHECK(servedMediaType("image/jpeg", true) == "image/jpeg");
  CHECK(servedMediaType("image/svg+xml", true) == "image/svg+xml");
  CHECK(servedMediaType("text/html", true) == "application/octet-stream");  // no page as image
  CHECK(servedMediaType("text/html", false) == "text/html");
  CHECK(servedMediaType("text/plain; charset=utf-8", false) == "application/octet-stream");
  CHECK(servedMediaType("image/png\r\nSet-Cookie: a=b", true) == "application/octet-stream");
  CHECK(servedMediaType("", false) == "application/octet-stream");
  CHECK(servedMediaType("image/", true) == "application/octet-stream");
  CHECK(archive_news::attachmentDisposition("docs/report \"final\".pdf") ==
        "attachment; filename=\"report _final_.pdf\"; "
        "filename*=UTF-8''report%20%22final%22.pdf");
  CHECK(archive_news::attachmentDisposition("보고서.pdf") ==
        "attachment; filename=\"_________.pdf\"; filename*=UTF-8''%EB%B3%B4%EA%B3%A0%EC%84%9C.pdf");
}

TEST_CASE("browse: articles by month, newest first, across bundles") {
  using newsarc_test::ArticleWithFiles;
  auto dated = [](const std::string& uri, std::optional<std::string> date) {
    ArticleWithFiles item = newsarc_test::smallArticle(uri);
    item.article.firstcreated = std::move(date);
    return item;
  };
  const newsarc_test::Bytes first = newsarc_test::buildBundle(
      {dated("urn:a", "2019-06-30"), dated("urn:b", "2019-06-01T10:00:00+09:00"),
       dated("urn:c", std::nullopt), dated("urn:d", "2020-01-15T00:00:00Z")});
  const newsarc_test::Bytes second =
      newsarc_test::buildBundle({dated("urn:e", "2019-06-15T12:00:00-05:00")});
  const archive_news::Bundle one = archive_news::Bundle::fromMemory(first, "one");
  const archive_news::Bundle two = archive_news::Bundle::fromMemory(second, "two");
  const archive_news::ArticleCalendar calendar({&one, &two});
  std::vector<std::string> months;
  for (const archive_news::MonthCount& m : calendar.months()) {
    months.push_back(m.month + "=" + std::to_string(m.count));
  }
  CHECK(months == std::vector<std::string>{"2020-01=1", "2019-06=3", "undated=1"});
  const std::vector<archive_news::BrowsedArticle> june = calendar.articles("2019-06", 0, 10);
  REQUIRE(june.size() == 3);
  CHECK(one.summary(june[0].position).id == "urn:a");     // 06-30
  CHECK((june[1].bundle == 1 && june[1].position == 0));  // 06-15
  CHECK(one.summary(june[2].position).id == "urn:b");     // 06-01
  CHECK(calendar.articles("2019-06", 1, 1).size() == 1);
  CHECK(calendar.articles("2019-06", 3, 10).empty());
  CHECK(calendar.articles("1999-01", 0, 10).empty());
  CHECK(calendar.count("undated") == 1);
  CHECK(calendar.count("1999-01") == 0);
}

TEST_CASE("browse: pages escape every text from a bundle") {
  archive_news::ServedBundle bundle{"<b>.newsarc", "<script>x</script>", 3, false, ""};
  archive_news::ServedBundle damaged{"d.newsarc", "", 1, false, "search index: <bad>"};
  const std::string home = archive_news::renderHomePage({bundle, damaged}, {{"2019-06", 3}});
  CHECK(home.find("3 articles, no search index") != std::string::npos);
  CHECK(home.find("1 article, search index unreadable") != std::string::npos);
  CHECK(home.find("<script>x") == std::string::npos);
  CHECK(home.find("&lt;script&gt;x&lt;/script&gt;") != std::string::npos);
  CHECK(home.find("&lt;b&gt;.newsarc") != std::string::npos);
  CHECK(home.find("href=\"/month/2019-06\"") != std::string::npos);
  CHECK(home.find("action=\"/search\"") != std::string::npos);

  archive_news::MonthListing listing;
  listing.month = "2019-06";
  archive_news::ArticleSummary summary;
  summary.id = "urn:\"x\"";
  summary.headline = "<img src=x onerror=alert(1)> & 'q'";
  summary.bylines = {"<i>me</i>"};
  listing.articles.emplace_back(0, summary);
  listing.total = 1;
  const std::string page = archive_news::renderMonthPage(listing);
  CHECK(page.find("<img") == std::string::npos);
  CHECK(page.find("&lt;img src=x onerror=alert(1)&gt; &amp; &#39;q&#39;") != std::string::npos);
  CHECK(page.find("&lt;i&gt;me&lt;/i&gt;") != std::string::npos);
  CHECK(page.find("href=\"/article/0/urn%3A%22x%22/\"") != std::string::npos);

  const std::string error = archive_news::renderStatusPage(404, "no <page> here");
  CHECK(error.find("<h1>404 Not found</h1>") != std::string::npos);
  CHECK(error.find("no &lt;page&gt; here") != std::string::npos);
}

TEST_CASE("browse: the search page marks highlights, escapes, and survives bad ranges") {
  archive_news::SearchResults results;
  archive_news::SearchHit hit;
  hit.bundle = 1;
  hit.id = "urn:x:1";
  hit.headline = "<b>Ferries</b>";
  hit.date = "2024-03-01";
  hit.bylines = {"김민지"};
  hit.snippet = "a <여객선> & b";
  hit.highlights = {{2, 13}, {0, 1}, {15, 99}};  // the second and third are out of order / past
  hit.snippetCutAfter = true;
  results.hits.push_back(hit);
  results.matches = 1;
  archive_news::SearchPage page;
  page.query = "\"><script>";
  page.results = &results;
  page.unsearchable = {"<old>.newsarc"};
  page.unreadable = {{"<d>.newsarc", "stored bytes have <SHA-256> ..."}};
  const std::string html = archive_news::renderSearchPage(page);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("value=\"&quot;&gt;&lt;script&gt;\"") != std::string::npos);
  CHECK(html.find("a <mark>&lt;여객선&gt;</mark> &amp; b …") != std::string::npos);
  CHECK(html.find("href=\"/article/1/urn%3Ax%3A1/\">&lt;b&gt;Ferries&lt;/b&gt;</a>") !=
        std::string::npos);
  CHECK(html.find("&lt;old&gt;.newsarc has no search index") != std::string::npos);
  CHECK(html.find("&lt;d&gt;.newsarc: its search index cannot be read") != std::string::npos);
  CHECK(html.find("stored bytes have &lt;SHA-256&gt; ...</p>") != std::string::npos);

  archive_news::SearchPage failed;
  failed.query = "(";
  failed.error = "unmatched '(' <here>";
  const std::string error = archive_news::renderSearchPage(failed);
  CHECK(error.find("<p class=\"error\">unmatched &#39;(&#39; &lt;here&gt;</p>") !=
        std::string::npos);
}
