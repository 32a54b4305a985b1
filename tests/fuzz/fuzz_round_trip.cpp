// Fuzz target: round trip, model -> bundle -> model. The input is article.json text (the richest
// description of an article the project has); each image and attachment gets content made from
// its file name. Asserts that an article the parser accepts and the writer accepts comes back from
// the bundle equal to what was stored, field for field; that every image and attachment reads
// back byte for byte; that the summary agrees with the article; and that the bundle, signed with
// a fixed key, verifies against that key.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>

#include "fuzz_support.h"
#include "vector_sink.h"

using namespace archive_news;

namespace {

using newsarc_test::VectorSink;

std::vector<std::uint8_t> contentFor(const std::string& fileName, std::size_t salt) {
  std::vector<std::uint8_t> bytes(fileName.begin(), fileName.end());
  bytes.push_back(static_cast<std::uint8_t>(salt));
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const KeyPair kKeys = newsarc_fuzz::fixedKeyPair();
  Article article;
  try {
    article = parseArticleJson(newsarc_fuzz::asText(data, size), "fuzz/article.json");
  } catch (const Error&) {
    return 0;
  }
  std::vector<std::vector<std::uint8_t>> contents;
  std::vector<std::uint8_t> bundleBytes;
  try {
    WriterOptions writerOptions;
    writerOptions.bundleId = "urn:uuid:00000000-0000-4000-8000-00000000f022";
    writerOptions.created = "2026-11-28T12:00:00Z";
    BundleWriter writer(std::make_unique<VectorSink>(bundleBytes), writerOptions);
    writer.addSigner(kKeys.secretKey, "fuzz");
    for (std::size_t i = 0; i < article.images.size(); ++i) {
      contents.push_back(contentFor(article.images[i].fileName, i));
      article.images[i].content = writer.addContent(contents.back(), article.images[i].mediatype);
    }
    for (std::size_t i = 0; i < article.attachments.size(); ++i) {
      contents.push_back(contentFor(article.attachments[i].fileName, 100 + i));
      article.attachments[i].content =
          writer.addContent(contents.back(), article.attachments[i].mediatype);
    }
    writer.addArticle(article);
    writer.finish();
  } catch (const Error& e) {
    // The parser validated the article; the writer may still refuse what it alone checks.
    FUZZ_ASSERT(e.code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  Bundle bundle = Bundle::fromMemory(bundleBytes, "round-trip.newsarc");
  FUZZ_ASSERT(bundle.articleCount() == 1);
  Article back = bundle.article(article.uri);
  FUZZ_ASSERT(back == article);
  ArticleSummary summary = bundle.summary(0);
  FUZZ_ASSERT(summary.id == article.uri);
  FUZZ_ASSERT(summary.headline == article.headline);
  FUZZ_ASSERT(summary.imageCount == article.images.size());
  FUZZ_ASSERT(summary.attachmentCount == article.attachments.size());
  std::size_t next = 0;
  for (const Image& image : back.images)
    FUZZ_ASSERT(bundle.read(image.content) == contents[next++]);
  for (const Attachment& attachment : back.attachments) {
    FUZZ_ASSERT(bundle.read(attachment.content) == contents[next++]);
  }
  VerifyOptions options;
  options.trustedKeys = {kKeys.publicKey};
  FUZZ_ASSERT(verifyMemory(bundleBytes, "round-trip.newsarc", options).ok());
  return 0;
}
