// Fuzz target: verify. Asserts that verifyMemory never throws on any bytes and always reports at
// least one check; that every failed check says what is wrong (non-empty detail); that a bundle
// passing full verification also passes quick verification; and that a bundle passing full
// verification reads completely: every article record, image and attachment reads without Error
// (verification proves what a reader will find, so there is no gap between the two).
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
  if (report.ok()) {
    FUZZ_ASSERT(quickReport.ok());
    Bundle bundle = Bundle::fromMemory(bytes, "fuzz.newsarc", readerOptions);
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
      Article a = bundle.article(i);
      for (const Image& image : a.images) bundle.read(image.content, [](auto) {});
      for (const Attachment& attachment : a.attachments)
        bundle.read(attachment.content, [](auto) {});
    }
    bundle.schemaText();
    FUZZ_ASSERT(!bundle.signatures().empty());
  }
  return 0;
}
