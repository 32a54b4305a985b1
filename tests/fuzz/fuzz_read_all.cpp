// Fuzz target: read every article and its content. Asserts that every article record (by
// position and by id), every image and attachment, the bundle information and the schema text
// either read or throw archive_news::Error; that an article read has the id the index lists at
// its position; and that whatever read() returns, whole or streamed, has exactly the size and
// SHA-256 digest the content reference names (the reader never hands out unchecked bytes as a
// whole read, and a streamed read that ends without Error delivered exactly those bytes).
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
  try {
    internal::Sha256 hash;
    std::uint64_t streamed = 0;
    bundle.read(ref, [&](std::span<const std::uint8_t> piece) {
      hash.update(piece);
      streamed += piece.size();
    });
    FUZZ_ASSERT(streamed == ref.size);
    FUZZ_ASSERT(hash.finish() == ref.digest);
  } catch (const Error&) {
  }
  try {
    if (auto inPlace = bundle.storedBytes(ref)) {
      FUZZ_ASSERT(inPlace->size() == ref.size);
      FUZZ_ASSERT(internal::sha256(*inPlace) == ref.digest);
    }
  } catch (const Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    Bundle bundle =
        Bundle::fromMemory({data, size}, "fuzz.newsarc", newsarc_fuzz::fuzzReaderOptions());
    std::vector<std::string> ids;
    try {
      bundle.forEachArticle(0, [&](const ArticleSummary& s) {
        ids.push_back(s.id);
        return ids.size() < 200;
      });
    } catch (const Error&) {
    }
    for (std::size_t i = 0; i < ids.size(); ++i) {
      try {
        Article a = bundle.article(i);
        FUZZ_ASSERT(a.uri == ids[i]);
        for (const Image& image : a.images) readContent(bundle, image.content);
        for (const Attachment& attachment : a.attachments) readContent(bundle, attachment.content);
      } catch (const Error&) {
      }
      try {
        FUZZ_ASSERT(bundle.article(ids[i]).uri == ids[i]);
      } catch (const Error&) {
      }
    }
    try {
      bundle.info();
    } catch (const Error&) {
    }
    try {
      bundle.schemaText();
    } catch (const Error&) {
    }
  } catch (const Error&) {
  }
  return 0;
}
