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

IndexTreeReader::PageAt IndexTreeReader::root() const {
  return {tree_.root, tree_.depth - 1u, std::nullopt, tree_.count};
}

IndexTreeReader::PageAt IndexTreeReader::child(const PageAt& parent, const IndexInnerPage& page,
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

std::optional<IndexTreeReader::Located> IndexTreeReader::locate(std::string_view id) {
  Expected expected = root();
  std::uint64_t before = 0;  // entries in the children left of the path
  while (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    // The last child whose first id is not after `id`.
    const auto after = std::upper_bound(page.children.begin(), page.children.end(), id,
                                        [](std::string_view key, const PageChild<std::string>& c) {
                                          return idLess(key, c.firstKey);
                                        });
    if (after == page.children.begin()) return std::nullopt;
    const auto index = static_cast<std::size_t>(after - page.children.begin() - 1);
    for (std::size_t k = 0; k < index; ++k) before += page.children[k].count;
    expected = child(expected, page, index);
  }
  std::vector<IndexEntry> entries = leaf(expected);
  const auto at =
      std::lower_bound(entries.begin(), entries.end(), id,
                       [](const IndexEntry& e, std::string_view key) { return idLess(e.id, key); });
  if (at == entries.end() || at->id != id) return std::nullopt;
  return Located{before + static_cast<std::uint64_t>(at - entries.begin()), std::move(*at)};
}

IndexEntry IndexTreeReader::at(std::uint64_t i) {
  if (i >= tree_.count) {
    throw Error(ErrorCode::kInvalidArgument,
                "article " + std::to_string(i) + " of an index of " + std::to_string(tree_.count));
  }
  Expected expected = root();
  while (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    std::size_t index = 0;
    // The counts sum to expected.count > i (inner() checked), so a child holds i.
    while (i >= page.children[index].count) i -= page.children[index++].count;
    expected = child(expected, page, index);
  }
  return std::move(leaf(expected)[i]);
}

void IndexTreeReader::forEach(const std::function<void(const IndexEntry&)>& visitor) {
  forEachFrom(0, [&](const IndexEntry& entry) {
    visitor(entry);
    return true;
  });
}

void IndexTreeReader::forEachFrom(std::uint64_t first,
                                  const std::function<bool(const IndexEntry&)>& visitor) {
  if (first >= tree_.count && tree_.count > 0) return;
  Walk walk{first, std::nullopt};
  visit(root(), walk, visitor);
}

bool IndexTreeReader::visit(const Expected& expected, Walk& walk,
                            const std::function<bool(const IndexEntry&)>& visitor) {
  if (expected.level > 0) {
    const IndexInnerPage page = inner(expected);
    for (std::size_t i = 0; i < page.children.size(); ++i) {
      if (walk.skip >= page.children[i].count) {
        walk.skip -= page.children[i].count;
        continue;
      }
      if (!visit(child(expected, page, i), walk, visitor)) return false;
    }
    if (onPage_) onPage_(expected.ref);
    return true;
  }
  const std::vector<IndexEntry> entries = leaf(expected);
  if (!entries.empty() && walk.last && !idLess(*walk.last, entries.front().id)) {
    mismatch(expected,
             "first id is not after the previous leaf's last; expected ids strictly "
             "increasing across pages");
  }
  // The leaf holds more than `skip` entries: its parent's count, which the leaf matches, says so.
  for (std::size_t i = walk.skip; i < entries.size(); ++i) {
    if (!visitor(entries[i])) return false;
  }
  walk.skip = 0;
  if (!entries.empty()) walk.last = entries.back().id;
  if (onPage_) onPage_(expected.ref);
  return true;
}

}  // namespace archive_news::internal
