// Fuzz target: the decoder of the extent table pages (core/read/extent_page_reader.h).
// Asserts that any input either throws archive_news::Error or decodes to a page that obeys every
// rule: the writer's page of the same extents (or children) decodes to them again.
#include <archive_news/error.h>

#include "core/read/extent_page_reader.h"
#include "core/write/extent_page_builder.h"
#include "fuzz_support.h"

using namespace archive_news;

namespace {

const std::string kName = "fuzz";

std::vector<std::uint8_t> writerPage(const internal::ExtentPageContent& page) {
  if (page.level == 0) {
    internal::ExtentLeafBuilder leaf;
    for (const auto& extent : page.extents) leaf.add(extent);
    return leaf.encode();
  }
  internal::ExtentInnerBuilder inner(page.level);
  for (const auto& child : page.children) inner.add(child);
  return inner.encode();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const ReaderOptions options = newsarc_fuzz::fuzzReaderOptions();
  internal::ExtentPageContent page;
  try {
    page = internal::decodeExtentPage(bytes, internal::PagePlace{kName, 0}, options);
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
                e.code() == ErrorCode::kUnsupported);
    return 0;
  }
  FUZZ_ASSERT(page.level == 0 ? page.children.empty() : !page.children.empty());
  for (std::size_t i = 1; i < page.extents.size(); ++i) {
    FUZZ_ASSERT(page.extents[i - 1].end() <= page.extents[i].offset);
  }
  const internal::ExtentPageContent same =
      internal::decodeExtentPage(writerPage(page), internal::PagePlace{kName, 0}, options);
  FUZZ_ASSERT(same.level == page.level && same.extents == page.extents &&
              same.children == page.children);
  return 0;
}
