// article.json keys the format does not know: kept in Article::extra as "json:<path>" with the
// exact text of their value, and written back in their own object (spec/ARTICLE-JSON.md).
#include <archive_news/article.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace archive_news;

namespace {

// A newer producer's article.json: unknown keys at the top, nested, in each kind of list element,
// a key that needs quoting in a path, values with spacing and number forms JSON tools change.
const std::string kNewer = R"({
  "uri": "urn:t:newer",
  "slugline": "harbour-fire",
  "headline": "H",
  "future": {"nested": [1, 2.50, {"deep": "\u00e9 é"}], "flag": true, "none": null},
  "odd key": 1e3,
  "bylines": [{"name": "N", "handle": "@n"}],
  "body": ["Text.", {"image": "p", "placement": "left"}],
  "images": [{"name": "p", "file": "p.jpg", "mediatype": "image/jpeg", "focus": {"x": 0.5}}],
  "attachments": [{"name": "a", "file": "a.pdf", "mediatype": "application/pdf", "pages": 3}],
  "extra": {"source": "wire"}
})";

std::string valueOf(const Article& article, const std::string& key) {
  for (const KeyValue& item : article.extra) {
    if (item.key == key) return item.value;
  }
  FAIL("no extra key " << key);
  return {};
}

std::string parseError(const std::string& json) {
  std::vector<std::string> unknown;
  try {
    parseArticleJson(json, "article.json", &unknown);
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("no error was thrown");
  return {};
}

}  // namespace

TEST_CASE("unknown keys are kept with the exact text of their values, each path reported") {
  std::vector<std::string> unknown;
  const Article a = parseArticleJson(kNewer, "article.json", &unknown);
  CHECK(unknown == std::vector<std::string>{"slugline", "future", "[\"odd key\"]",
                                            "bylines[0].handle", "images[0].focus",
                                            "attachments[0].pages", "body[1].placement"});
  CHECK(valueOf(a, "json:slugline") == "\"harbour-fire\"");
  CHECK(valueOf(a, "json:future") ==
        R"({"nested": [1, 2.50, {"deep": "\u00e9 é"}], "flag": true, "none": null})");
  CHECK(valueOf(a, "json:[\"odd key\"]") == "1e3");
  CHECK(valueOf(a, "json:bylines[0].handle") == "\"@n\"");
  CHECK(valueOf(a, "json:body[1].placement") == "\"left\"");
  CHECK(valueOf(a, "json:images[0].focus") == R"({"x": 0.5})");
  CHECK(valueOf(a, "json:attachments[0].pages") == "3");
  CHECK(a.extra.front().key == "source");  // the file's own extra first, in its order
}

TEST_CASE("kept keys go back into their own objects and read back into the same article") {
  std::vector<std::string> unknown;
  const Article a = parseArticleJson(kNewer, "article.json", &unknown);
  const std::string written = formatArticleJson(a);
  CHECK(written.find("\"slugline\": \"harbour-fire\"") != std::string::npos);
  CHECK(
      written.find(
          R"("future": {"nested": [1, 2.50, {"deep": "\u00e9 é"}], "flag": true, "none": null})") !=
      std::string::npos);
  CHECK(written.find("\"odd key\": 1e3") != std::string::npos);
  CHECK(written.find("\"json:") == std::string::npos);  // none left in extra
  const std::size_t image = written.find("\"images\"");
  CHECK(written.find("\"focus\": {\"x\": 0.5}", image) != std::string::npos);
  const std::size_t byline = written.find("\"bylines\"");
  CHECK(written.find("\"handle\": \"@n\"", byline) < written.find("\"body\""));
  std::vector<std::string> again;
  CHECK(parseArticleJson(written, "article.json", &again) == a);
  CHECK(again.size() == unknown.size());
  CHECK(formatArticleJson(parseArticleJson(written, "article.json", &again)) == written);
}

TEST_CASE("without a list for them, unknown keys are still refused") {
  CHECK_THROWS_AS(parseArticleJson(kNewer, "article.json"), Error);
}

TEST_CASE("an extra key that is also the key keeping an unknown key is refused, not overwritten") {
  const std::string what = parseError(
      R"({"uri": "u", "headline": "h", "slugline": "s", "extra": {"json:slugline": "x"}})");
  CHECK(what.find("extra[\"json:slugline\"]: is also the key that keeps unknown key slugline") !=
        std::string::npos);
}

TEST_CASE("a json: extra key that cannot go back stays in extra and reads back the same") {
  // Its object is absent (no images[3]), its key is a known one, or its value is not JSON.
  Article a;
  a.uri = "u";
  a.headline = "h";
  a.extra = {{"json:images[3].focus", "1"}, {"json:headline", "\"x\""}, {"json:later", "not json"}};
  const std::string written = formatArticleJson(a);
  CHECK(written.find("\"json:images[3].focus\": \"1\"") != std::string::npos);
  CHECK(written.find("\"json:headline\"") != std::string::npos);
  CHECK(written.find("\"json:later\": \"not json\"") != std::string::npos);
  std::vector<std::string> unknown;
  CHECK(parseArticleJson(written, "article.json", &unknown) == a);
  CHECK(unknown.empty());
}
