// article.json parsing and formatting, validateArticle, folder names and article folders.
#include <archive_news/article.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace fs = std::filesystem;
using namespace archive_news;
using namespace std::string_literals;

namespace {

const fs::path kSeedDir = fs::path(NEWSARC_SOURCE_DIR) / "samples" / "seed-article";

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// A fresh folder under the system's temporary folder, removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "newsarc-json-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The message of the Error that parsing `json` throws; fails the test when it does not throw.
std::string parseError(const std::string& json) {
  try {
    parseArticleJson(json, "article.json");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kInvalidArgument);
    CHECK(error.file() == "article.json");
    return error.what();
  }
  FAIL("parsed without error: " << json);
  return {};
}

std::string validationError(const Article& article) {
  try {
    validateArticle(article, "test");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kInvalidArgument);
    return error.what();
  }
  FAIL("validated without error");
  return {};
}

// A minimal valid article.json with `members` (",\"key\": value..." or "") added at the end.
std::string minimalJson(const std::string& members) {
  return R"({"uri": "urn:test:1", "headline": "h")" + members + "}";
}

std::string withImage(const std::string& imageMembers, const std::string& more = "") {
  return minimalJson(R"(, "images": [{"name": "a", "mediatype": "image/jpeg", )" + imageMembers +
                     "}]" + more);
}

Article richArticle() {
  Article a;
  a.uri = "urn:test:rich";
  a.url = "";  // present and empty: not the same as absent
  a.headline = "\xea\xb5\xad\xeb\xb0\xa9\xec\x9d\xbc\xeb\xb3\xb4 headline\xc2\xa0with NBSP";
  a.subheadlines = {"first", "", "\xf0\x9f\x87\xb0\xf0\x9f\x87\xb7 flag emoji"};
  a.publisher = "The Korea Defense Daily";
  a.bylines = {{"Joo-Hyeong, Lee", "Jataka@dema.mil.kr", "reporter"},
               {"\xed\x99\x8d\xea\xb8\xb8\xeb\x8f\x99", std::nullopt, ""}};
  a.firstcreated = "2019-06-30T09:00:00.250+09:00";
  a.versioncreated = "2019-06-30";
  a.language = "ko";
  // NFC "é" and NFD "e" + U+0301 look alike and must stay two different keywords.
  a.keywords = {"caf\xc3\xa9", "cafe\xcc\x81", "  padded  "};
  a.copyrightnotice = "Copyright \xe2\x93\x92 2019";
  a.usageterms = "";
  a.images = {Image{"lead",
                    "photos/lead.jpg",
                    "image/jpeg",
                    "A caption",
                    "Jane Doe/Agency",
                    "Jane Doe",
                    "",
                    1024,
                    768,
                    {}},
              Image{"chart",
                    "chart.png",
                    "image/png",
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    std::nullopt,
                    0,
                    0,
                    {}}};
  a.attachments = {Attachment{"data", "data.csv", "text/csv; charset=utf-8", "The data", {}},
                   Attachment{"slides", "slides.pdf", "application/pdf", std::nullopt, {}}};
  a.body = {Heading{1, "Top heading"},
            ImageBlock{0},
            Paragraph{"Tab\there, newline\nthere, \"quotes\", back\\slash, DEL \x7f"s},
            Paragraph{""},
            Quote{"\xe2\x80\x9cQuoted\xe2\x80\x9d", "A. Speaker"},
            Quote{"Unattributed", std::nullopt},
            AttachmentBlock{1},
            Heading{6, ""},
            ImageBlock{1},
            AttachmentBlock{0},
            Paragraph{"\xf0\x9f\x93\xb0 trailing space "}};
  a.extra = {{"zeta", "last letter first"}, {"alpha", ""}, {"\xed\x82\xa4 key", "value"}};
  return a;
}

}  // namespace

TEST_SUITE("article_json") {
  TEST_CASE("the seed article parses with every field exact") {
    const std::string text = readAll(kSeedDir / "article.json");
    const std::string original = readAll(kSeedDir / "original.txt");
    const Article a = parseArticleJson(text, "seed/article.json");

    CHECK(a.uri == "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance");
    CHECK_FALSE(a.url.has_value());
    CHECK(a.headline ==
          "Republic of Korea-U.S. alliance to evolve into comprehensive strategic alliance");
    REQUIRE(a.subheadlines.size() == 4);
    CHECK(a.subheadlines[0] == "President Moon Jae-in holds summit with U.S. President Trump;");
    CHECK(a.section == "News Zone / Recent News");
    CHECK(a.publisher == "The Korea Defense Daily");
    REQUIRE(a.bylines.size() == 1);
    CHECK(a.bylines[0] == Byline{"Joo-Hyeong, Lee", "Jataka@dema.mil.kr", "reporter"});
    CHECK(a.firstcreated == "2019-06-30");  // a date alone: no time or zone invented
    CHECK_FALSE(a.versioncreated.has_value());
    CHECK(a.language == "en");
    CHECK(a.located == "Seoul");
    CHECK(a.keywords == std::vector<std::string>{"Republic of Korea-U.S. alliance", "summit",
                                                 "denuclearization", "Cheong Wa Dae"});
    CHECK(a.copyrightnotice ==
          "Copyright \xe2\x93\x92 The Korea Defense Daily, All rights reserved");  // U+24D2 ⓒ
    CHECK_FALSE(a.usageterms.has_value());

    REQUIRE(a.body.size() == 11);
    CHECK(std::get<ImageBlock>(a.body[0]).image == 0);
    CHECK(std::get<ImageBlock>(a.body[4]).image == 1);
    const std::string& first = std::get<Paragraph>(a.body[1]).text;
    CHECK(first.find("to strenthen cooperation") != std::string::npos);  // the typo survives
    CHECK(std::get<Paragraph>(a.body[2]).text.find("Donal Trump, stressing \"We agreed") !=
          std::string::npos);
    // Every text was copied from the capture byte for byte.
    for (const Block& block : a.body) {
      if (const auto* paragraph = std::get_if<Paragraph>(&block)) {
        CHECK(original.find(paragraph->text) != std::string::npos);
      }
    }
    for (const std::string& line : a.subheadlines) CHECK(original.find(line) != std::string::npos);
    CHECK(original.find(*a.copyrightnotice) != std::string::npos);

    REQUIRE(a.images.size() == 2);
    CHECK(a.images[0].name == "alliance1");
    CHECK(a.images[0].fileName == "alliance1.jpg");
    CHECK(a.images[0].mediatype == "image/jpeg");
    CHECK_FALSE(a.images[0].caption.has_value());
    CHECK(a.images[0].alt.has_value());
    CHECK(a.images[0].width == 0);
    CHECK(a.images[1].fileName == "alliance2.jpg");
    REQUIRE(a.attachments.size() == 2);
    CHECK(a.attachments[0].fileName == "presentation.pdf");
    CHECK(a.attachments[0].description == "(Presentation and Follow-on discussion)");
    CHECK(a.attachments[1].mediatype == "text/plain; charset=utf-8");
    REQUIRE(a.extra.size() == 2);
    CHECK(a.extra[0] ==
          KeyValue{"byline-as-published", "By Joo-Hyeong, Lee < Jataka@dema.mil.kr >"});
    CHECK(a.extra[1].key == "source-site-section");

    // The seed is written in the canonical form, so formatting reproduces it byte for byte.
    CHECK(formatArticleJson(a) == text);
  }

  TEST_CASE("format then parse gives back the same article") {
    const Article a = richArticle();
    validateArticle(a, "rich");
    const std::string json = formatArticleJson(a);
    CHECK(parseArticleJson(json, "rich.json") == a);
    CHECK(json.back() == '\n');
    CHECK(json.rfind("{\n  \"uri\": \"urn:test:rich\",\n", 0) == 0);
    // Non-ASCII text is written as raw UTF-8, never as \u escapes.
    CHECK(json.find("\xea\xb5\xad\xeb\xb0\xa9") != std::string::npos);
    CHECK(json.find("\\u00a0") == std::string::npos);
    CHECK(json.find("newline\\nthere") != std::string::npos);  // control bytes are escaped
    // Present-but-empty fields are written; absent ones are not.
    CHECK(json.find("\"url\": \"\"") != std::string::npos);
    CHECK(json.find("\"section\"") == std::string::npos);
    CHECK(json.find("\"usageterms\": \"\"") != std::string::npos);
    // extra keeps its order.
    CHECK(json.find("\"zeta\"") < json.find("\"alpha\""));
  }

  TEST_CASE("a minimal article with an empty body round-trips") {
    Article a;
    a.uri = "u";
    const std::string json = formatArticleJson(a);
    CHECK(json == "{\n  \"uri\": \"u\",\n  \"headline\": \"\"\n}\n");
    const Article back = parseArticleJson(json, "min.json");
    CHECK(back == a);
    CHECK(back.body.empty());
    CHECK_FALSE(back.url.has_value());
  }

  TEST_CASE("absent and empty optional fields stay different") {
    const Article absent = parseArticleJson(minimalJson(""), "a.json");
    const Article empty = parseArticleJson(
        minimalJson(R"(, "url": "", "section": "", "bylines": [{"name": "", "email": ""}])"),
        "b.json");
    CHECK_FALSE(absent.url.has_value());
    CHECK_FALSE(absent.section.has_value());
    REQUIRE(empty.url.has_value());
    CHECK(empty.url->empty());
    CHECK(empty.section == "");
    CHECK(empty.bylines[0].email == "");
    CHECK_FALSE(empty.bylines[0].role.has_value());
  }

  TEST_CASE("strings are kept byte for byte") {
    const std::string nfc = "\xc3\xa9";   // é
    const std::string nfd = "e\xcc\x81";  // e + combining acute
    const Article a = parseArticleJson(
        minimalJson(R"(, "keywords": [")" + nfc + R"(", ")" + nfd + R"(", "  spaced\u00a0 "])"),
        "k.json");
    REQUIRE(a.keywords.size() == 3);
    CHECK(a.keywords[0] == nfc);
    CHECK(a.keywords[1] == nfd);
    CHECK(a.keywords[2] == "  spaced\xc2\xa0 ");
  }

  TEST_CASE("body blocks of every kind parse, a heading without level is level 2") {
    const Article a = parseArticleJson(
        withImage(R"("file": "a.jpg")", R"(, "attachments": [{"name": "doc", "file": "d.pdf",
          "mediatype": "application/pdf"}], "body": ["text", {"heading": "H"},
          {"heading": "H3", "level": 3}, {"quote": "Q"}, {"quote": "Q2", "attribution": "W"},
          {"image": "a"}, {"attachment": "doc"}])"),
        "blocks.json");
    REQUIRE(a.body.size() == 7);
    CHECK(std::get<Paragraph>(a.body[0]).text == "text");
    CHECK(std::get<Heading>(a.body[1]) == Heading{2, "H"});
    CHECK(std::get<Heading>(a.body[2]) == Heading{3, "H3"});
    CHECK(std::get<Quote>(a.body[3]) == Quote{"Q", std::nullopt});
    CHECK(std::get<Quote>(a.body[4]) == Quote{"Q2", "W"});
    CHECK(std::get<ImageBlock>(a.body[5]).image == 0);
    CHECK(std::get<AttachmentBlock>(a.body[6]).attachment == 0);
  }

  TEST_CASE("generated-corpus articles parse: image metadata and dates with offsets") {
    const Article a = parseArticleJson(minimalJson(R"(, "firstcreated": "2017-03-04T05:06:00+09:00",
          "versioncreated": "2017-03-04T05:06:00-05:30",
          "images": [{"name": "image1", "file": "AP-20170304-0000001.jpg", "mediatype": "image/jpeg",
            "caption": "C", "credit": "Jane Doe/AP", "alt": "A", "width": 1600, "height": 4294967295}],
          "body": ["p", {"image": "image1"}])"),
                                       "corpus.json");
    CHECK(a.firstcreated == "2017-03-04T05:06:00+09:00");
    CHECK(a.versioncreated == "2017-03-04T05:06:00-05:30");
    CHECK(a.images[0].width == 1600);
    CHECK(a.images[0].height == 4294967295u);
    CHECK(a.images[0].credit == "Jane Doe/AP");
  }

  TEST_CASE("RFC 3339 times are accepted in every allowed form and kept as written") {
    for (const char* time : {"2019-06-30", "2020-02-29", "2019-06-30T09:00:00Z",
                             "2019-06-30t09:00:00z", "2019-06-30T09:00:00.123456789+09:00",
                             "2016-12-31T23:59:60Z", "0001-01-01T00:00:00-23:59"}) {
      CAPTURE(time);
      const Article a =
          parseArticleJson(minimalJson(std::string(R"(, "firstcreated": ")") + time + "\""), "t");
      CHECK(a.firstcreated == time);
    }
  }

  TEST_CASE("JSON syntax errors give line and column") {
    const std::string message = parseError("{\n  \"uri\": \"u\",\n  \"headline\" \"h\"\n}\n");
    CHECK(message.find("article.json: line 3, column ") == 0);
    CHECK(message.find("invalid JSON") != std::string::npos);
    CHECK(parseError("").find("invalid JSON") != std::string::npos);
    CHECK(parseError(minimalJson("") + " trailing").find("invalid JSON") != std::string::npos);
    CHECK(parseError(R"({"uri": "u", "headline": "h",})").find("invalid JSON") !=
          std::string::npos);
    // A number no double can hold: nlohmann gives no position, the parser finds the number.
    CHECK(parseError("{\"uri\": \"u\",\n \"headline\": 1e999}") ==
          "article.json: line 2, column 14: invalid JSON: number overflow parsing '1e999'; "
          "expected numbers within the range of a double");
  }

  TEST_CASE("invalid UTF-8 is rejected, with a message that is itself UTF-8") {
    const std::string bad = parseError(minimalJson(", \"section\": \"News\xff\""));
    CHECK(bad.find("line 1, column ") != std::string::npos);
    CHECK(bad.find("\\xff") != std::string::npos);
    CHECK(bad.find('\xff') == std::string::npos);
    for (const char* sequence : {"\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
      CAPTURE(sequence);
      parseError(minimalJson(std::string(", \"section\": \"") + sequence + "\""));
    }
    parseError(minimalJson(R"(, "section": "\ud800")"));  // a lone surrogate escape
  }

  TEST_CASE("duplicate keys are rejected, naming where") {
    CHECK(parseError(R"({"uri": "a", "headline": "h", "uri": "b"})").find("uri: duplicate key") !=
          std::string::npos);
    CHECK(parseError(minimalJson(R"(, "bylines": [{"name": "a", "name": "b"}])"))
              .find("bylines[0].name: duplicate key") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "extra": {"": "1", "": "2"})"))
              .find("extra[\"\"]: duplicate key") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "extra": {"k": "1", "k": "2"})"))
              .find("extra.k: duplicate key") != std::string::npos);
  }

  // Objects past a few members find duplicates through a set of their keys (an object of n keys
  // once cost n squared: 80,000 keys took 9.6 s), so check both sides of that switch, and a
  // duplicate of the first key of a large object.
  TEST_CASE("duplicate keys are found in objects of any size") {
    for (std::size_t size : {2, 15, 16, 17, 40, 200000}) {
      CAPTURE(size);
      std::string members;
      for (std::size_t i = 0; i < size; ++i) members += "\"k" + std::to_string(i) + "\": 1, ";
      for (const std::string& repeated : {std::string("k0"), "k" + std::to_string(size - 1)}) {
        CHECK(parseError(minimalJson(", \"extra\": {" + members + "\"" + repeated + "\": 2}"))
                  .find("extra." + repeated + ": duplicate key") != std::string::npos);
      }
    }
  }

  TEST_CASE("unknown keys are rejected, naming where") {
    CHECK(parseError(minimalJson(R"(, "type": "text")"))
              .find("article.json: type: unknown key; expected one of uri, url") == 0);
    CHECK(parseError(withImage(R"("file": "a.jpg", "after_paragraph": 1)"))
              .find("images[0].after_paragraph: unknown key") != std::string::npos);
    CHECK(
        parseError(withImage(R"("file": "a.jpg")", R"(, "body": [{"image": "a", "caption": "c"}])"))
            .find("body[0].caption: unknown key") != std::string::npos);
  }

  TEST_CASE("missing required fields are rejected") {
    CHECK(parseError(R"({"headline": "h"})").find("uri: missing; expected a string") !=
          std::string::npos);
    CHECK(parseError(R"({"uri": "u"})").find("headline: missing") != std::string::npos);
    CHECK(parseError(withImage("\"size\": 1")).find("images[0].size: unknown key") !=
          std::string::npos);
    CHECK(parseError(minimalJson(R"(, "images": [{"name": "a", "mediatype": "image/jpeg"}])"))
              .find("images[0].file: missing") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "bylines": [{"email": "x@y"}])"))
              .find("bylines[0].name: missing") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "attachments": [{"name": "a", "file": "a"}])"))
              .find("attachments[0].mediatype: missing") != std::string::npos);
  }

  TEST_CASE("an empty uri or media type is rejected") {
    CHECK(parseError(R"({"uri": "", "headline": "h"})").find("uri: empty; expected") !=
          std::string::npos);
    CHECK(parseError(minimalJson(R"(, "images": [{"name": "a", "file": "a", "mediatype": ""}])"))
              .find("images[0].mediatype: empty; expected") != std::string::npos);
  }

  TEST_CASE("values of the wrong type are rejected") {
    CHECK(parseError("[]").find("top level: found an array; expected an object") !=
          std::string::npos);
    CHECK(parseError(R"({"uri": "u", "headline": 5})")
              .find("headline: found a number; expected a string") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "url": null)")).find("url: found null") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "subheadlines": "one")"))
              .find("subheadlines: found a string; expected an array") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "keywords": ["a", 2])"))
              .find("keywords[1]: found a number; expected a string") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "bylines": ["name"])"))
              .find("bylines[0]: found a string; expected an object") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "extra": {"k": 1})")).find("extra.k: found a number") !=
          std::string::npos);
    CHECK(parseError(minimalJson(R"(, "extra": {"odd key": true})"))
              .find("extra[\"odd key\"]: found a boolean") != std::string::npos);
    for (const char* width : {"\"640\"", "-1", "1.5", "4294967296", "1e3"}) {
      CAPTURE(width);
      CHECK(parseError(withImage(std::string(R"("file": "a.jpg", "width": )") + width))
                .find("images[0].width: found") != std::string::npos);
    }
    for (const char* level : {"0", "7", "\"2\"", "2.0", "258"}) {
      CAPTURE(level);
      CHECK(parseError(
                minimalJson(std::string(R"(, "body": [{"heading": "h", "level": )") + level + "}]"))
                .find("body[0].level: found") != std::string::npos);
    }
  }

  TEST_CASE("bad times are rejected") {
    for (const char* time :
         {"2019-13-01", "2019-06-30T25:00:00Z", "2019-02-29", "2019-06-31", "2019-06-30T09:00:00",
          "2019-06-30 09:00:00Z", "19-06-30", "2019-06-30T09:00:00+0900", "2019-06-30T09:60:00Z",
          "2019-06-30T09:00:61Z", "2019-06-30T09:00:00.Z", "2019-06-30T09:00:00+24:00", "",
          "June 30, 2019", "2019-6-30", "2019-06-30Z"}) {
      CAPTURE(time);
      const std::string message =
          parseError(minimalJson(std::string(R"(, "versioncreated": ")") + time + "\""));
      CHECK(message.find("versioncreated: \"") != std::string::npos);
      CHECK(message.find("is not an RFC 3339 time; expected") != std::string::npos);
    }
  }

  TEST_CASE("body blocks must refer to existing images and attachments") {
    CHECK(parseError(withImage(R"("file": "a.jpg")", R"(, "body": ["p", {"image": "b"}])"))
              .find("body[1].image: no image named \"b\"") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "body": [{"attachment": "x"}])"))
              .find("body[0].attachment: no attachment named \"x\"") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "body": [{}])")).find("body[0]: an object without") !=
          std::string::npos);
    CHECK(parseError(minimalJson(R"(, "body": [{"quote": "q", "heading": "h"}])"))
              .find("body[0]: both \"heading\" and \"quote\"") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "body": [1])")).find("body[0]: found a number") !=
          std::string::npos);
  }

  TEST_CASE("image and attachment names must be unique") {
    CHECK(parseError(minimalJson(R"(, "images": [
            {"name": "a", "file": "a.jpg", "mediatype": "image/jpeg"},
            {"name": "a", "file": "b.jpg", "mediatype": "image/jpeg"}])"))
              .find("images[1].name: \"a\" is used twice") != std::string::npos);
    CHECK(parseError(minimalJson(R"(, "attachments": [
            {"name": "a", "file": "a.pdf", "mediatype": "application/pdf"},
            {"name": "a", "file": "b.pdf", "mediatype": "application/pdf"}])"))
              .find("attachments[1].name: \"a\" is used twice") != std::string::npos);
  }

  TEST_CASE("U+0000 is refused in any text, which C strings would cut short") {
    const std::string message = parseError(minimalJson(R"(, "section": "a\u0000b")"));
    CHECK(message.find("section: NUL byte at byte 1") != std::string::npos);
    CHECK(parseError(withImage(R"("file": "a\u0000b")")).find("images[0].file: NUL byte") !=
          std::string::npos);
  }

  TEST_CASE("unsafe file names are rejected") {
    const std::string longComponent(256, 'x');
    for (const std::string& name :
         {std::string("../x.jpg"), std::string("/etc/passwd"), std::string("a\\\\b"),
          std::string(""), std::string("a//b"), std::string("./a.jpg"), std::string("a/./b"),
          std::string("a/../../b"), std::string("dir/"), std::string(".."),
          std::string("a\\u0001b"), std::string("a\\nb"), longComponent,
          std::string("article.json"), std::string("article.json/x")}) {
      CAPTURE(name);
      const std::string message = parseError(withImage("\"file\": \"" + name + "\""));
      CHECK(message.find("images[0].file: \"") != std::string::npos);
      CHECK(message.find("expected a relative file name") != std::string::npos);
    }
    // Names that are fine: subfolders, spaces, dots inside names, non-ASCII.
    for (const char* name : {"photos/2019/a.jpg", "a b.jpg", "..a", "a..b", ".hidden",
                             "\xea\xb5\xad\xeb\xb0\xa9.jpg", "sub/article.json"}) {
      CAPTURE(name);
      CHECK(parseArticleJson(withImage(std::string("\"file\": \"") + name + "\""), "ok")
                .images[0]
                .fileName == name);
    }
    std::string tooLong;
    for (int i = 0; i < 5; ++i) tooLong += std::string(250, 'a') + "/";
    tooLong += "x";
    CHECK(parseError(withImage("\"file\": \"" + tooLong + "\"")).find("bytes long") !=
          std::string::npos);
  }

  TEST_CASE("hostile nesting is rejected early") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']');
    CHECK(parseError(deep).find("nested deeper than") != std::string::npos);
  }

  TEST_CASE("validateArticle names the field for each rule") {
    Article a;
    a.uri = "u";
    validateArticle(a, "ok");

    Article outOfRange = a;
    outOfRange.body = {Paragraph{"p"}, ImageBlock{0}};
    CHECK(validationError(outOfRange).find("test: body[1].image: image 0 does not exist") == 0);
    outOfRange.body = {AttachmentBlock{3}};
    CHECK(validationError(outOfRange).find("body[0].attachment:") != std::string::npos);

    Article level = a;
    level.body = {Heading{0, "h"}};
    CHECK(validationError(level).find("body[0].level: level 0; expected") != std::string::npos);
    level.body = {Heading{7, "h"}};
    CHECK(validationError(level).find("body[0].level") != std::string::npos);

    Article extra = a;
    extra.extra = {{"k", "1"}, {"k", "2"}};
    CHECK(validationError(extra).find("extra[1].key: \"k\" is used twice") != std::string::npos);

    Article noUri = a;
    noUri.uri.clear();
    CHECK(validationError(noUri).find("uri: empty") != std::string::npos);

    Article noMediatype = a;
    noMediatype.attachments = {Attachment{"a", "a.pdf", "", std::nullopt, {}}};
    CHECK(validationError(noMediatype).find("attachments[0].mediatype: empty") !=
          std::string::npos);
  }

  TEST_CASE("validateArticle: pubstatus is absent or one of ninjs's three, exactly") {
    Article a;
    a.uri = "u";
    for (const char* status : {"usable", "withheld", "canceled"}) {
      a.pubstatus = status;
      validateArticle(a, "ok");
    }
    for (const char* status : {"", "Withheld", "cancelled", "usable ", "embargoed"}) {
      a.pubstatus = status;
      CHECK(validationError(a) == "test: pubstatus: \"" + std::string(status) +
                                      "\" is not a publication status; expected \"usable\", "
                                      "\"withheld\" or \"canceled\"");
    }
    a.pubstatus = "with\xffheld";
    CHECK(validationError(a).find("test: pubstatus: invalid UTF-8 at byte 4") == 0);
  }

  TEST_CASE("article.json: pubstatus is read, written only when present, and checked") {
    const Article absent = parseArticleJson(minimalJson(""), "a.json");
    CHECK_FALSE(absent.pubstatus.has_value());
    CHECK(formatArticleJson(absent).find("pubstatus") == std::string::npos);
    const Article withheld =
        parseArticleJson(minimalJson(R"(, "pubstatus": "withheld")"), "b.json");
    CHECK(withheld.pubstatus == "withheld");
    CHECK(withheld.extra.empty());  // a field of the model, not a kept unknown key
    const std::string json = formatArticleJson(withheld);
    CHECK(json.find("\n  \"pubstatus\": \"withheld\"\n") != std::string::npos);
    CHECK(parseArticleJson(json, "c.json") == withheld);
    CHECK(formatArticleJson(parseArticleJson(json, "c.json")) == json);
    // After usageterms, before body: the order of spec/ARTICLE-JSON.md's table.
    Article ordered = withheld;
    ordered.usageterms = "terms";
    ordered.body = {Paragraph{"p"}};
    const std::string orderedJson = formatArticleJson(ordered);
    CHECK(orderedJson.find("\"usageterms\"") < orderedJson.find("\"pubstatus\""));
    CHECK(orderedJson.find("\"pubstatus\"") < orderedJson.find("\"body\""));
    CHECK(parseError(minimalJson(R"(, "pubstatus": "embargoed")")) ==
          "article.json: pubstatus: \"embargoed\" is not a publication status; expected "
          "\"usable\", \"withheld\" or \"canceled\"");
    CHECK(parseError(minimalJson(R"(, "pubstatus": 2)")).find("article.json: pubstatus: ") == 0);
  }

  TEST_CASE("validateArticle rejects every kind of invalid UTF-8") {
    for (const char* bad : {"\xc0\x80",          // overlong NUL
                            "\xe0\x80\xaf",      // overlong '/'
                            "\xed\xa0\x80",      // surrogate U+D800
                            "\xed\xbf\xbf",      // surrogate U+DFFF
                            "\xf4\x90\x80\x80",  // U+110000
                            "\xf5\x80\x80\x80",  // beyond the lead bytes
                            "\x80",              // stray continuation
                            "\xe2\x82",          // truncated
                            "\xff"}) {
      CAPTURE(bad);
      Article a;
      a.uri = "u";
      a.bylines = {{std::string("Name ") + bad, std::nullopt, std::nullopt}};
      CHECK(validationError(a).find("bylines[0].name: invalid UTF-8 at byte 5") !=
            std::string::npos);
    }
    Article ok;
    ok.uri = "u";
    ok.headline = "\xf0\x9f\x93\xb0 \xf4\x8f\xbf\xbf \xee\x80\x80 \xef\xbf\xbf \xc2\x80";
    validateArticle(ok, "ok");
  }

  TEST_CASE("the first bad byte is found wherever it lies in a long text") {
    // Runs of ASCII are skipped eight bytes at a time: every position of a word must be seen.
    for (std::size_t at = 0; at < 40; ++at) {
      CAPTURE(at);
      for (const bool nul : {true, false}) {
        Article a;
        a.uri = "u";
        a.headline = std::string(48, 'x');
        a.headline[at] = nul ? '\0' : '\xff';
        CHECK(validationError(a).find(std::string("headline: ") +
                                      (nul ? "NUL byte" : "invalid UTF-8") + " at byte " +
                                      std::to_string(at) + ";") != std::string::npos);
      }
      // After a valid sequence, ASCII runs are skipped again.
      Article b;
      b.uri = "u";
      b.headline = "\xc3\xa9" + std::string(at, 'y') + "\x80" + std::string(20, 'z');
      CHECK(validationError(b).find("headline: invalid UTF-8 at byte " + std::to_string(at + 2) +
                                    ";") != std::string::npos);
      Article ok;
      ok.uri = "u";
      ok.headline = std::string(at, 'a') + "\xe2\x82\xac" + std::string(at % 9, 'b') + "\x7f";
      validateArticle(ok, "ok");
    }
  }

  TEST_CASE("formatArticleJson refuses an invalid article") {
    Article a;
    a.uri = "u";
    a.body = {ImageBlock{0}};
    CHECK_THROWS_AS(formatArticleJson(a), Error);
  }

  TEST_CASE("folderNameForId keeps safe bytes and replaces runs of others") {
    CHECK(folderNameForId("urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance") ==
          "urn_newsarc_kookbang.dema.mil.kr_2019-06-30_alliance");
    CHECK(folderNameForId("https://example.org/a?b=c") == "https_example.org_a_b_c");
    CHECK(folderNameForId("a.b_c-D9") == "a.b_c-D9");
    CHECK(folderNameForId("a \xea\xb5\xad\xeb\xb0\xa9 b") == "a_\xea\xb5\xad\xeb\xb0\xa9_b");
    CHECK(folderNameForId("a/../b") == "a_.._b");
    CHECK(folderNameForId(std::string(300, 'x')) == std::string(120, 'x'));
    CHECK(folderNameForId("") == "_");
    CHECK(folderNameForId(".") == "_");
    CHECK(folderNameForId("..") == "__");
    CHECK(folderNameForId("/") == "_");
  }

  TEST_CASE("loadArticleFolder reads the seed and lists files article.json does not name") {
    const ArticleFolder folder = loadArticleFolder(kSeedDir);
    CHECK(folder.dir == kSeedDir);
    CHECK(folder.article == parseArticleJson(readAll(kSeedDir / "article.json"), "seed"));
    CHECK(folder.unreferencedFiles == std::vector<std::string>{"README.md"});
  }

  TEST_CASE("loadArticleFolder lists unreferenced files recursively and sorted") {
    TempDir temp;
    const fs::path dir = temp.path() / "article";
    writeAll(dir / "article.json", withImage(R"("file": "img/a.jpg")"));
    writeAll(dir / "img" / "a.jpg", "jpeg");
    writeAll(dir / "img" / "b.jpg", "unused");
    writeAll(dir / "notes.txt", "unused");
    writeAll(dir / "a" / "z.txt", "unused");
    const ArticleFolder folder = loadArticleFolder(dir);
    CHECK(folder.unreferencedFiles ==
          std::vector<std::string>{"a/z.txt", "img/b.jpg", "notes.txt"});
  }

  TEST_CASE("loadArticleFolder refuses missing files and links that leave the folder") {
    TempDir temp;
    const fs::path dir = temp.path() / "article";
    writeAll(dir / "article.json", withImage(R"("file": "a.jpg")"));
    try {
      loadArticleFolder(dir);
      FAIL("a missing file was accepted");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kNotFound);
      CHECK(std::string(error.what()).find("images[0].file: \"a.jpg\" does not exist") !=
            std::string::npos);
    }
    writeAll(temp.path() / "outside.jpg", "secret");
    fs::create_symlink(temp.path() / "outside.jpg", dir / "a.jpg");
    try {
      loadArticleFolder(dir);
      FAIL("a link leaving the folder was accepted");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kInvalidArgument);
      CHECK(std::string(error.what()).find("leads outside the article folder") !=
            std::string::npos);
    }
    // A link that stays inside is fine.
    fs::remove(dir / "a.jpg");
    writeAll(dir / "real.jpg", "jpeg");
    fs::create_symlink("real.jpg", dir / "a.jpg");
    CHECK(loadArticleFolder(dir).unreferencedFiles == std::vector<std::string>{"real.jpg"});
    // A folder is not a file.
    fs::remove(dir / "a.jpg");
    fs::create_directory(dir / "a.jpg");
    CHECK_THROWS_AS(loadArticleFolder(dir), Error);
    // No article.json at all.
    CHECK_THROWS_AS(loadArticleFolder(temp.path()), Error);
  }

  TEST_CASE("loadArticleFolder follows linked folders on the way to a file, and only inside") {
    TempDir temp;
    const fs::path dir = temp.path() / "article";
    // The code and reason of the error loading dir gives.
    const auto loadError = [&dir]() -> std::pair<ErrorCode, std::string> {
      try {
        loadArticleFolder(dir);
      } catch (const Error& error) {
        return {error.code(), error.reason()};
      }
      FAIL("loaded without error");
      return {};
    };
    writeAll(dir / "article.json", withImage(R"("file": "img/a.jpg")"));
    writeAll(dir / "real" / "a.jpg", "jpeg");
    // A linked folder inside the folder: the file is read through it, the link is listed as a
    // file of its own (never followed) and the folder it leads to is listed as usual.
    fs::create_directory_symlink("real", dir / "img");
    CHECK(loadArticleFolder(dir).unreferencedFiles ==
          std::vector<std::string>{"img", "real/a.jpg"});
    // A linked folder that leads outside is refused, naming where the file really is.
    fs::remove(dir / "img");
    writeAll(temp.path() / "outside" / "a.jpg", "secret");
    fs::create_directory_symlink(temp.path() / "outside", dir / "img");
    const fs::path real = fs::canonical(temp.path() / "outside" / "a.jpg");
    CHECK(loadError() ==
          std::pair{ErrorCode::kInvalidArgument,
                    "images[0].file: \"img/a.jpg\" leads outside the article folder (to " +
                        real.string() + "); expected a file inside " + dir.string()});
    // A file where a folder should be.
    fs::remove(dir / "img");
    writeAll(dir / "img", "not a folder");
    CHECK(loadError() == std::pair{ErrorCode::kNotFound,
                                   "images[0].file: \"img/a.jpg\" does not exist; expected a "
                                   "file in " +
                                       dir.string()});
    // A folder where the file should be.
    fs::remove(dir / "img");
    fs::create_directories(dir / "img" / "a.jpg");
    CHECK(loadError() == std::pair{ErrorCode::kInvalidArgument,
                                   "images[0].file: \"img/a.jpg\" is not a regular file; "
                                   "expected a file in " +
                                       dir.string()});
    // A link to a file, inside a real folder, that leads back inside.
    fs::remove_all(dir / "img");
    fs::create_directories(dir / "img");
    fs::create_symlink("../real/a.jpg", dir / "img" / "a.jpg");
    CHECK(loadArticleFolder(dir).unreferencedFiles == std::vector<std::string>{"real/a.jpg"});
  }

  TEST_CASE("loadArticleFolder reads a folder given with a trailing slash or through a link") {
    TempDir temp;
    const fs::path dir = temp.path() / "article";
    writeAll(dir / "article.json", withImage(R"("file": "a.jpg")"));
    writeAll(dir / "a.jpg", "jpeg");
    writeAll(dir / "sub" / "note.txt", "unused");
    fs::create_directory_symlink(dir, temp.path() / "linked");
    for (const fs::path& given : {fs::path(dir.string() + "/"), temp.path() / "linked",
                                  temp.path() / "linked" / "sub" / ".."}) {
      CAPTURE(given);
      CHECK(loadArticleFolder(given).unreferencedFiles == std::vector<std::string>{"sub/note.txt"});
    }
  }

  TEST_CASE("findArticleFolders finds article folders in sorted order") {
    TempDir temp;
    const fs::path root = temp.path();
    const std::string json = minimalJson("");
    writeAll(root / "b" / "c" / "article.json", json);
    writeAll(root / "b" / "c" / "d" / "article.json", json);  // inside an article folder: skipped
    writeAll(root / "a" / "article.json", json);
    writeAll(root / "b" / "x" / "y" / "article.json", json);
    fs::create_directories(root / "empty");
    CHECK(findArticleFolders(root) ==
          std::vector<fs::path>{root / "a", root / "b" / "c", root / "b" / "x" / "y"});
    CHECK(findArticleFolders(root / "a") == std::vector<fs::path>{root / "a"});
    try {
      findArticleFolders(root / "missing");
      FAIL("a missing root was accepted");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kNotFound);
    }
    try {
      findArticleFolders(root / "empty");
      FAIL("a root without article folders was accepted");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kInvalidArgument);
      CHECK(error.file() == (root / "empty").string());
    }
  }

  TEST_CASE("an article folder survives pack and extract unchanged") {
    TempDir temp;
    const fs::path bundlePath = temp.path() / "seed.newsarc";
    const ArticleFolder folder = loadArticleFolder(kSeedDir);
    {
      BundleWriter writer = BundleWriter::create(bundlePath);
      const Article stored = addArticleFolder(writer, folder);
      CHECK(stored.images[0].content.size == fs::file_size(kSeedDir / "alliance1.jpg"));
      CHECK(stored.attachments[1].content.size == fs::file_size(kSeedDir / "original.txt"));
      writer.finish();
    }
    const Bundle bundle = Bundle::open(bundlePath);
    const fs::path out = temp.path() / "out" / folderNameForId(folder.article.uri);
    writeArticleFolder(bundle, 0, out);

    const ArticleFolder back = loadArticleFolder(out);
    CHECK(back.article == folder.article);
    CHECK(back.unreferencedFiles.empty());
    for (const char* name :
         {"article.json", "alliance1.jpg", "alliance2.jpg", "presentation.pdf", "original.txt"}) {
      CAPTURE(name);
      CHECK(readAll(out / name) == readAll(kSeedDir / name));
    }

    // Existing files are refused unless overwrite, and nothing is written on refusal.
    try {
      writeArticleFolder(bundle, 0, out);
      FAIL("existing files were overwritten");
    } catch (const Error& error) {
      CHECK(error.code() == ErrorCode::kIOError);
    }
    writeArticleFolder(bundle, 0, out, true);
    CHECK(readAll(out / "article.json") == readAll(kSeedDir / "article.json"));

    // A symbolic link where a file would go is never written through.
    const fs::path other = temp.path() / "other";
    fs::create_directories(other);
    writeAll(temp.path() / "victim.txt", "keep");
    fs::create_symlink(temp.path() / "victim.txt", other / "original.txt");
    CHECK_THROWS_AS(writeArticleFolder(bundle, 0, other), Error);
    CHECK(readAll(temp.path() / "victim.txt") == "keep");
    CHECK_FALSE(fs::exists(other / "alliance1.jpg"));
  }

  TEST_CASE("extract creates subfolders and never follows a linked folder") {
    TempDir temp;
    const fs::path source = temp.path() / "src";
    writeAll(source / "article.json", withImage(R"("file": "img/deep/a.jpg")"));
    writeAll(source / "img" / "deep" / "a.jpg", "jpeg bytes");
    const fs::path bundlePath = temp.path() / "b.newsarc";
    {
      BundleWriter writer = BundleWriter::create(bundlePath);
      addArticleFolder(writer, loadArticleFolder(source));
      writer.finish();
    }
    const Bundle bundle = Bundle::open(bundlePath);
    const fs::path out = temp.path() / "out";
    writeArticleFolder(bundle, 0, out);
    CHECK(readAll(out / "img" / "deep" / "a.jpg") == "jpeg bytes");

    const fs::path linked = temp.path() / "linked";
    fs::create_directories(linked);
    fs::create_directories(temp.path() / "elsewhere");
    fs::create_directory_symlink(temp.path() / "elsewhere", linked / "img");
    CHECK_THROWS_AS(writeArticleFolder(bundle, 0, linked, true), Error);
    CHECK(fs::is_empty(temp.path() / "elsewhere"));
  }

  TEST_CASE("articles whose files could not all be extracted never enter a bundle") {
    TempDir temp;
    const std::string first = "first", second = "second";
    BundleWriter writer = BundleWriter::create(temp.path() / "clash.newsarc");
    const ContentRef a = writer.addContent(
        {reinterpret_cast<const std::uint8_t*>(first.data()), first.size()}, "text/plain");
    const ContentRef b = writer.addContent(
        {reinterpret_cast<const std::uint8_t*>(second.data()), second.size()}, "text/plain");
    Article fileAndFolder;
    fileAndFolder.uri = "urn:test:file-and-folder";
    fileAndFolder.attachments = {Attachment{"one", "a", "text/plain", std::nullopt, a},
                                 Attachment{"two", "a/b", "text/plain", std::nullopt, b}};
    Article twoContents;
    twoContents.uri = "urn:test:two-contents";
    twoContents.attachments = {Attachment{"one", "same.txt", "text/plain", std::nullopt, a},
                               Attachment{"two", "same.txt", "text/plain", std::nullopt, b}};
    Article sameContent = twoContents;
    sameContent.uri = "urn:test:same-content";
    sameContent.attachments[1].content = a;
    for (const Article* article : {&fileAndFolder, &twoContents}) {
      CAPTURE(article->uri);
      try {
        writer.addArticle(*article);
        FAIL("an impossible layout was accepted");
      } catch (const Error& error) {
        CHECK(error.code() == ErrorCode::kInvalidArgument);
        const std::string what = error.what();
        const bool namesTheFile = what.find("\"a\"") != std::string::npos ||
                                  what.find("attachments[1].file") != std::string::npos;
        CHECK(namesTheFile);
      }
    }
    CHECK_NOTHROW(writer.addArticle(sameContent));  // one name, one content: fine
  }
}
