#include "core/read/extent_table_reader.h"

#include <archive_news/error.h>

#include "core/read/page_fetch.h"

namespace archive_news::internal {
namespace {

const std::string kWhat = "extent table page";

}  // namespace

ExtentTableReader::ExtentTableReader(const ExtentReader& extents, const PageTreeRef& tree,
                                     const ReaderOptions& options)
    : extents_(extents), tree_(tree), options_(options) {
  checkTreeDepth(extents, tree, "extent table");
}

void ExtentTableReader::mismatch(const Expected& expected, const std::string& why) const {
  throw Error(ErrorCode::kCorruption, extents_.name(), expected.ref.offset, kWhat + ": " + why);
}

ExtentPageContent ExtentTableReader::page(const Expected& expected) {
  const bool root = !expected.firstOffset;
  const std::vector<std::uint8_t> raw = fetchPage(extents_, expected.ref, root, kWhat);
  ExtentPageContent content =
      decodeExtentPage(raw, PagePlace{extents_.name(), expected.ref.offset}, options_);
  if (content.level != expected.level) {
    mismatch(expected, "level " + std::to_string(content.level) + "; expected " +
                           std::to_string(expected.level) + " (the tree's depth and its place)");
  }
  std::uint64_t count = content.extents.size();
  for (const auto& child : content.children) count += child.count;  // below 2^63: decode checked
  if (count != expected.count) {
    mismatch(expected, "page of " + std::to_string(count) + " extents; expected " +
                           std::to_string(expected.count) +
                           (root ? " (the tree's count)" : " (its parent's count)"));
  }
  if (expected.firstOffset) {
    const std::uint64_t first =
        content.level == 0 ? content.extents.front().offset : content.children.front().firstKey;
    if (first != *expected.firstOffset) {
      mismatch(expected, "first offset " + std::to_string(first) + "; expected " +
                             std::to_string(*expected.firstOffset) + ", the one its parent lists");
    }
  }
  return content;
}

void ExtentTableReader::forEach(const std::function<void(const TableExtent&)>& visitor) {
  std::uint64_t end = 0;
  visit({tree_.root, tree_.depth - 1u, std::nullopt, tree_.count}, end, visitor);
}

void ExtentTableReader::visit(const Expected& expected, std::uint64_t& end,
                              const std::function<void(const TableExtent&)>& visitor) {
  const ExtentPageContent content = page(expected);
  for (const auto& child : content.children) {
    visit({child.ref, expected.level - 1, child.firstKey, child.count}, end, visitor);
  }
  if (!content.extents.empty() && content.extents.front().offset < end) {
    mismatch(expected, "first extent at offset " + std::to_string(content.extents.front().offset) +
                           " starts before the previous page's last extent ends at " +
                           std::to_string(end) + "; expected extents in file order");
  }
  for (const TableExtent& extent : content.extents) visitor(extent);
  if (!content.extents.empty()) end = content.extents.back().end();
  if (onPage_) onPage_(expected.ref);
}

}  // namespace archive_news::internal
