// Fetching one page of a format 2 tree (the article index, the extent table) for its decoder:
// what both tree readers check of a page before its bytes are decoded.
#ifndef ARCHIVE_NEWS_CORE_READ_PAGE_FETCH_H_
#define ARCHIVE_NEWS_CORE_READ_PAGE_FETCH_H_

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/page_tree.h"
#include "core/read/extent_reader.h"

namespace archive_news::internal {

// A tree's depth as the seal gives it: Error(kCorruption) unless 1 to kMaxTreeDepth.
void checkTreeDepth(const ExtentReader& extents, const PageTreeRef& tree, const std::string& what);

// The raw bytes of a page: Error(kCorruption) for a page compressed with a dictionary or larger
// than a page may be (kMaxRootPageSize for the root, else kMaxPageSize), before anything is read;
// then ExtentReader::decode's checks (bounds, stored digest, zstd frame). Pages are decompressed
// with one zstd context a thread, kept for every page: a context of its own per lookup cost more
// than the lookup (its window buffer allocated and faulted in each time). Only pages use it, and
// nothing runs inside a page's decompression, so no caller can find it busy.
std::vector<std::uint8_t> fetchPage(const ExtentReader& extents, const ExtentRef& page, bool root,
                                    const std::string& what);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_PAGE_FETCH_H_
