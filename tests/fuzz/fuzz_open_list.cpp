// Fuzz target: open and list. Asserts that Bundle::fromMemory on any bytes either throws
// archive_news::Error or gives a bundle whose info, summaries, find, blob table and signature list
// all answer with a result or an Error; that articleCount and blobCount agree with info(); and that
// find(id) of a listed article answers an article with that id.
#include <archive_news/error.h>
#include <archive_news/reader.h>

#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> bytes(data, size);
  try {
    Bundle bundle = Bundle::fromMemory(bytes, "fuzz.newsarc", newsarc_fuzz::fuzzReaderOptions());
    BundleInfo info = bundle.info();
    FUZZ_ASSERT(info.articleCount == bundle.articleCount());
    FUZZ_ASSERT(info.blobCount == bundle.blobCount());
    FUZZ_ASSERT(info.fileSize == size);
    for (std::size_t i = 0; i < bundle.articleCount() && i < 1000; ++i) {
      try {
        ArticleSummary s = bundle.summary(i);
        std::optional<std::size_t> found = bundle.find(s.id);
        // The index may be unsorted or hold duplicates in a hostile bundle; whatever find answers
        // must still be an article with the id asked for.
        if (found) FUZZ_ASSERT(bundle.summary(*found).id == s.id);
      } catch (const Error&) {
      }
    }
    for (std::uint32_t i = 0; i < bundle.blobCount() && i < 1000; ++i) {
      try {
        bundle.blob(i);
      } catch (const Error&) {
      }
    }
    try {
      bundle.signatures();
    } catch (const Error&) {
    }
    FUZZ_ASSERT(bundle.manifestBytes().size() <= size);
  } catch (const Error&) {
  }
  return 0;
}
