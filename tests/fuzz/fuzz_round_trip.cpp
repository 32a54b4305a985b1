// Fuzz target: round trip, model -> bundle -> model. The input is article.json text (the richest
// description of an article the project has); each image and attachment gets content made from
// its file name. Asserts that an article the parser accepts and the writer accepts comes back from
// the bundle equal to what was stored, field for field; that every image and attachment reads
// back byte for byte; that the summary, by position and as listed, agrees with the article (the
// index's copies of the headline and byline names cut by its rules); and that the bundle, signed
// with a fixed key, verifies against that key, in full and with the article proved alone.
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
  std::size_t listed = 0;
  bundle.forEachArticle(0, [&](const ArticleSummary& s) {
    FUZZ_ASSERT(s.id == summary.id && s.headline == summary.headline);
    ++listed;
    return true;
  });
  FUZZ_ASSERT(listed == 1);
  FUZZ_ASSERT(summary.id == article.uri);
  if (summary.headlineCut) {
    FUZZ_ASSERT(article.headline.size() > 1024 && summary.headline.size() <= 1024);
    FUZZ_ASSERT(article.headline.starts_with(summary.headline));
  } else {
    FUZZ_ASSERT(summary.headline == article.headline);
  }
  FUZZ_ASSERT(summary.bylines.size() == std::min<std::size_t>(article.bylines.size(), 16));
  for (std::size_t i = 0; i < summary.bylines.size(); ++i) {
    FUZZ_ASSERT(summary.bylines[i].size() <= 256);
    FUZZ_ASSERT(article.bylines[i].name.starts_with(summary.bylines[i]));
  }
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
  options.articles = {article.uri};
  FUZZ_ASSERT(verifyMemory(bundleBytes, "round-trip.newsarc", options).ok());
  return 0;
}
