#include "test_support.h"

#include <doctest/doctest.h>
#include <unistd.h>

#include <fstream>
#include <random>

namespace newsarc_test {

using namespace archive_news;

Bytes toBytes(std::string_view text) { return Bytes(text.begin(), text.end()); }

Bytes readFileBytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(in), {});
}

void writeFileBytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
}

Bytes randomBytes(std::size_t size, std::uint32_t seed) {
  std::mt19937 generator(seed);
  Bytes out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(generator());
  return out;
}

WriterOptions fixedOptions() {
  WriterOptions options;
  options.bundleId = "urn:uuid:00000000-0000-4000-8000-000000000001";
  options.created = "2026-11-28T12:00:00Z";
  options.creatorTool = "newsarc tests";
  return options;
}

Article addWithFiles(BundleWriter& writer, ArticleWithFiles item) {
  for (std::size_t i = 0; i < item.images.size(); ++i) {
    item.article.images[i].content =
        writer.addContent(item.images[i].bytes, item.images[i].mediaType);
  }
  for (std::size_t i = 0; i < item.attachments.size(); ++i) {
    item.article.attachments[i].content =
        writer.addContent(item.attachments[i].bytes, item.attachments[i].mediaType);
  }
  writer.addArticle(item.article);
  return item.article;
}

Bytes buildBundle(const std::vector<ArticleWithFiles>& items,
                  const std::vector<const SecretKey*>& keys, WriterOptions options) {
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), std::move(options));
  for (const SecretKey* key : keys) writer.addSigner(*key, "tests");
  for (const auto& item : items) addWithFiles(writer, item);
  writer.finish();
  return out;
}

namespace {

// A JPEG-looking payload: the magic makes the writer store it raw, as it would a photograph.
Bytes fakeJpeg(std::size_t size, std::uint32_t seed) {
  Bytes bytes = randomBytes(size, seed);
  bytes[0] = 0xff;
  bytes[1] = 0xd8;
  bytes[2] = 0xff;
  return bytes;
}

}  // namespace

ArticleWithFiles smallArticle(const std::string& uri) {
  ArticleWithFiles item;
  Article& a = item.article;
  a.uri = uri;
  a.headline = "Harbour reopens after storm";
  a.bylines = {{"Kim Min-ji", "minji@example.org", "reporter"}};
  a.firstcreated = "2024-03-01T09:30:00+09:00";
  a.language = "en";
  a.body = {Paragraph{"The harbour reopened on Friday."}, ImageBlock{0},
            Paragraph{"Ferries resumed at noon."}};
  a.images = {{"photo",
               "photo.jpg",
               "image/jpeg",
               "The harbour at dawn.",
               "Example/Agency",
               std::nullopt,
               "Boats in a harbour",
               4,
               3,
               {}}};
  a.attachments = {{"notice", "notice.txt", "text/plain; charset=utf-8", "Port notice", {}}};
  item.images = {{fakeJpeg(300, 7), "image/jpeg"}};
  item.attachments = {{toBytes("PORT NOTICE\nThe harbour is open again from 12:00.\n"),
                       "text/plain; charset=utf-8"}};
  return item;
}

std::vector<ArticleWithFiles> awkwardArticles() {
  std::vector<ArticleWithFiles> items;

  ArticleWithFiles korean;
  korean.article.uri = "urn:test:hangul";
  korean.article.headline = "한미 동맹, 포괄적 전략동맹으로 발전";
  korean.article.subheadlines = {"문재인 대통령, 트럼프 대통령과 정상회담", ""};
  korean.article.bylines = {{"이주형", std::nullopt, std::nullopt}};
  korean.article.firstcreated = "2019-06-30";
  korean.article.language = "ko";
  korean.article.body = {Paragraph{"한미 동맹은 안보를 넘어 경제·지역·글로벌 협력으로 확대된다."},
                         Heading{3, "기자회견 🇰🇷🇺🇸"},
                         Quote{"“우리는 같은 목표를 공유한다.”", "문재인"},
                         Quote{"Attribution absent", std::nullopt}};
  korean.article.extra = {{"원문", "국방일보"}, {"empty", ""}};
  items.push_back(korean);

  ArticleWithFiles spaces;
  spaces.article.uri = "urn:test:nbsp";
  spaces.article.headline = "Non\u00a0breaking\u00a0spaces  and  double  spaces ";
  spaces.article.url = "";  // present and empty: distinct from absent
  spaces.article.section = "World\u202fNews";
  spaces.article.located = "Caf\u00e9 / Cafe\u0301";  // NFC and NFD kept apart
  spaces.article.body = {Paragraph{" leading and trailing whitespace kept \t"},
                         Paragraph{"emoji 👩🏽‍🔬 and zero width joiner"},
                         AttachmentBlock{0}};
  spaces.article.attachments = {
      {"empty", "empty.bin", "application/octet-stream", std::nullopt, {}}};
  spaces.attachments = {{Bytes{}, "application/octet-stream"}};  // a zero-byte attachment
  items.push_back(spaces);

  ArticleWithFiles bare;
  bare.article.uri = "urn:test:empty-body";
  bare.article.headline = "";
  bare.article.versioncreated = "2020-02-29T23:59:60Z";
  items.push_back(bare);

  items.push_back(smallArticle("urn:test:small"));
  return items;
}

ErrorCode codeOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("no error was thrown");
  return ErrorCode::kCorruption;
}

TempDir::TempDir() {
  static int counter = 0;
  path_ = std::filesystem::temp_directory_path() /
          ("newsarc-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::remove_all(path_);
  std::filesystem::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

}  // namespace newsarc_test
