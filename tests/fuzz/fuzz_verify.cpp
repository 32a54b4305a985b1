// Fuzz target: verify, full, quick and article by article. Asserts that verifyMemory never throws
// on any bytes and always reports at least one check; that every failed check says what is wrong
// (non-empty detail); that quick verification (a part of the full one) never passes a bundle the
// full one fails for its tail, and passes every bundle the full one passes; that every article of
// a bundle passing full verification is also proved alone (check "article"); and that a bundle
// passing full verification reads completely: it opens, lists every article, and every article
// record, image and attachment, the information and the schema read without Error (verification
// proves what a reader will find, so there is no gap between the two).
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const PublicKey kTrusted = newsarc_fuzz::fixedKeyPair().publicKey;
  std::span<const std::uint8_t> bytes(data, size);
  ReaderOptions readerOptions = newsarc_fuzz::fuzzReaderOptions();
  VerifyOptions options;
  options.trustedKeys = {kTrusted};
  VerifyReport report = verifyMemory(bytes, "fuzz.newsarc", options, readerOptions);
  FUZZ_ASSERT(!report.checks.empty());
  for (const Check& check : report.failures()) FUZZ_ASSERT(!check.detail.empty());
  VerifyOptions quick = options;
  quick.quick = true;
  VerifyReport quickReport = verifyMemory(bytes, "fuzz.newsarc", quick, readerOptions);
  FUZZ_ASSERT(!quickReport.checks.empty());
  for (const Check& check : quickReport.failures()) FUZZ_ASSERT(!check.detail.empty());
  if (!quickReport.ok()) FUZZ_ASSERT(!report.ok());
  if (!report.ok()) return 0;

  FUZZ_ASSERT(quickReport.ok());
  Bundle bundle = Bundle::fromMemory(bytes, "fuzz.newsarc", readerOptions);
  std::vector<std::string> ids;
  bundle.forEachArticle(0, [&](const ArticleSummary& s) {
    ids.push_back(s.id);
    return true;
  });
  FUZZ_ASSERT(ids.size() == bundle.articleCount());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Article a = bundle.article(i);
    FUZZ_ASSERT(a.uri == ids[i]);
    for (const Image& image : a.images) bundle.read(image.content, [](auto) {});
    for (const Attachment& attachment : a.attachments) bundle.read(attachment.content, [](auto) {});
  }
  bundle.info();
  bundle.schemaText();
  FUZZ_ASSERT(!bundle.signatures().empty());
  if (!ids.empty()) {
    VerifyOptions articles = options;
    articles.articles = {ids.front(), ids.back()};
    VerifyReport articleReport = verifyMemory(bytes, "fuzz.newsarc", articles, readerOptions);
    for (const Check& check : articleReport.failures()) {
      std::fprintf(stderr, "%s: %s\n", check.name.c_str(), check.detail.c_str());
    }
    FUZZ_ASSERT(articleReport.ok());
  }
  return 0;
}
