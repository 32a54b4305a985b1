// Fuzz target: read every article and blob. Asserts that every article record, every image and
// attachment, the schema text and every blob of the table either read or throw
// archive_news::Error; and that whatever read() returns has exactly the size and SHA-256 digest
// the content reference names (the reader never hands out unchecked bytes as a whole read).
#include <archive_news/error.h>
#include <archive_news/reader.h>

#include "core/common/sha256.h"
#include "fuzz_support.h"

using namespace archive_news;

namespace {

void readContent(const Bundle& bundle, const ContentRef& ref) {
  if (ref.size > newsarc_fuzz::kMaxStreamedBytes) return;
  try {
    std::vector<std::uint8_t> bytes = bundle.read(ref);
    FUZZ_ASSERT(bytes.size() == ref.size);
    FUZZ_ASSERT(internal::sha256(bytes) == ref.digest);
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    Bundle bundle =
        Bundle::fromMemory({data, size}, "fuzz.newsarc", newsarc_fuzz::fuzzReaderOptions());
    for (std::size_t i = 0; i < bundle.articleCount() && i < 200; ++i) {
      try {
        Article a = bundle.article(i);
        FUZZ_ASSERT(a.uri == bundle.summary(i).id);
        for (const Image& image : a.images) readContent(bundle, image.content);
        for (const Attachment& attachment : a.attachments) readContent(bundle, attachment.content);
      } catch (const Error&) {
      }
    }
    for (std::uint32_t i = 0; i < bundle.blobCount() && i < 200; ++i) {
      try {
        BlobInfo info = bundle.blob(i);
        readContent(bundle, ContentRef{i, info.digest, info.rawSize});
      } catch (const Error&) {
      }
    }
    try {
      bundle.schemaText();
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  return 0;
}
