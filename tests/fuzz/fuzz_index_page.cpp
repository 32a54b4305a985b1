// Fuzz target: the decoders of the index pages (core/read/index_page_reader.h), the same
// bytes read as a leaf and as an inner page. Asserts that any input either throws
// archive_news::Error or decodes to a page that obeys every rule: the writer's page of the same
// entries (or children) decodes to them again.
#include <archive_news/error.h>

#include "core/read/index_page_reader.h"
#include "core/write/index_page_builder.h"
#include "core/write/index_tree_writer.h"
#include "fuzz_support.h"

using namespace archive_news;

namespace {

const std::string kName = "fuzz";

bool expectedCode(const Error& e) {
  return e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
         e.code() == ErrorCode::kUnsupported;
}

void asLeaf(std::span<const std::uint8_t> bytes, const ReaderOptions& options) {
  std::vector<internal::IndexEntry> entries;
  try {
    entries = internal::decodeIndexLeafPage(bytes, internal::PagePlace{kName, 0}, options);
  } catch (const Error& e) {
    FUZZ_ASSERT(expectedCode(e));
    return;
  }
  internal::IndexLeafBuilder again;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    internal::checkIndexEntryLimits(entries[i]);  // throws, which aborts, if a limit is broken
    FUZZ_ASSERT(i == 0 || internal::idLess(entries[i - 1].id, entries[i].id));
    again.add(entries[i]);
  }
  FUZZ_ASSERT(internal::decodeIndexLeafPage(again.encode(), internal::PagePlace{kName, 0},
                                            options) == entries);
}

void asInner(std::span<const std::uint8_t> bytes, const ReaderOptions& options) {
  internal::IndexInnerPage page;
  try {
    page = internal::decodeIndexInnerPage(bytes, internal::PagePlace{kName, 0}, options);
  } catch (const Error& e) {
    FUZZ_ASSERT(expectedCode(e));
    return;
  }
  FUZZ_ASSERT(page.level >= 1 && !page.children.empty());
  internal::IndexInnerBuilder again(page.level);
  for (const auto& child : page.children) again.add(child);
  const internal::IndexInnerPage same =
      internal::decodeIndexInnerPage(again.encode(), internal::PagePlace{kName, 0}, options);
  FUZZ_ASSERT(same.level == page.level && same.children == page.children);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const ReaderOptions options = newsarc_fuzz::fuzzReaderOptions();
  asLeaf(bytes, options);
  asInner(bytes, options);
  return 0;
}
