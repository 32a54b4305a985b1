// extract.h: every format into every target, the same files whatever the target; existing files
// and symbolic links refused; ids that give one folder name kept apart.
#include <archive.h>
#include <archive_entry.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>
#include <archive_news/reader.h>
#include <archive_news/render.h>
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

using Files = std::map<std::string, Bytes>;

// Three articles: dated, dated later, undated; the first two ids give one folder name.
Bytes threeArticles() {
  ArticleWithFiles first = smallArticle("urn:a:b");
  ArticleWithFiles second = smallArticle("urn:a/b");
  second.article.headline = "Second, newer";
  second.article.firstcreated = "2024-03-02";
  ArticleWithFiles third = smallArticle("urn:c");
  third.article.headline = "Third, undated";
  third.article.firstcreated.reset();
  return buildBundle({first, second, third});
}

// Every regular file below dir, by '/'-separated relative name.
Files folderFiles(const fs::path& dir) {
  Files files;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) {
      files[entry.path().lexically_relative(dir).generic_string()] = readFileBytes(entry.path());
    }
  }
  return files;
}

// Every entry of a tar (any compression) or zip, read with libarchive.
Files archiveFiles(const fs::path& file) {
  Files files;
  archive* reader = archive_read_new();
  archive_read_support_format_all(reader);
  archive_read_support_filter_all(reader);
  REQUIRE(archive_read_open_filename(reader, file.c_str(), 65536) == ARCHIVE_OK);
  archive_entry* entry = nullptr;
  while (archive_read_next_header(reader, &entry) == ARCHIVE_OK) {
    Bytes& bytes = files[archive_entry_pathname(entry)];
    char buffer[65536];
    for (la_ssize_t n; (n = archive_read_data(reader, buffer, sizeof buffer)) > 0;) {
      bytes.insert(bytes.end(), buffer, buffer + n);
    }
  }
  archive_read_free(reader);
  return files;
}

std::string text(const Files& files, const std::string& name) {
  const auto found = files.find(name);
  REQUIRE_MESSAGE(found != files.end(), name);
  return std::string(found->second.begin(), found->second.end());
}

std::vector<std::size_t> all(const Bundle& bundle) {
  std::vector<std::size_t> indices(bundle.articleCount());
  for (std::size_t i = 0; i < indices.size(); ++i) indices[i] = i;
  return indices;
}

}  // namespace

TEST_CASE("extract writes article folders that load back into the same articles") {
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  extractArticles(bundle, all(bundle), dir.path() / "out");
  const Files files = folderFiles(dir.path() / "out");
  // Bundle order is by id: "urn:a/b" < "urn:a:b"; both give "urn_a_b", the second gets "-2".
  CHECK(files.size() == 9);
  CHECK(files.count("urn_a_b/article.json") == 1);
  CHECK(files.count("urn_a_b-2/photo.jpg") == 1);
  CHECK(files.count("urn_c/notice.txt") == 1);
  const std::vector<std::string> folders = {"urn_a_b", "urn_a_b-2", "urn_c"};
  for (std::size_t i = 0; i < folders.size(); ++i) {
    Article stored = bundle.article(i);
    ArticleFolder back = loadArticleFolder(dir.path() / "out" / folders[i]);
    for (std::size_t k = 0; k < stored.images.size(); ++k) {
      back.article.images[k].content = stored.images[k].content;
      CHECK(readFileBytes(back.dir / stored.images[k].fileName) ==
            bundle.read(stored.images[k].content));
    }
    for (std::size_t k = 0; k < stored.attachments.size(); ++k) {
      back.article.attachments[k].content = stored.attachments[k].content;
    }
    CHECK(back.article == stored);
  }
}

TEST_CASE("every archive target holds exactly the files of the folder target, in every format") {
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  for (const ExtractFormat format : {ExtractFormat::kFolder, ExtractFormat::kHtml}) {
    const std::string suffix = format == ExtractFormat::kHtml ? "-html" : "";
    ExtractOptions options;
    options.format = format;
    extractArticles(bundle, all(bundle), dir.path() / ("folder" + suffix), options);
    const Files expected = folderFiles(dir.path() / ("folder" + suffix));
    for (const char* target : {"out.tar", "out.tar.gz", "out.tar.zst", "out.zip"}) {
      CAPTURE(target);
      CHECK(extractTargetFor(fs::path(target)) != ExtractTarget::kFolder);
      extractArticles(bundle, all(bundle), dir.path() / (suffix + target), options);
      CHECK(archiveFiles(dir.path() / (suffix + target)) == expected);
    }
  }
}

TEST_CASE("the HTML export: an index newest first, a page per article, files beside it") {
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  ExtractOptions options;
  options.format = ExtractFormat::kHtml;
  std::size_t calls = 0;
  options.progress = [&calls](std::size_t done, std::size_t total, std::uint64_t) {
    CHECK(done == ++calls);
    CHECK(total == 3);
  };
  extractArticles(bundle, all(bundle), dir.path() / "site", options);
  CHECK(calls == 3);
  const Files files = folderFiles(dir.path() / "site");
  CHECK(files.size() == 2 + 3 * 3);
  CHECK(text(files, "style.css") == articleHtmlStyleSheet());
  const std::string index = text(files, "index.html");
  const std::size_t second = index.find("href=\"articles/urn_a_b/index.html\">Second, newer<");
  const std::size_t first = index.find("href=\"articles/urn_a_b-2/index.html\">Harbour");
  const std::size_t third = index.find("href=\"articles/urn_c/index.html\">Third, undated<");
  CHECK(second < first);
  CHECK(first < third);
  CHECK(index.find("<h2 class=\"month\">March 2024</h2>") < second);
  CHECK(index.find("<h2 class=\"month\">Undated</h2>") < third);
  CHECK(index.find("3 articles, newest first, exported from three.newsarc") != std::string::npos);
  const std::string page = text(files, "articles/urn_c/index.html");
  CHECK(page.find("<link rel=\"stylesheet\" href=\"../../style.css\">") != std::string::npos);
  CHECK(page.find("<img src=\"files/photo.jpg\"") != std::string::npos);
  CHECK(page.find("<a href=\"files/notice.txt\" download=\"notice.txt\">") != std::string::npos);
  CHECK(files.at("articles/urn_c/files/photo.jpg") ==
        bundle.read(bundle.article(2).images[0].content));
}

TEST_CASE("extract refuses to replace existing output unless asked to") {
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  for (const char* target : {"out", "out.zip", "out.tar"}) {
    CAPTURE(target);
    const fs::path path = dir.path() / target;
    extractArticles(bundle, {2}, path);
    CHECK(codeOf([&] { extractArticles(bundle, {2}, path); }) == ErrorCode::kIOError);
    ExtractOptions options;
    options.overwrite = true;
    extractArticles(bundle, {0, 2}, path, options);
  }
  CHECK(fs::exists(dir.path() / "out/urn_a_b/article.json"));
  CHECK(archiveFiles(dir.path() / "out.zip").count("urn_a_b/article.json") == 1);
  CHECK(codeOf([&] { extractArticles(bundle, {3}, dir.path() / "x"); }) == ErrorCode::kNotFound);
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    CHECK(entry.path().filename().string().find(".tmp") == std::string::npos);
  }
}

TEST_CASE("extract never writes through a symbolic link, even with overwrite") {
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  fs::create_directories(dir.path() / "elsewhere");
  fs::create_directories(dir.path() / "out");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "out/urn_c");
  ExtractOptions options;
  options.overwrite = true;
  CHECK(codeOf([&] { extractArticles(bundle, {2}, dir.path() / "out", options); }) ==
        ErrorCode::kIOError);
  fs::create_directories(dir.path() / "site/articles");
  fs::create_directory_symlink(dir.path() / "elsewhere", dir.path() / "site/articles/urn_c");
  options.format = ExtractFormat::kHtml;
  CHECK(codeOf([&] { extractArticles(bundle, {2}, dir.path() / "site", options); }) ==
        ErrorCode::kIOError);
  CHECK(fs::is_empty(dir.path() / "elsewhere"));
}

TEST_CASE("a damaged image stops the extract at its article, which leaves nothing behind") {
  ArticleWithFiles first = smallArticle("urn:a");
  ArticleWithFiles second = smallArticle("urn:b");
  ArticleWithFiles third = smallArticle("urn:c");
  Bytes& own = third.images[0].bytes;  // content of its own, unlike the shared photo
  own[own.size() / 2] ^= 0x55;
  Bytes bytes = buildBundle({first, second, third});
  const ContentExtent photo = Bundle::fromMemory(bytes, "x").article(2).images[0].content.extent;
  REQUIRE_FALSE(photo.compressed);  // the raw path, written straight from the bundle
  bytes[photo.offset + photo.storedSize / 2] ^= 0x01;
  const Bundle bundle = Bundle::fromMemory(bytes, "damaged.newsarc");
  TempDir dir;
  CHECK(codeOf([&] { extractArticles(bundle, all(bundle), dir.path() / "out"); }) ==
        ErrorCode::kCorruption);
  const Files files = folderFiles(dir.path() / "out");
  CHECK(files.size() == 6);  // article.json, photo.jpg, notice.txt of the first two
  for (const auto& file : files) {
    const std::string& name = file.first;  // not a structured binding: clang's CAPTURE refuses one
    CAPTURE(name);
    CHECK(name.find("urn_c") == std::string::npos);
    CHECK(name.find(".tmp-") == std::string::npos);
    if (name.ends_with("photo.jpg")) {
      CHECK(file.second == bundle.read(bundle.article(0).images[0].content));
    }
  }
  CHECK_FALSE(fs::exists(dir.path() / "out" / "urn_c"));
}

namespace {

// Three articles whose middle one, urn:b, has a photo and a notice of its own; `damageNotice`
// flips a byte in the compressed extent of its notice, else in the raw extent of its photo.
Bytes damagedMiddle(bool damageNotice) {
  ArticleWithFiles first = smallArticle("urn:a");
  ArticleWithFiles second = smallArticle("urn:b");
  ArticleWithFiles third = smallArticle("urn:c");
  second.article.headline = "The damaged one";
  Bytes& photo = second.images[0].bytes;
  photo[photo.size() / 2] ^= 0x55;
  std::string notice;
  for (int line = 0; line < 2000; ++line) notice += "Line " + std::to_string(line) + " of b.\n";
  second.attachments[0].bytes = toBytes(notice);
  Bytes bytes = buildBundle({first, second, third});
  const Bundle clean = Bundle::fromMemory(bytes, "x");
  const Article& b = clean.article(1);
  const ContentRef target = damageNotice ? b.attachments[0].content : b.images[0].content;
  REQUIRE(target.extent.compressed == damageNotice);
  for (std::size_t other : {0U, 2U}) {  // the damage is urn:b's alone
    REQUIRE(clean.article(other).images[0].content != target);
    REQUIRE(clean.article(other).attachments[0].content != target);
  }
  bytes[target.extent.offset + target.extent.storedSize / 2] ^= 0x01;
  return bytes;
}

std::string errorText(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error.what();
  }
  FAIL("no error was thrown");
  return {};
}

}  // namespace

TEST_CASE("a read error during extract names the article and its file") {
  for (const bool notice : {false, true}) {
    CAPTURE(notice);
    const Bytes bytes = damagedMiddle(notice);
    const Bundle bundle = Bundle::fromMemory(bytes, "damaged.newsarc");
    TempDir dir;
    const std::string what =
        errorText([&] { extractArticles(bundle, all(bundle), dir.path() / "out.tar"); });
    CHECK(what.starts_with("damaged.newsarc: offset "));
    CHECK(what.find("article 'urn:b': ") != std::string::npos);
    CHECK(what.find(notice ? "notice.txt: " : "photo.jpg: ") != std::string::npos);
    CHECK_FALSE(fs::exists(dir.path() / "out.tar"));  // nothing kept of an archive target
    CHECK(fs::is_empty(dir.path()));                  // nor its temporary file
  }
}

TEST_CASE("keepGoing writes every intact article to every target and reports each damaged one") {
  for (const bool notice : {false, true}) {
    const Bytes bytes = damagedMiddle(notice);
    const Bundle bundle = Bundle::fromMemory(bytes, "damaged.newsarc");
    for (const char* name : {"out", "out.tar", "out.tar.gz", "out.tar.zst", "out.zip"}) {
      for (const ExtractFormat format :
           {ExtractFormat::kFolder, ExtractFormat::kNinjs, ExtractFormat::kHtml}) {
        CAPTURE(notice);
        CAPTURE(name);
        CAPTURE(static_cast<int>(format));
        TempDir dir;
        std::vector<std::string> reports;
        ExtractOptions options;
        options.format = format;
        options.keepGoing = true;
        options.damaged = [&reports](const Error& damage) { reports.push_back(damage.what()); };
        const fs::path target = dir.path() / name;
        const ExtractResult result = extractArticles(bundle, all(bundle), target, options);
        CHECK(result.extracted == 2);
        CHECK(result.damaged == 1);
        REQUIRE(reports.size() == 1);
        CHECK(reports[0].find("article 'urn:b': ") != std::string::npos);
        CHECK(reports[0].find(notice ? "notice.txt: " : "photo.jpg: ") != std::string::npos);
        const Files files = fs::is_directory(target) ? folderFiles(target) : archiveFiles(target);
        bool sawA = false;
        bool sawC = false;
        for (const auto& file : files) {
          const std::string& path = file.first;
          CAPTURE(path);
          CHECK(path.find("urn_b") == std::string::npos);  // nothing of the damaged article
          CHECK(path.find(".tmp-") == std::string::npos);
          sawA = sawA || path.find("urn_a/") != std::string::npos;
          sawC = sawC || path.find("urn_c/") != std::string::npos;
          if (path.ends_with("index.html")) {
            CHECK(text(files, path).find("The damaged one") == std::string::npos);
          }
        }
        CHECK(sawA);
        CHECK(sawC);
        for (const auto& entry : fs::directory_iterator(dir.path())) {
          CHECK(entry.path().filename().string().find(".tmp-") == std::string::npos);
        }
      }
    }
  }
}

TEST_CASE(
    "extract into folders that exist removes stale temporary files but skips that in new ones") {
  // A new folder holds no temporary file of a killed extract, so it is not searched for them
  // (one search per file made extracting n files into one folder cost n squared); an existing
  // folder still is.
  const Bytes bytes = threeArticles();
  const Bundle bundle = Bundle::fromMemory(bytes, "three.newsarc");
  TempDir dir;
  const fs::path out = dir.path() / "out";
  extractArticles(bundle, {2}, out);
  const Files first = folderFiles(out);
  REQUIRE(first.count("urn_c/article.json") == 1);
  writeFileBytes(out / "urn_c" / ".article.json.tmp-0123456789",
                 toBytes("left by a killed extract"));
  ExtractOptions options;
  options.overwrite = true;
  extractArticles(bundle, {2}, out, options);
  CHECK(folderFiles(out) == first);
}
