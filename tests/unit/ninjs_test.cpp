// ninjs 2.x: parseNinjs and formatNinjs (every mapped field both ways, byte-exact text, what is
// kept in extra, HTML bodies), bad input with its exact message, documents on disk, and
// importArticles / extractArticles with ninjs documents.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>
#include <archive_news/import.h>
#include <archive_news/ninjs.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <variant>
#include <vector>

#include "test_support.h"

namespace fs = std::filesystem;
using namespace archive_news;
using namespace newsarc_test;
using namespace std::string_literals;

namespace {

const fs::path kSamples = fs::path(NEWSARC_SOURCE_DIR) / "samples";

// JSON compared as values: key order aside, as ninjs consumers see it.
nlohmann::json asJson(const std::string& text) { return nlohmann::json::parse(text); }

void writeText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

Article withoutContent(Article article) {
  for (Image& image : article.images) image.content = {};
  for (Attachment& attachment : article.attachments) attachment.content = {};
  return article;
}

Article parseOne(const std::string& json) {
  const NinjsDocument document = parseNinjs(json, "item.json");
  REQUIRE(document.articles.size() == 1);
  return document.articles[0];
}

// formatNinjs then parseNinjs gives the article back, and formatting that gives the same text.
void checkRoundTrip(const Article& article) {
  const std::string text = formatNinjs(article);
  const Article back = parseOne(text);
  CHECK(back == withoutContent(article));
  CHECK(formatNinjs(back) == text);
}

// The message of the Error parsing `json` throws.
std::string parseError(const std::string& json) {
  try {
    parseNinjs(json, "item.json");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kInvalidArgument);
    return error.what();
  }
  FAIL("parsed without error: " << json);
  return {};
}

std::string valueOf(const Article& article, const std::string& key) {
  for (const KeyValue& item : article.extra) {
    if (item.key == key) return item.value;
  }
  FAIL("no extra key " << key);
  return {};
}

// An article with every field of the model set.
Article fullArticle() {
  Article a;
  a.uri = "urn:test:full";
  a.url = "https://example.org/news/full?x=1&y=2";
  a.headline = "Headline with <markup> & \"quotes\"";
  a.subheadlines = {"First subheadline", "Second, with a comma"};
  a.section = "World";
  a.publisher = "Example Daily";
  a.bylines = {{"Kim Min-ji", "minji@example.org", "reporter"}, {"Lee Ji-woo", "", std::nullopt}};
  a.firstcreated = "2024-03-01T09:30:00+09:00";
  a.versioncreated = "2024-03-01T10:00:00.250Z";
  a.language = "en-GB";
  a.located = "Busan";
  a.keywords = {"harbour", "ferries", ""};
  a.copyrightnotice = "© 2024 Example Daily";
  a.usageterms = "No archive sale";
  a.pubstatus = "withheld";
  a.images = {{"lead",
               "photos/lead image.jpg",
               "image/jpeg",
               "Caption & <b>credit</b>",
               "Jane Doe/Agency",
               "Jane Doe",
               "Boats \"at\" dawn",
               1600,
               1067,
               {}},
              {"chart",
               "chart%.png",
               "image/png",
               std::nullopt,
               std::nullopt,
               std::nullopt,
               std::nullopt,
               0,
               0,
               {}}};
  a.attachments = {{"report", "report.pdf", "application/pdf", "The full report", {}},
                   {"audio", "clip.mp3", "audio/mpeg", std::nullopt, {}},
                   {"lead", "photos/lead image.jpg", "image/jpeg", "The photo, as a file", {}}};
  a.body = {Paragraph{"First paragraph with a < and an & in it."},
            ImageBlock{0},
            Heading{1, "Level one"},
            Heading{6, "Level six"},
            Quote{"Quoted\ntext", "Someone <important>"},
            Quote{"Unattributed", std::nullopt},
            Quote{"", ""},
            Paragraph{""},
            Paragraph{"  spaces kept  "},
            AttachmentBlock{0},
            AttachmentBlock{1},
            ImageBlock{1},
            ImageBlock{0}};
  a.extra = {{"ninjs:type", "text"}, {"source", "wire"}, {"ninjs:slugline", "not first"}};
  return a;
}

// A ninjs 2.x item with properties of every kind, as an agency might send it.
const std::string kAgencyItem = R"({
  "uri": "http://example.org/items/1",
  "type": "text",
  "version": "3",
  "standard": {"name": "ninjs", "version": "2.1"},
  "firstcreated": "2021-05-26T13:40:18+02:00",
  "versioncreated": "2021-05-26T13:40:18+02:00",
  "embargoed": "2021-05-27T00:00:00Z",
  "urgency": 3,
  "language": "sv",
  "headlines": [{"role": "main", "value": "Militärövning i jätteformat"},
                {"role": "short", "value": "Militärövning"}],
  "slugline": "militärövning",
  "by": "Anna Svensson/TT",
  "located": "Stockholm",
  "descriptions": [{"role": "text", "value": "En sammanfattning"}],
  "bodies": [{"role": "text", "contenttype": "text/plain", "value": "Stycke ett.\nStycke två."}],
  "copyrightholder": "TT",
  "copyrightnotice": "© TT",
  "usageterms": "Endast för kunder",
  "subjects": [{"name": "Försvar", "uri": "http://example.org/s/1", "relevance": 98}],
  "places": [{"name": "Gotland", "geojson": {"type": "Point", "coordinates": [18.2979, 57.6381]}}],
  "altids": [{"role": "ref", "value": "a0f2d045"}],
  "rightsinfo": {"linkedrights": "http://example.org/rights"},
  "associations": [{"name": "a001", "uri": "http://example.org/images/1", "type": "picture",
                    "by": "Karl Melander/TT",
                    "descriptions": [{"value": "Arkivbild"}],
                    "renditions": [{"name": "r00", "href": "a001.jpg", "contenttype": "image/jpeg",
                                    "width": 4724, "height": 3149, "sizeinbytes": 10326191},
                                   {"name": "r01", "href": "https://example.org/a001_thumb.jpg",
                                    "width": 256}]}]
})";

}  // namespace

TEST_CASE("ninjs: every field of the model survives format then parse") {
  checkRoundTrip(fullArticle());
  for (const ArticleWithFiles& item : awkwardArticles()) checkRoundTrip(item.article);
  checkRoundTrip(loadArticleFolder(kSamples / "seed-article").article);
  checkRoundTrip(loadArticleFolder(kSamples / "busan-ferries").article);
}

TEST_CASE("ninjs: the model's fields are written as the ninjs 2.x properties of spec/NINJS.md") {
  const nlohmann::json item = asJson(formatNinjs(fullArticle()));
  CHECK(item["uri"] == "urn:test:full");
  CHECK(item["headlines"] ==
        nlohmann::json::array({{{"role", "main"}, {"value", "Headline with <markup> & \"quotes\""}},
                               {{"role", "subhead"}, {"value", "First subheadline"}},
                               {{"role", "subhead"}, {"value", "Second, with a comma"}}}));
  CHECK(item["by"] == "Kim Min-ji, Lee Ji-woo");
  CHECK(item["firstcreated"] == "2024-03-01T09:30:00+09:00");
  CHECK(item["versioncreated"] == "2024-03-01T10:00:00.250Z");
  CHECK(item["language"] == "en-GB");
  CHECK(item["located"] == "Busan");
  CHECK(item["copyrightnotice"] == "© 2024 Example Daily");
  CHECK(item["usageterms"] == "No archive sale");
  CHECK(item["pubstatus"] == "withheld");
  CHECK(item["keywords"] == nlohmann::json::array({"harbour", "ferries", ""}));
  CHECK(item["type"] == "text");  // extra "ninjs:type" leads extra: written as the property
  const nlohmann::json lead = item["associations"][0];
  CHECK(lead["name"] == "lead");
  CHECK(lead["uri"] == "urn:test:full#images/lead");
  CHECK(lead["type"] == "picture");
  CHECK(lead["by"] == "Jane Doe");
  CHECK(lead["copyrightnotice"] == "Jane Doe/Agency");
  CHECK(lead["descriptions"] ==
        nlohmann::json::array({{{"role", "caption"}, {"value", "Caption & <b>credit</b>"}},
                               {{"role", "alt"}, {"value", "Boats \"at\" dawn"}}}));
  CHECK(lead["renditions"] == nlohmann::json::array({{{"name", "original"},
                                                      {"href", "photos/lead%20image.jpg"},
                                                      {"contenttype", "image/jpeg"},
                                                      {"width", 1600},
                                                      {"height", 1067}}}));
  CHECK(item["associations"][1]["renditions"][0]["href"] == "chart%25.png");
  CHECK(item["associations"][2]["type"] == "text");
  CHECK(item["associations"][3]["type"] == "audio");
  CHECK(item["associations"][4]["descriptions"][0]["value"] == "The photo, as a file");
  const nlohmann::json body = item["bodies"][0];
  CHECK(body["contenttype"] == "text/html");
  const std::string html = body["value"];
  CHECK(
      html.starts_with("<p>First paragraph with a &lt; and an &amp; in it.</p>\n<figure><img "
                       "src=\"photos/lead%20image.jpg\" data-assoc-ref=\"lead\" alt=\"Boats "
                       "&quot;at&quot; dawn\"/><figcaption>Caption &amp; &lt;b&gt;credit&lt;/"
                       "b&gt;</figcaption></figure>\n<h1>Level one</h1>\n<h6>Level six</h6>\n"
                       "<blockquote><p>Quoted\ntext</p><footer>Someone &lt;important&gt;"
                       "</footer></blockquote>\n"));
  CHECK(html.find("<p><a href=\"report.pdf\" data-assoc-ref=\"report\">The full report</a></p>") !=
        std::string::npos);
  // What ninjs 2.x has no property for.
  const nlohmann::json newsarc = item["newsarc"];
  CHECK(newsarc["url"] == "https://example.org/news/full?x=1&y=2");
  CHECK(newsarc["section"] == "World");
  CHECK(newsarc["publisher"] == "Example Daily");
  CHECK(newsarc["bylines"] ==
        nlohmann::json::array(
            {{{"name", "Kim Min-ji"}, {"email", "minji@example.org"}, {"role", "reporter"}},
             {{"name", "Lee Ji-woo"}, {"email", ""}}}));
  // "ninjs:slugline" comes after a key of another kind: kept as it stands, in order.
  CHECK(nlohmann::ordered_json::parse(formatNinjs(fullArticle()))["newsarc"]["extra"].dump() ==
        R"({"source":"wire","ninjs:slugline":"not first"})");
  CHECK_FALSE(item.contains("slugline"));
}

TEST_CASE("ninjs: an article with nothing optional is a uri and a headline") {
  Article a;
  a.uri = "urn:test:bare";
  a.headline = "Only this";
  CHECK(formatNinjs(a) ==
        "{\n  \"uri\": \"urn:test:bare\",\n  \"headlines\": [\n    {\n      \"role\": \"main\",\n"
        "      \"value\": \"Only this\"\n    }\n  ]\n}\n");
  a.headline = "";
  CHECK(formatNinjs(a) == "{\n  \"uri\": \"urn:test:bare\"\n}\n");
  checkRoundTrip(a);
}

TEST_CASE("ninjs in, ninjs out: every property comes back") {
  const NinjsDocument document = parseNinjs(kAgencyItem, "tt.json");
  REQUIRE(document.articles.size() == 1);
  const Article& a = document.articles[0];
  CHECK(a.uri == "http://example.org/items/1");
  CHECK(a.headline == "Militärövning i jätteformat");
  CHECK(a.subheadlines.empty());
  CHECK(a.bylines == std::vector<Byline>{{"Anna Svensson/TT", std::nullopt, std::nullopt}});
  CHECK(a.firstcreated == "2021-05-26T13:40:18+02:00");
  CHECK(a.language == "sv");
  CHECK(a.located == "Stockholm");
  CHECK(a.copyrightnotice == "© TT");
  CHECK(a.usageterms == "Endast för kunder");
  CHECK(a.body == std::vector<Block>{Paragraph{"Stycke ett."}, Paragraph{"Stycke två."}});
  REQUIRE(a.images.size() == 1);
  CHECK(a.images[0].name == "a001");
  CHECK(a.images[0].fileName == "a001.jpg");
  CHECK(a.images[0].caption == "Arkivbild");
  CHECK(a.images[0].byline == "Karl Melander/TT");
  CHECK(a.images[0].width == 4724);
  CHECK(a.images[0].height == 3149);
  CHECK(document.files.size() == 1);
  CHECK(document.files[0].field == "associations[0].renditions[0].href");
  CHECK(document.notes.empty());
  // Kept in extra, in the order of spec/NINJS.md, strings as they are, the rest as JSON.
  std::vector<std::string> keys;
  for (const KeyValue& item : a.extra) keys.push_back(item.key);
  CHECK(keys == std::vector<std::string>{
                    "ninjs:type", "ninjs:version", "ninjs:standard", "ninjs:embargoed",
                    "ninjs:urgency", "ninjs:headlines", "ninjs:slugline", "ninjs:descriptions",
                    "ninjs:bodies", "ninjs:copyrightholder", "ninjs:rightsinfo", "ninjs:subjects",
                    "ninjs:places", "ninjs:altids", "ninjs:associations"});
  CHECK(valueOf(a, "ninjs:slugline") == "militärövning");
  CHECK(valueOf(a, "ninjs:urgency") == "3");
  CHECK(valueOf(a, "ninjs:places") ==
        R"([{"name":"Gotland","geojson":{"type":"Point","coordinates":[18.2979,57.6381]}}])");
  CHECK(asJson(formatNinjs(a)) == asJson(kAgencyItem));
  // U+0000 inside a property kept as JSON stays there, escaped: no text of the model holds it.
  const std::string nul = R"({"uri": "u", "subjects": [{"name": "a\u0000b"}]})";
  const Article kept = parseOne(nul);
  CHECK(valueOf(kept, "ninjs:subjects") == R"([{"name":"a\u0000b"}])");
  CHECK(asJson(formatNinjs(kept)) == asJson(nul));
}

TEST_CASE("ninjs: pubstatus is the article's own field, both ways, and checked") {
  for (const char* status : {"usable", "withheld", "canceled"}) {
    const Article a = parseOne(R"({"uri": "u", "pubstatus": ")" + std::string(status) + "\"}");
    CHECK(a.pubstatus == status);
    CHECK(a.extra.empty());  // no longer kept as "ninjs:pubstatus"
    CHECK(asJson(formatNinjs(a)) ==
          asJson(R"({"uri": "u", "pubstatus": ")" + std::string(status) + "\"}"));
    checkRoundTrip(a);
  }
  CHECK_FALSE(parseOne(R"({"uri": "u"})").pubstatus.has_value());
  CHECK_FALSE(asJson(formatNinjs(parseOne(R"({"uri": "u"})"))).contains("pubstatus"));
  CHECK(parseError(R"({"uri": "u", "pubstatus": "Usable"})") ==
        "item.json: pubstatus: \"Usable\" is not a publication status; expected \"usable\", "
        "\"withheld\" or \"canceled\"");
  CHECK(parseError(R"([{"uri": "a"}, {"uri": "b", "pubstatus": "embargoed"}])") ==
        "item.json: [1].pubstatus: \"embargoed\" is not a publication status; expected "
        "\"usable\", \"withheld\" or \"canceled\"");
  CHECK(parseError(R"({"uri": "u", "pubstatus": 1})") ==
        "item.json: pubstatus: found a number; expected a string");
  // An article read from an older bundle that kept it in extra: the extra key goes to
  // newsarc.extra and comes back the same.
  Article old;
  old.uri = "u";
  old.extra = {{"ninjs:pubstatus", "usable"}};
  checkRoundTrip(old);
}

TEST_CASE("ninjs: text is kept byte for byte: Hangul, emoji, NFD, NBSP, spaces") {
  const std::string nfd = "Cafe\u0301";
  const std::string text = " 한국어 " + nfd + " 👩🏽‍🔬\u00a0x  ";
  nlohmann::ordered_json item = {
      {"uri", "urn:test:bytes"},
      {"headlines", {{{"role", "main"}, {"value", text}}}},
      {"by", nfd},
      {"bodies",
       {{{"contenttype", "text/html"},
         {"value", "<p>" + text + "</p><p>&#xAC00;&amp;&nbsp;&eacute;&#233;</p>"}}}}};
  const Article a = parseOne(item.dump());
  CHECK(a.headline == text);
  CHECK(a.bylines[0].name == nfd);
  CHECK(a.bylines[0].name != "Caf\u00e9");
  CHECK(a.body == std::vector<Block>{Paragraph{text}, Paragraph{"가&\u00a0éé"}});
  CHECK(asJson(formatNinjs(a)) == asJson(item.dump()));
  // \u escapes decode to the same bytes; output is raw UTF-8.
  const Article escaped = parseOne(R"({"uri": "u", "by": "\ud55c\uad6d"})");
  CHECK(escaped.bylines[0].name == "한국");
  CHECK(formatNinjs(escaped).find("\"by\": \"한국\"") != std::string::npos);
}

TEST_CASE("ninjs: headlines, by and descriptions as sources write them") {
  // A headline without a role is the main one when no role says "main".
  Article a = parseOne(R"({"uri": "u", "headlines": [{"value": "Simple"}]})");
  CHECK(a.headline == "Simple");
  CHECK(valueOf(a, "ninjs:headlines") == R"([{"value":"Simple"}])");
  a = parseOne(R"({"uri": "u", "headlines": [{"value": "plain"}, {"role": "subhead", "value": "s"},
               {"role": "main", "value": "main"}]})");
  CHECK(a.headline == "main");
  CHECK(a.subheadlines == std::vector<std::string>{"s"});
  // Image associations: type picture or graphic, or no type and an image media type.
  a = parseOne(R"({"uri": "u", "associations": [
    {"name": "g", "type": "graphic", "renditions": [{"href": "g.svg"}]},
    {"name": "p", "renditions": [{"href": "p.png", "contenttype": "image/png"}]},
    {"name": "d", "renditions": [{"href": "d.pdf"}]},
    {"name": "v", "type": "video", "renditions": [{"href": "v.mp4", "contenttype": "video/mp4"}]}]})");
  REQUIRE(a.images.size() == 2);
  CHECK(a.images[0].mediatype == "image/svg+xml");  // none stated: from the extension
  CHECK(a.images[1].mediatype == "image/png");
  REQUIRE(a.attachments.size() == 2);
  CHECK(a.attachments[0].mediatype == "application/pdf");
  CHECK(a.attachments[1].name == "v");
  // The caption is the first description with role caption or none; alt has role alt.
  a = parseOne(R"({"uri": "u", "associations": [{"name": "i", "type": "picture",
    "descriptions": [{"role": "summary", "value": "s"}, {"role": "alt", "value": "a"},
                     {"value": "c"}, {"role": "caption", "value": "later"}],
    "renditions": [{"href": "./photos/i%20%EC%82%AC%EC%A7%84.jpg"}]}]})");
  CHECK(a.images[0].caption == "c");
  CHECK(a.images[0].alt == "a");
  CHECK(a.images[0].fileName == "photos/i 사진.jpg");
}

TEST_CASE("ninjs: renditions without a local file are kept with a note and others left out") {
  const NinjsDocument document = parseNinjs(R"({"uri": "u",
    "renditions": [{"name": "pdf", "href": "item.pdf"}, {"name": "web", "href": "https://x/y"}],
    "associations": [
      {"name": "remote", "type": "picture", "renditions": [{"name": "r", "href": "http://x/a.jpg"}]},
      {"name": "two", "type": "picture", "renditions": [{"name": "big", "href": "big.jpg"},
                                                        {"name": "small", "href": "small.jpg"},
                                                        {"name": "cdn", "href": "//cdn/x.jpg"}]}]})",
                                            "doc.json");
  CHECK(document.notes ==
        std::vector<std::string>{
            "associations[0] (\"remote\"): no rendition with a local href; kept as metadata, no "
            "file packed"});
  CHECK(document.leftOut ==
        std::vector<std::string>{
            "associations[1].renditions[1] (\"small.jpg\"): only the first rendition with a local "
            "href of an association is packed",
            "renditions[0] (\"item.pdf\"): the files of the item's own renditions are not packed, "
            "only those of its associations"});
  const Article& a = document.articles[0];
  REQUIRE(a.images.size() == 1);
  CHECK(a.images[0].fileName == "big.jpg");
  CHECK(document.files.size() == 1);
  CHECK(valueOf(a, "ninjs:renditions") == R"([{"name":"web","href":"https://x/y"}])");
  const nlohmann::json out = asJson(formatNinjs(a));
  CHECK(out["associations"][0]["name"] == "remote");
  CHECK(out["associations"][1]["renditions"].size() == 2);  // small.jpg left out
}

TEST_CASE("ninjs: a time the model cannot hold is kept as written, with a note") {
  const NinjsDocument document =
      parseNinjs(R"({"uri": "u", "firstcreated": "2021-05-26T13:40:18"})", "doc.json");
  CHECK(document.notes ==
        std::vector<std::string>{"firstcreated: \"2021-05-26T13:40:18\" is not an RFC 3339 time; "
                                 "kept as ninjs:firstcreated, not as the article's date"});
  const Article& a = document.articles[0];
  CHECK_FALSE(a.firstcreated);
  CHECK(valueOf(a, "ninjs:firstcreated") == "2021-05-26T13:40:18");
  CHECK(asJson(formatNinjs(a))["firstcreated"] == "2021-05-26T13:40:18");
  checkRoundTrip(a);
}

TEST_CASE("ninjs: HTML bodies become blocks and markup without a block is read for its text") {
  Article a = parseOne(R"({"uri": "u",
    "associations": [{"name": "pic", "type": "picture", "renditions": [{"href": "pic.jpg"}]},
                     {"name": "doc", "type": "text", "renditions": [{"href": "doc.pdf"}]}],
    "bodies": [{"contenttype": "text/plain", "value": "ignored: the HTML body comes first"},
               {"contenttype": "text/html; charset=utf-8", "value":
    "<!DOCTYPE html><html><head><title>Not text</title><style>p {}</style></head><body>\n<h3 class=x>Head <em>line</em></h3>\n<p>One <a href=\"https://x\">link</a>,<br>two</p>\n<ul><li>item 1</li><li>item 2</li></ul>\n<div>loose text</div>\n<figure><img src='pic.jpg'><figcaption>cap</figcaption></figure>\n<p>before <img data-assoc-ref=pic> after</p>\n<blockquote><p>q1</p><p>q2</p><footer>who</footer></blockquote>\n<script>var x = '<p>';</script>\n<p><a href=\"doc.pdf\">the document</a></p>\n<p>text and <a data-assoc-ref=\"doc\">a link</a></p>\n<figure><img src=\"https://elsewhere/x.jpg\"></figure>\n<p>&copy; &#169; &bogus; &#0; &#xD800; 5 &lt; 6</p><!-- a comment -->\n<p>a < b</p></body></html>"}]})");
  CHECK(a.body ==
        std::vector<Block>{Heading{3, "Head line"}, Paragraph{"One link,\ntwo"},
                           Paragraph{"item 1"}, Paragraph{"item 2"}, Paragraph{"loose text"},
                           ImageBlock{0}, Paragraph{"before  after"}, ImageBlock{0},
                           Quote{"q1\nq2", "who"}, AttachmentBlock{0}, Paragraph{"text and a link"},
                           Paragraph{"© © &bogus; &#0; &#xD800; 5 < 6"}, Paragraph{"a < b"}});
  // The HTML is not the canonical form of those blocks: it is kept, and written back as it was.
  CHECK(asJson(formatNinjs(a))["bodies"][1]["contenttype"] == "text/html; charset=utf-8");
  // Plain text: one paragraph a line, blank lines skipped, a CR before LF dropped.
  a = parseOne(R"({"uri": "u", "bodies": [{"value": "  one \r\n\n \ntwo\n"}]})");
  CHECK(a.body == std::vector<Block>{Paragraph{"  one "}, Paragraph{"two"}});
}

TEST_CASE("ninjs: an array of items is one article each") {
  const NinjsDocument document = parseNinjs(
      R"([{"uri": "a", "associations": [{"name": "x", "renditions": [{"href": "x.jpg"}]}]},
          {"uri": "b", "associations": [{"name": "x", "renditions": [{"href": "x.jpg"}]}]}])",
      "doc.json");
  REQUIRE(document.articles.size() == 2);
  CHECK(document.articles[1].uri == "b");
  REQUIRE(document.files.size() == 2);
  CHECK(document.files[1].article == 1);
  CHECK(document.files[1].field == "[1].associations[0].renditions[0].href");
}

TEST_CASE("ninjs: bad input is refused with the file, the field and what was expected") {
  CHECK(parseError("{\"uri\": \"u\",\n \"by\" \"x\"}") ==
        "item.json: line 2, column 9: invalid JSON: syntax error while parsing object separator - "
        "unexpected string literal; expected ':'");
  CHECK(parseError("[{\"uri\": \"u\", \"urgency\": -1e400}]") ==
        "item.json: line 1, column 26: invalid JSON: number overflow parsing '-1e400'; expected "
        "numbers within the range of a double");
  CHECK(parseError("\"text\"") ==
        "item.json: top level: found a string; expected a ninjs item (an object) or an array of "
        "them");
  CHECK(parseError("[]") ==
        "item.json: top level: an empty array; expected at least one ninjs item");
  CHECK(parseError("[{\"uri\": \"a\"}, 5]") ==
        "item.json: [1]: found a number; expected a ninjs item (an object)");
  CHECK(parseError("{\"by\": \"x\"}") ==
        "item.json: uri: missing; expected a string, the item's identifier");
  CHECK(parseError("{\"uri\": \"\"}") == "item.json: uri: empty; expected the item's identifier");
  CHECK(parseError("{\"uri\": \"u\", \"headlines\": \"h\"}") ==
        "item.json: headlines: found a string; expected an array");
  CHECK(parseError("{\"uri\": \"u\", \"urgency\": \"3\"}") ==
        "item.json: urgency: found a string; expected a number");
  CHECK(parseError("{\"uri\": \"u\", \"headlines\": [{\"role\": \"main\"}]}") ==
        "item.json: headlines[0].value: missing; expected a string");
  CHECK(parseError("{\"uri\": \"u\", \"slugline\": \"a\\u0000b\"}") ==
        "item.json: slugline: NUL byte at byte 1; expected UTF-8 text without U+0000");
  CHECK(parseError("{\"uri\": \"u\", \"uri\": \"v\"}") ==
        "item.json: uri: duplicate key; expected each key once in an object");
  CHECK(parseError("{\"uri\": \"u\", \"headline\": \"1.x style\"}") ==
        "item.json: headline: unknown key; expected a property of ninjs 2.x, or keywords or "
        "newsarc (spec/NINJS.md)");
  CHECK(parseError("{\"uri\": \"u\", \"newsarc\": {\"colour\": \"red\"}}") ==
        "item.json: newsarc.colour: unknown key; expected one of url, section, publisher, bylines, "
        "extra");
  CHECK(parseError("{\"uri\": \"u\", \"associations\": [{\"renditions\": []}]}") ==
        "item.json: associations[0].name: missing; expected a string, the association's name");
  CHECK(parseError("{\"uri\": \"u\", \"associations\": [{\"name\": \"a\", \"renditions\": "
                   "[{\"href\": \"../up.jpg\"}]}]}") ==
        "item.json: associations[0].renditions[0].href: \"../up.jpg\" has a \"..\" component; "
        "expected a relative file name inside the document's folder ('/'-separated, no \"..\", "
        "no backslash or control bytes)");
  CHECK(parseError("{\"uri\": \"u\", \"associations\": [{\"name\": \"a\", \"renditions\": "
                   "[{\"href\": \"/etc/passwd\"}]}]}")
            .find("\"/etc/passwd\" is an absolute path") != std::string::npos);
  CHECK(parseError("{\"uri\": \"u\", \"associations\": [{\"name\": \"a\", \"renditions\": "
                   "[{\"href\": \"%FF.jpg\"}]}]}") ==
        "item.json: associations[0].renditions[0].href: \"%FF.jpg\" decodes to bytes that are "
        "not UTF-8 text; expected a file name percent-encoded as UTF-8");
  CHECK(
      parseError(
          "{\"uri\": \"u\", \"associations\": ["
          "{\"name\": \"a\", \"type\": \"picture\", \"renditions\": [{\"href\": \"1.jpg\"}]},"
          "{\"name\": \"a\", \"type\": \"picture\", \"renditions\": [{\"href\": \"2.jpg\"}]}]}") ==
      "item.json: associations[1].name: \"a\" names another image association too; expected "
      "unique names");
  CHECK(parseError("{\"uri\": \"u\", \"type\": \"text\", \"newsarc\": {\"extra\": "
                   "{\"ninjs:type\": \"x\"}}}") ==
        "item.json: newsarc.extra[\"ninjs:type\"]: the key the item's \"type\" property is kept "
        "under; expected keys no property uses");
  CHECK(parseError("{\"uri\": \"u\", \"bodies\": [{\"value\": 5}]}") ==
        "item.json: bodies[0].value: found a number; expected a string");
  CHECK(parseError(std::string(100, '[') + std::string(100, ']'))
            .find("nested deeper than 64 levels; expected a ninjs document") != std::string::npos);
  const std::string badUtf8 = "{\"uri\": \"u\", \"by\": \"\xff\"}";
  CHECK(parseError(badUtf8) ==
        "item.json: line 1, column 21: invalid JSON: syntax error while parsing value - invalid "
        "string: ill-formed UTF-8 byte; last read: '\"\\xff'");
  // Unknown properties are left out and listed when the caller allows them.
  const NinjsDocument lenient =
      parseNinjs(R"({"uri": "u", "headline": "x", "newsarc": {"colour": 1}})", "d.json", true);
  CHECK(lenient.unknownKeys == std::vector<std::string>{"headline", "newsarc.colour"});
}

TEST_CASE("ninjs: extra that ninjs could not give back goes to newsarc.extra unchanged") {
  Article a;
  a.uri = "urn:test:extra";
  a.headline = "h";
  a.extra = {{"ninjs:urgency", "3"},
             {"ninjs:subjects", "[ {\"name\": \"not compact\"} ]"},  // reading gives it compact
             {"ninjs:bodies", "[]"},                                 // no body to give it
             {"ninjs:nothing", "?"},
             {"ninjs:places", std::string(200, '[') + std::string(200, ']')},
             {"ninjs:renditions", R"([{"name":"x","href":"local.jpg"}])"},
             {"ninjs:headlines", R"([{"value":"other"}])"},
             {"ninjs:by", ""}};
  checkRoundTrip(a);
  const nlohmann::json item = asJson(formatNinjs(a));
  CHECK(item["urgency"] == 3);
  CHECK(item["newsarc"]["extra"].size() == 7);
  // A file extract renamed (con.jpg -> _con.jpg) no longer matches the kept associations: they
  // go to newsarc.extra, with the keys after them, and the article still comes back the same.
  Article renamed = parseOne(R"({"uri": "u", "associations": [{"name": "p", "uri": "own",
    "type": "picture", "renditions": [{"href": "con.jpg"}]}], "keywords": [], "newsarc":
    {"extra": {"k": "v"}}})");
  renamed.images[0].fileName = "_con.jpg";
  checkRoundTrip(renamed);
  CHECK(asJson(formatNinjs(renamed))["associations"][0]["renditions"][0]["href"] == "_con.jpg");
  CHECK(asJson(formatNinjs(renamed))["newsarc"]["extra"].size() == 3);
  // A value too deep to be read back is never parsed: the writer is safe with any extra.
  a.extra = {{"ninjs:places", std::string(100000, '[') + std::string(100000, ']')}};
  checkRoundTrip(a);
}

TEST_CASE("ninjs: documents on disk: files checked inside the document's folder") {
  TempDir dir;
  writeText(dir.path() / "feed" / "a.json",
            R"({"uri": "a", "associations": [{"name": "p", "renditions": [{"href": "p.jpg"}]}]})");
  try {
    loadNinjsDocument(dir.path() / "feed" / "a.json");
    FAIL("loaded a document whose file is missing");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kNotFound);
    CHECK(
        std::string(error.what()) ==
        (dir.path() / "feed" / "a.json").string() +
            ": associations[0].renditions[0].href: \"p.jpg\" does not exist; expected a file in " +
            (dir.path() / "feed").string());
  }
  writeText(dir.path() / "secret.jpg", "x");
  fs::create_symlink(dir.path() / "secret.jpg", dir.path() / "feed" / "p.jpg");
  try {
    loadNinjsDocument(dir.path() / "feed" / "a.json");
    FAIL("loaded a document whose file leads outside its folder");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kInvalidArgument);
    CHECK(std::string(error.what()).find("leads outside the document's folder") !=
          std::string::npos);
  }
  fs::remove(dir.path() / "feed" / "p.jpg");
  writeText(dir.path() / "feed" / "p.jpg", "jpeg");
  const NinjsDocument document = loadNinjsDocument(dir.path() / "feed" / "a.json");
  CHECK(document.articles[0].images[0].mediatype == "image/jpeg");
}

TEST_CASE("ninjs: findNinjsDocuments finds *.ninjs.json outside article folders, sorted") {
  TempDir dir;
  writeText(dir.path() / "b" / "x.ninjs.json", "{}");
  writeText(dir.path() / "a.ninjs.json", "{}");
  writeText(dir.path() / "a" / "z.ninjs.json", "{}");
  writeText(dir.path() / "plain.json", "{}");
  writeText(dir.path() / ".ninjs.json", "{}");
  writeText(dir.path() / "art" / "article.json", "{}");
  writeText(dir.path() / "art" / "inside.ninjs.json", "{}");
  CHECK(findNinjsDocuments(dir.path()) == std::vector<fs::path>{dir.path() / "a" / "z.ninjs.json",
                                                                dir.path() / "a.ninjs.json",
                                                                dir.path() / "b" / "x.ninjs.json"});
  CHECK(isNinjsDocumentName("x.ninjs.json"));
  CHECK_FALSE(isNinjsDocumentName(".ninjs.json"));
  CHECK_FALSE(isNinjsDocumentName("x.json"));
}

TEST_CASE(
    "importArticles packs ninjs documents, trees and archives of them and extract gives them "
    "back") {
  TempDir dir;
  // A tree holding an article folder and a ninjs document of two items sharing a photo.
  fs::create_directories(dir.path() / "tree");
  fs::copy(kSamples / "busan-ferries", dir.path() / "tree" / "busan", fs::copy_options::recursive);
  writeText(dir.path() / "tree" / "feed" / "photo.jpg", "not really a jpeg");
  writeText(dir.path() / "tree" / "feed" / "day.ninjs.json",
            R"([{"uri": "n1", "headlines": [{"value": "One"}],
                 "associations": [{"name": "p", "type": "picture",
                                   "renditions": [{"href": "photo.jpg"}]}]},
                {"uri": "n2", "by": "Someone",
                 "associations": [{"name": "q", "type": "picture",
                                   "renditions": [{"href": "photo.jpg"}]}]}])");
  const fs::path bundlePath = dir.path() / "tree.newsarc";
  std::vector<std::string> notes;
  {
    BundleWriter writer = BundleWriter::create(bundlePath, fixedOptions());
    ImportOptions options;
    options.note = [&notes](const std::string& note) { notes.push_back(note); };
    const ImportResult result = importArticles(writer, {(dir.path() / "tree").string()}, options);
    CHECK(result.articles == 3);
    writer.finish();
  }
  CHECK(notes.empty());
  const Bundle bundle = Bundle::open(bundlePath);
  REQUIRE(bundle.articleCount() == 3);
  CHECK(bundle.read(bundle.article("n2").images[0].content) == toBytes("not really a jpeg"));

  // ninjs out to a folder and to a tar, then in again: the same articles.
  std::vector<std::size_t> all{0, 1, 2};
  ExtractOptions extract;
  extract.format = ExtractFormat::kNinjs;
  extractArticles(bundle, all, dir.path() / "out", extract);
  CHECK(fs::is_regular_file(dir.path() / "out" / "n1" / "item.ninjs.json"));
  CHECK(fs::is_regular_file(dir.path() / "out" / "n1" / "photo.jpg"));
  extractArticles(bundle, all, dir.path() / "out.tar", extract);
  for (const fs::path& input : {dir.path() / "out", dir.path() / "out.tar"}) {
    const fs::path again = dir.path() / (input.filename().string() + ".newsarc");
    {
      BundleWriter writer = BundleWriter::create(again, fixedOptions());
      CHECK(importArticles(writer, {input.string()}).articles == 3);
      writer.finish();
    }
    // Blobs may be stored in another order; their bytes are the same.
    const Bundle back = Bundle::open(again);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(withoutContent(back.article(i)) == withoutContent(bundle.article(i)));
      CHECK(back.article(i).images[0].content.digest == bundle.article(i).images[0].content.digest);
    }
  }
  // One document given by name; a duplicate id across inputs is the writer's error.
  {
    BundleWriter writer = BundleWriter::create(dir.path() / "dup.newsarc", fixedOptions());
    const std::string doc = (dir.path() / "out" / "n1" / "item.ninjs.json").string();
    CHECK_THROWS_WITH(importArticles(writer, {doc, doc}),
                      doctest::Contains("uri: 'n1' is also the uri of"));
  }
  // A file named like a ninjs document cannot be written in ninjs form.
  {
    BundleWriter writer = BundleWriter::create(dir.path() / "odd.newsarc", fixedOptions());
    ArticleWithFiles item = smallArticle("urn:test:odd");
    item.article.attachments[0].fileName = "notes.ninjs.json";
    addWithFiles(writer, item);
    writer.finish();
  }
  const Bundle odd = Bundle::open(dir.path() / "odd.newsarc");
  CHECK_THROWS_WITH(extractArticles(odd, {0}, dir.path() / "odd", extract),
                    doctest::Contains("the file \"notes.ninjs.json\" ends in .ninjs.json"));
}

TEST_CASE("importArticles: \"-\" is a path unless the caller names it standard input") {
  TempDir dir;
  BundleWriter writer = BundleWriter::create(dir.path() / "dash.newsarc", fixedOptions());
  // The library has no command line: "-" is a file named "-" (missing here), not a stream.
  try {
    importArticles(writer, {"-"});
    FAIL("imported from a missing path \"-\"");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kNotFound);
    CHECK(std::string(error.what()).starts_with("-: "));
  }
}
