#include "core/read/index_tree_reader.h"

#include <archive_news/error.h>

#include <algorithm>

#include "core/read/page_fetch.h"

namespace archive_news::internal {
namespace {

const std::string kWhat = "index page";

}  // namespace

IndexTreeReader::IndexTreeReader(const ExtentReader& extents, const PageTreeRef& tree,
                                 const ReaderOptions& options)
    : extents_(extents), tree_(tree), options_(options) {
  checkTreeDepth(extents, tree, "index");
}

IndexTreeReader::Expected IndexTreeReader::rootExpected() const {
  return {tree_.root, tree_.depth - 1u, std::nullopt, tree_.count};
}

IndexTreeReader::Expected IndexTreeReader::childExpected(const Expected& parent,
                                                         const IndexInnerPage& page,
                                                         std::size_t i) const {
  const PageChild<std::string>& child = page.children[i];
  return {child.ref, parent.level - 1, child.firstKey, child.count};
}

void IndexTreeReader::mismatch(const Expected& expected, const std::string& why) const {
  throw Error(ErrorCode::kCorruption, extents_.name(), expected.ref.offset, kWhat + ": " + why);
}

std::vector<IndexEntry> IndexTreeReader::leaf(const Expected& expected) {
  const bool root = !expected.firstId;
  const std::vector<std::uint8_t> raw =
      fetchPage(extents_, decompressor_, expected.ref, root, kWhat);
  std::vector<IndexEntry> entries =
      decodeIndexLeafPage(raw, PagePlace{extents_.name(), expected.ref.offset}, options_);
  if (entries.size() != expected.count) {
    mismatch(expected, "leaf of " + std::to_string(entries.size()) + " entries; expected " +
                           std::to_string(expected.count) +
                           (root ? " (the tree's count)" : " (its parent's count)"));
  }
  if (expected.firstId && entries.front().id != *expected.firstId) {
    mismatch(expected, "first id differs from the one its parent lists");
  }
  return entries;
}

IndexInnerPage IndexTreeReader::inner(const Expected& expected) {
  const bool root = !expected.firstId;
  const std::vector<std::uint8_t> raw =
      fetchPage(extents_, decompressor_, expected.ref, root, kWhat);
  IndexInnerPage page =
      decodeIndexInnerPage(raw, PagePlace{extents_.name(), expected.ref.offset}, options_);
  if (page.level != expected.level) {
    mismatch(expected, "inner page of level " + std::to_string(page.level) + "; expected " +
                           std::to_string(expected.level) + " (the tree's depth and its place)");
  }
  std::uint64_t total = 0;
  for (const auto& child : page.children) total += child.count;  // below 2^63: decode checked
  if (total != expected.count) {
    mismatch(expected, "inner page of " + std::to_string(total) + " articles; expected " +
                           std::to_string(expected.count) +
                           (root ? " (the tree's count)" : " (its parent's count)"));
  }
  if (expected.firstId && page.children.front().firstKey != *expected.firstId) {
    mismatch(expected, "first id differs from the one its parent lists");
  }
  return page;
}

std::optional<IndexEntry> IndexTreeReader::find(std::string_view id) {
  Expected expected = rootExpected();
  while (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    // The last child whose first id is not after `id`.
    const auto after = std::upper_bound(page.children.begin(), page.children.end(), id,
                                        [](std::string_view key, const PageChild<std::string>& c) {
                                          return idLess(key, c.firstKey);
                                        });
    if (after == page.children.begin()) return std::nullopt;
    expected =
        childExpected(expected, page, static_cast<std::size_t>(after - page.children.begin() - 1));
  }
  std::vector<IndexEntry> entries = leaf(expected);
  const auto at =
      std::lower_bound(entries.begin(), entries.end(), id,
                       [](const IndexEntry& e, std::string_view key) { return idLess(e.id, key); });
  if (at == entries.end() || at->id != id) return std::nullopt;
  return std::move(*at);
}

IndexEntry IndexTreeReader::at(std::uint64_t i) {
  if (i >= tree_.count) {
    throw Error(ErrorCode::kInvalidArgument,
                "article " + std::to_string(i) + " of an index of " + std::to_string(tree_.count));
  }
  Expected expected = rootExpected();
  while (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    std::size_t child = 0;
    // The counts sum to expected.count > i (inner() checked), so a child holds i.
    while (i >= page.children[child].count) i -= page.children[child++].count;
    expected = childExpected(expected, page, child);
  }
  return std::move(leaf(expected)[i]);
}

void IndexTreeReader::forEach(const std::function<void(const IndexEntry&)>& visitor) {
  std::optional<std::string> last;
  visit(rootExpected(), last, visitor);
}

void IndexTreeReader::visit(const Expected& expected, std::optional<std::string>& last,
                            const std::function<void(const IndexEntry&)>& visitor) {
  if (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    for (std::size_t i = 0; i < page.children.size(); ++i) {
      visit(childExpected(expected, page, i), last, visitor);
    }
    return;
  }
  const std::vector<IndexEntry> entries = leaf(expected);
  if (!entries.empty() && last && !idLess(*last, entries.front().id)) {
    mismatch(expected,
             "first id is not after the previous leaf's last; expected ids strictly "
             "increasing across pages");
  }
  for (const IndexEntry& entry : entries) visitor(entry);
  if (!entries.empty()) last = entries.back().id;
}

}  // namespace archive_news::internal
