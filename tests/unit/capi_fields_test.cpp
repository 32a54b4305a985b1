// The C API's article fields (an_field): each set through an_article_set_text on a built article,
// written through the C API writer, read back through an_article_text. Every value is distinct
// across fields and items, so a field mapped to another field's member comes back wrong or
// overwritten. The errors of an_article_set_text are pinned to the status and the message.
#include <archive_news/archive_news.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "test_support.h"

namespace {

struct FieldValue {
  an_field field;
  std::size_t index;
  std::string value;
};

// Two-byte, three-byte and four-byte UTF-8 in every value, so that lengths count bytes.
std::string distinct(const std::string& what) { return what + " é€😀"; }

// Every an_field, with items 0 and 1 of the indexed ones; the body is a paragraph, a heading and a
// quote (the three kinds with text) before an image block and an attachment block.
std::vector<FieldValue> everyField() {
  std::vector<FieldValue> values = {
      {AN_FIELD_URI, 0, distinct("urn:test:uri")},
      {AN_FIELD_URL, 0, distinct("https://example.org/url")},
      {AN_FIELD_HEADLINE, 0, distinct("headline")},
      {AN_FIELD_SECTION, 0, distinct("section")},
      {AN_FIELD_PUBLISHER, 0, distinct("publisher")},
      {AN_FIELD_FIRSTCREATED, 0, "2001-02-03T04:05:06Z"},
      {AN_FIELD_VERSIONCREATED, 0, "2011-12-13T14:15:16+09:00"},
      {AN_FIELD_LANGUAGE, 0, distinct("language")},
      {AN_FIELD_LOCATED, 0, distinct("located")},
      {AN_FIELD_COPYRIGHTNOTICE, 0, distinct("copyrightnotice")},
      {AN_FIELD_USAGETERMS, 0, distinct("usageterms")},
      {AN_FIELD_PUBSTATUS, 0, "withheld"},  // one of three values: validateArticle
      {AN_FIELD_BLOCK_TEXT, 0, distinct("paragraph text")},
      {AN_FIELD_BLOCK_TEXT, 1, distinct("heading text")},
      {AN_FIELD_BLOCK_TEXT, 2, distinct("quote text")},
      {AN_FIELD_BLOCK_ATTRIBUTION, 2, distinct("quote attribution")},
  };
  const std::vector<std::pair<an_field, std::string>> itemFields = {
      {AN_FIELD_SUBHEADLINE, "subheadline"},
      {AN_FIELD_KEYWORD, "keyword"},
      {AN_FIELD_BYLINE_NAME, "byline name"},
      {AN_FIELD_BYLINE_EMAIL, "byline email"},
      {AN_FIELD_BYLINE_ROLE, "byline role"},
      {AN_FIELD_IMAGE_NAME, "image name"},
      {AN_FIELD_IMAGE_FILE_NAME, "image/file-name.png"},
      {AN_FIELD_IMAGE_MEDIATYPE, "image/mediatype"},
      {AN_FIELD_IMAGE_CAPTION, "image caption"},
      {AN_FIELD_IMAGE_CREDIT, "image credit"},
      {AN_FIELD_IMAGE_BYLINE, "image byline"},
      {AN_FIELD_IMAGE_ALT, "image alt"},
      {AN_FIELD_ATTACHMENT_NAME, "attachment name"},
      {AN_FIELD_ATTACHMENT_FILE_NAME, "attachment/file-name.txt"},
      {AN_FIELD_ATTACHMENT_MEDIATYPE, "attachment/mediatype"},
      {AN_FIELD_ATTACHMENT_DESCRIPTION, "attachment description"},
      {AN_FIELD_EXTRA_KEY, "extra key"},
      {AN_FIELD_EXTRA_VALUE, "extra value"},
  };
  for (const auto& [field, what] : itemFields) {
    for (std::size_t i = 0; i < 2; ++i)
      values.push_back({field, i, distinct(what + " " + std::to_string(i))});
  }
  return values;
}

// The items the indexed fields set: two of each list (subheadlines and keywords are appended by
// an_article_set_text itself).
void addItems(an_writer* writer, an_article* article) {
  const std::uint8_t bytes[] = {1, 2, 3};
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string name = "seed-" + std::to_string(i);
    REQUIRE(an_article_add_byline(article, name.c_str()) == AN_OK);
    REQUIRE(an_article_add_extra(article, name.c_str(), "seed") == AN_OK);
    // A different byte each, so the two files of each kind are two contents.
    REQUIRE(an_writer_add_content(writer, article, AN_CONTENT_IMAGE, (name + ".png").c_str(),
                                  "image/png", bytes + i, 1, nullptr) == AN_OK);
    REQUIRE(an_writer_add_content(writer, article, AN_CONTENT_ATTACHMENT, (name + ".txt").c_str(),
                                  "text/plain", bytes + i, 1, nullptr) == AN_OK);
  }
  REQUIRE(an_article_add_block(article, AN_BLOCK_PARAGRAPH, "seed", 0, 0) == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_HEADING, "seed", 3, 0) == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_QUOTE, "seed", 0, 0) == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_IMAGE, nullptr, 0, 1) == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_ATTACHMENT, nullptr, 0, 1) == AN_OK);
}

// A bundle at `path` holding one article built with every field of everyField().
void writeEveryField(const std::string& path) {
  an_writer_options options{};
  options.flags = AN_WRITE_REPRODUCIBLE;
  an_writer* writer = nullptr;
  REQUIRE(an_writer_create(path.c_str(), &options, &writer) == AN_OK);
  an_article* article = nullptr;
  REQUIRE(an_article_new("urn:test:seed", &article) == AN_OK);
  addItems(writer, article);
  for (const FieldValue& f : everyField()) {
    INFO("field ", static_cast<int>(f.field), " item ", f.index);
    CHECK(an_article_set_text(article, f.field, f.index, f.value.c_str()) == AN_OK);
  }
  CHECK(an_writer_add_article(writer, article) == AN_OK);
  CHECK(an_writer_finish(writer) == AN_OK);
  INFO(an_last_error());
  an_article_free(article);
  an_writer_free(writer);
}

// The article of the bundle at `path`; released by the caller.
an_article* readBack(const std::string& path) {
  an_bundle* bundle = nullptr;
  REQUIRE(an_open(path.c_str(), nullptr, &bundle) == AN_OK);
  REQUIRE(an_article_count(bundle) == 1);
  an_article* article = nullptr;
  REQUIRE(an_article_get(bundle, 0, &article) == AN_OK);
  an_bundle_close(bundle);
  return article;
}

std::string textOf(const an_article* article, an_field field, std::size_t index) {
  std::size_t len = 12345;
  const char* text = an_article_text(article, field, index, &len);
  REQUIRE(text != nullptr);
  return std::string(text, len);
}

}  // namespace

TEST_CASE("C API fields: every an_field set, written, read back byte for byte") {
  newsarc_test::TempDir dir;
  const std::string path = (dir.path() / "fields.newsarc").string();
  writeEveryField(path);
  an_article* article = readBack(path);
  const std::vector<FieldValue> values = everyField();
  for (const FieldValue& f : values) {
    INFO("field ", static_cast<int>(f.field), " item ", f.index);
    CHECK(textOf(article, f.field, f.index) == f.value);
  }
  // Each field the article answers is one of the above: a field added to the API but not here
  // fails.
  for (int field = -8; field < 128; ++field) {
    for (std::size_t index = 0; index < 5; ++index) {
      if (!an_article_text(article, static_cast<an_field>(field), index, nullptr)) continue;
      INFO("field ", field, " item ", index);
      CHECK(std::any_of(values.begin(), values.end(),
                        [&](const FieldValue& f) { return f.field == field && f.index == index; }));
    }
  }
  CHECK(an_article_set_text(article, AN_FIELD_HEADLINE, 0, "x") == AN_ERR_INVALID_ARGUMENT);
  CHECK(std::string(an_last_error()) ==
        "an_article_set_text: not an article made by an_article_new");
  an_article_free(article);
}

TEST_CASE("C API fields: an entry has the pubstatus of the index, as the article has it") {
  newsarc_test::TempDir dir;
  const std::string path = (dir.path() / "fields.newsarc").string();
  writeEveryField(path);
  an_bundle* bundle = nullptr;
  REQUIRE(an_open(path.c_str(), nullptr, &bundle) == AN_OK);
  an_entry* entry = nullptr;
  REQUIRE(an_entry_get(bundle, 0, &entry) == AN_OK);
  std::size_t len = 0;
  const char* status = an_entry_text(entry, AN_FIELD_PUBSTATUS, 0, &len);
  REQUIRE(status != nullptr);
  CHECK(std::string(status, len) == "withheld");
  len = 12345;
  CHECK(an_entry_text(entry, AN_FIELD_PUBSTATUS, 1, &len) == nullptr);
  CHECK(len == 0);
  an_entry_free(entry);
  an_bundle_close(bundle);
}

TEST_CASE("C API fields: misses read as NULL with length 0") {
  newsarc_test::TempDir dir;
  const std::string path = (dir.path() / "fields.newsarc").string();
  writeEveryField(path);
  an_article* article = readBack(path);
  const std::vector<std::pair<an_field, std::size_t>> misses = {
      {static_cast<an_field>(-1), 0},
      {static_cast<an_field>(12), 0},
      {static_cast<an_field>(72), 0},
      {static_cast<an_field>(99), 0},
      {AN_FIELD_URI, 1},
      {AN_FIELD_USAGETERMS, 1},
      {AN_FIELD_PUBSTATUS, 1},
      {AN_FIELD_SUBHEADLINE, 2},
      {AN_FIELD_BYLINE_ROLE, 2},
      {AN_FIELD_BLOCK_TEXT, 3},
      {AN_FIELD_BLOCK_TEXT, 4},
      {AN_FIELD_BLOCK_TEXT, 5},
      {AN_FIELD_BLOCK_ATTRIBUTION, 0},
      {AN_FIELD_BLOCK_ATTRIBUTION, 1},
      {AN_FIELD_IMAGE_ALT, 2},
      {AN_FIELD_ATTACHMENT_NAME, 2},
      {AN_FIELD_EXTRA_VALUE, 2},
  };
  for (const auto& [field, index] : misses) {
    const int number = static_cast<int>(field);  // INFO's lambda cannot capture a binding
    const std::size_t item = index;
    INFO("field ", number, " item ", item);
    std::size_t len = 12345;
    CHECK(an_article_text(article, field, index, &len) == nullptr);
    CHECK(len == 0);
  }
  std::size_t len = 12345;
  CHECK(an_article_text(nullptr, AN_FIELD_URI, 0, &len) == nullptr);
  CHECK(len == 0);
  an_article_free(article);
}

namespace {

struct SetCase {
  an_field field;
  std::size_t index;
  const char* value;
  an_status status;
  std::string message;  // an_last_error() after a failure
};

const std::string kSet = "an_article_set_text: ";

// Which check comes first differs by list: a NULL required value is refused before the item is
// looked up for subheadlines, keywords, bylines and extra pairs, after it for body blocks, images
// and attachments; the index of a plain field is checked before its value.
std::vector<SetCase> setCases() {
  const std::string required = kSet + "value is required";
  auto wrong = [](int field) {
    return kSet + "field " + std::to_string(field) + " does not apply to this item";
  };
  return {
      {static_cast<an_field>(99), 0, "x", AN_ERR_INVALID_ARGUMENT, wrong(99)},
      {static_cast<an_field>(-1), 0, "x", AN_ERR_INVALID_ARGUMENT, wrong(-1)},
      {static_cast<an_field>(-1), 3, "x", AN_ERR_INVALID_ARGUMENT, wrong(-1)},
      {static_cast<an_field>(12), 0, "x", AN_ERR_INVALID_ARGUMENT, wrong(12)},
      {static_cast<an_field>(72), 0, nullptr, AN_ERR_INVALID_ARGUMENT, wrong(72)},
      {AN_FIELD_URI, 1, nullptr, AN_ERR_INVALID_ARGUMENT, wrong(0)},
      {AN_FIELD_URI, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_HEADLINE, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_URL, 1, "x", AN_ERR_INVALID_ARGUMENT, wrong(1)},
      {AN_FIELD_URL, 0, "x", AN_OK, ""},
      {AN_FIELD_URL, 0, nullptr, AN_OK, ""},
      {AN_FIELD_PUBSTATUS, 1, "withheld", AN_ERR_INVALID_ARGUMENT, wrong(11)},
      {AN_FIELD_PUBSTATUS, 0, "withheld", AN_OK, ""},
      {AN_FIELD_PUBSTATUS, 0, nullptr, AN_OK, ""},
      {AN_FIELD_SUBHEADLINE, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_SUBHEADLINE, 5, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_SUBHEADLINE, 5, "x", AN_ERR_NOT_FOUND, kSet + "no list item 5"},
      {AN_FIELD_KEYWORD, 1, "x", AN_ERR_NOT_FOUND, kSet + "no list item 1"},
      {AN_FIELD_BYLINE_NAME, 4, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_BYLINE_NAME, 4, "x", AN_ERR_NOT_FOUND, kSet + "no byline 4"},
      {AN_FIELD_BYLINE_EMAIL, 4, nullptr, AN_ERR_NOT_FOUND, kSet + "no byline 4"},
      {AN_FIELD_BYLINE_NAME, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_BYLINE_ROLE, 0, "x", AN_OK, ""},
      {AN_FIELD_BYLINE_ROLE, 0, nullptr, AN_OK, ""},
      {AN_FIELD_BLOCK_TEXT, 9, nullptr, AN_ERR_NOT_FOUND, kSet + "no body block 9"},
      {AN_FIELD_BLOCK_TEXT, 1, nullptr, AN_ERR_INVALID_ARGUMENT, wrong(40)},
      {AN_FIELD_BLOCK_TEXT, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_BLOCK_ATTRIBUTION, 0, "x", AN_ERR_INVALID_ARGUMENT, wrong(41)},
      {AN_FIELD_BLOCK_ATTRIBUTION, 9, nullptr, AN_ERR_NOT_FOUND, kSet + "no body block 9"},
      {AN_FIELD_IMAGE_NAME, 3, nullptr, AN_ERR_NOT_FOUND, kSet + "no image 3"},
      {AN_FIELD_IMAGE_NAME, 0, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_IMAGE_ALT, 3, "x", AN_ERR_NOT_FOUND, kSet + "no image 3"},
      {AN_FIELD_ATTACHMENT_MEDIATYPE, 3, nullptr, AN_ERR_NOT_FOUND, kSet + "no attachment 3"},
      {AN_FIELD_ATTACHMENT_DESCRIPTION, 0, "x", AN_OK, ""},
      {AN_FIELD_ATTACHMENT_DESCRIPTION, 0, nullptr, AN_OK, ""},
      {AN_FIELD_SECTION, 0, "", AN_OK, ""},
      {AN_FIELD_EXTRA_KEY, 2, nullptr, AN_ERR_INVALID_ARGUMENT, required},
      {AN_FIELD_EXTRA_VALUE, 2, "x", AN_ERR_NOT_FOUND, kSet + "no extra pair 2"},
  };
}

}  // namespace

TEST_CASE("C API fields: an_article_set_text refuses with the same status and message") {
  newsarc_test::TempDir dir;
  an_writer* writer = nullptr;
  REQUIRE(an_writer_create((dir.path() / "unused.newsarc").string().c_str(), nullptr, &writer) ==
          AN_OK);
  an_article* article = nullptr;
  REQUIRE(an_article_new("urn:test:errors", &article) == AN_OK);
  // One item each: a paragraph then an image block, one byline, image, attachment, extra pair.
  const std::uint8_t byte = 7;
  REQUIRE(an_article_add_byline(article, "b") == AN_OK);
  REQUIRE(an_article_add_extra(article, "k", "v") == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_PARAGRAPH, "p", 0, 0) == AN_OK);
  REQUIRE(an_article_add_block(article, AN_BLOCK_IMAGE, nullptr, 0, 0) == AN_OK);
  REQUIRE(an_writer_add_content(writer, article, AN_CONTENT_IMAGE, "i.png", "image/png", &byte, 1,
                                nullptr) == AN_OK);
  REQUIRE(an_writer_add_content(writer, article, AN_CONTENT_ATTACHMENT, "a.txt", "text/plain",
                                &byte, 1, nullptr) == AN_OK);
  for (const SetCase& c : setCases()) {
    INFO("field ", static_cast<int>(c.field), " item ", c.index, " value ",
         c.value ? c.value : "NULL");
    CHECK(an_article_set_text(article, c.field, c.index, c.value) == c.status);
    if (c.status != AN_OK) CHECK(std::string(an_last_error()) == c.message);
  }
  // A refused value appends nothing.
  CHECK(an_article_list_size(article, AN_LIST_SUBHEADLINES) == 0);
  CHECK(an_article_list_size(article, AN_LIST_KEYWORDS) == 0);
  // NULL removed the optional fields set, then set to NULL, above.
  CHECK(an_article_text(article, AN_FIELD_URL, 0, nullptr) == nullptr);
  CHECK(an_article_text(article, AN_FIELD_BYLINE_ROLE, 0, nullptr) == nullptr);
  CHECK(an_article_text(article, AN_FIELD_ATTACHMENT_DESCRIPTION, 0, nullptr) == nullptr);
  // An empty string is present.
  std::size_t len = 12345;
  CHECK(an_article_text(article, AN_FIELD_SECTION, 0, &len) != nullptr);
  CHECK(len == 0);
  an_article_free(article);
  an_writer_free(writer);
}
