#include "core/read/page_fetch.h"

#include <archive_news/error.h>

#include "core/read/decompression.h"

namespace archive_news::internal {
namespace {

Decompressor& pageDecompressor() {
  thread_local Decompressor decompressor;
  return decompressor;
}

}  // namespace

void checkTreeDepth(const ExtentReader& extents, const PageTreeRef& tree, const std::string& what) {
  if (tree.depth >= 1 && tree.depth <= kMaxTreeDepth) return;
  throw Error(ErrorCode::kCorruption, extents.name(), tree.root.offset,
              what + ": depth " + std::to_string(tree.depth) + "; expected 1 to " +
                  std::to_string(kMaxTreeDepth));
}

std::vector<std::uint8_t> fetchPage(const ExtentReader& extents, const ExtentRef& page, bool root,
                                    const std::string& what) {
  const std::uint64_t limit = root ? kMaxRootPageSize : kMaxPageSize;
  if (page.rawSize > limit) {
    throw Error(ErrorCode::kCorruption, extents.name(), page.offset,
                what + ": raw size " + std::to_string(page.rawSize) + "; expected at most " +
                    std::to_string(limit) + (root ? " (a root page)" : " (a page)"));
  }
  if (page.withDictionary) {
    throw Error(ErrorCode::kCorruption, extents.name(), page.offset,
                what + ": compressed with the dictionary; expected a page without one");
  }
  return extents.decode(page, limit, nullptr, pageDecompressor(), what);
}

}  // namespace archive_news::internal
