// Fuzz target: open and list. Asserts that Bundle::fromMemory on any bytes either throws
// archive_news::Error or gives a bundle whose info, listing (forEachArticle), summaries, find and
// signature list all answer with a result or an Error; that articleCount agrees with info(); that
// the seal is at most 4 KiB and inside the input; that the listing streams summaries equal to
// summary(i) at their position, from the start and from any position; and that find(id) of a
// listed article answers an article with that id.
#include <archive_news/error.h>
#include <archive_news/reader.h>

#include <vector>

#include "fuzz_support.h"

using namespace archive_news;

namespace {

constexpr std::size_t kMaxListed = 1000;

bool sameSummary(const ArticleSummary& a, const ArticleSummary& b) {
  return a.id == b.id && a.headline == b.headline && a.headlineCut == b.headlineCut &&
         a.firstcreated == b.firstcreated && a.versioncreated == b.versioncreated &&
         a.bylines == b.bylines && a.imageCount == b.imageCount &&
         a.attachmentCount == b.attachmentCount && a.contentSize == b.contentSize;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> bytes(data, size);
  try {
    Bundle bundle = Bundle::fromMemory(bytes, "fuzz.newsarc", newsarc_fuzz::fuzzReaderOptions());
    FUZZ_ASSERT(bundle.sealBytes().size() <= 4096);
    FUZZ_ASSERT(bundle.sealBytes().data() >= data &&
                bundle.sealBytes().data() + bundle.sealBytes().size() <= data + size);
    try {
      BundleInfo info = bundle.info();
      FUZZ_ASSERT(info.articleCount == bundle.articleCount());
      FUZZ_ASSERT(info.fileSize == size);
    } catch (const Error&) {
    }
    std::vector<ArticleSummary> listed;
    try {
      bundle.forEachArticle(0, [&](const ArticleSummary& s) {
        listed.push_back(s);
        return listed.size() < kMaxListed;
      });
      FUZZ_ASSERT(listed.size() == std::min(bundle.articleCount(), kMaxListed));
    } catch (const Error&) {
    }
    for (std::size_t i = 0; i < listed.size(); ++i) {
      try {
        FUZZ_ASSERT(sameSummary(bundle.summary(i), listed[i]));
        std::optional<std::size_t> found = bundle.find(listed[i].id);
        // A hostile index may hold duplicates or be out of order; whatever find answers must
        // still be an article with the id asked for.
        if (found) FUZZ_ASSERT(bundle.summary(*found).id == listed[i].id);
      } catch (const Error&) {
      }
    }
    if (listed.size() > 1) {
      // Listing from the middle starts at that position.
      const std::size_t middle = listed.size() / 2;
      try {
        bundle.forEachArticle(middle, [&](const ArticleSummary& s) {
          FUZZ_ASSERT(sameSummary(s, listed[middle]));
          return false;
        });
      } catch (const Error&) {
      }
    }
    try {
      bundle.signatures();
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  return 0;
}
