// Builders shared by the unit tests: articles with awkward text, bundles in memory, temp dirs.
#ifndef NEWSARC_TESTS_UNIT_TEST_SUPPORT_H_
#define NEWSARC_TESTS_UNIT_TEST_SUPPORT_H_

#include <archive_news/article.h>
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/writer.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "vector_sink.h"

namespace newsarc_test {

using Bytes = std::vector<std::uint8_t>;

// A ByteSink that appends to a vector the test owns.
using MemorySink = VectorSink;

Bytes toBytes(std::string_view text);

// A whole file's bytes (empty when it cannot be read), and a file replaced by these bytes.
Bytes readFileBytes(const std::filesystem::path& path);
void writeFileBytes(const std::filesystem::path& path, std::span<const std::uint8_t> bytes);
Bytes randomBytes(std::size_t size, std::uint32_t seed);

// Options that make a bundle reproducible: fixed id and time.
archive_news::WriterOptions fixedOptions();

// Content of one image or attachment before it is stored.
struct Payload {
  Bytes bytes;
  std::string mediaType;
};

// An article plus the bytes of its images and attachments, in order.
struct ArticleWithFiles {
  archive_news::Article article;
  std::vector<Payload> images;
  std::vector<Payload> attachments;
};

// Adds the files, fills the content refs, adds the article; returns the article as stored.
archive_news::Article addWithFiles(archive_news::BundleWriter& writer, ArticleWithFiles item);

// A bundle in memory holding these articles, signed by each key.
Bytes buildBundle(const std::vector<ArticleWithFiles>& items,
                  const std::vector<const archive_news::SecretKey*>& keys = {},
                  archive_news::WriterOptions options = fixedOptions());

// Articles the round-trip tests use: Hangul, emoji, NBSP, combining marks, an empty body, no
// images, a zero-byte attachment, every block kind, absent versus empty optional fields.
std::vector<ArticleWithFiles> awkwardArticles();
// A small article with one small image and one text attachment.
ArticleWithFiles smallArticle(const std::string& uri);

// The code of the Error that `action` throws; a failed check when it throws none.
archive_news::ErrorCode codeOf(const std::function<void()>& action);

// A fresh empty folder, removed at destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_UNIT_TEST_SUPPORT_H_
