#include "core/read/index_tree_reader.h"

#include <archive_news/error.h>

#include <algorithm>
#include <array>
#include <memory>

#include "core/read/page_fetch.h"

namespace archive_news::internal {
namespace {

const std::string kWhat = "index page";

// The pages a thread decoded last for the readers that give a cache owner, newest first. Small
// and bounded: a page is at most kMaxPageSize raw bytes. A page is known by its owner and its
// whole reference (offset, sizes, digest), so that no other reference can find it.
struct CachedPage {
  std::uint64_t owner = 0;
  ExtentRef ref;
  std::shared_ptr<const std::vector<IndexEntry>> leaf;
  std::shared_ptr<const IndexInnerPage> inner;
};
// Inner pages have slots of their own: every lookup passes through one a level, and in one pool
// with the leaves the random lookups of a search pushed them out. At 1,000,000 articles (17
// inner pages of 64 KiB below the root, 16 KiB leaves) a random lookup took 181 us with one pool
// of 8 pages and 110 us with these. A decoded inner page of 64 KiB takes some 100 KB of memory.
constexpr std::size_t kCachedLeaves = 8;
constexpr std::size_t kCachedInnerPages = 16;
template <std::size_t N>
using PageCache = std::array<CachedPage, N>;

PageCache<kCachedLeaves>& leafCache() {
  thread_local PageCache<kCachedLeaves> cache;
  return cache;
}

PageCache<kCachedInnerPages>& innerCache() {
  thread_local PageCache<kCachedInnerPages> cache;
  return cache;
}

// The page of `owner` at `ref`, moved to the front; nullptr when the thread has none.
template <std::size_t N>
CachedPage* findCached(PageCache<N>& cache, std::uint64_t owner, const ExtentRef& ref) {
  for (auto at = cache.begin(); at != cache.end(); ++at) {
    if (at->owner == owner && at->ref == ref) {
      std::rotate(cache.begin(), at, at + 1);
      return &cache.front();
    }
  }
  return nullptr;
}

// A new front slot for the page of `owner` at `ref`, in place of the oldest.
template <std::size_t N>
CachedPage& insertCached(PageCache<N>& cache, std::uint64_t owner, const ExtentRef& ref) {
  std::rotate(cache.begin(), cache.end() - 1, cache.end());
  cache.front() = CachedPage{owner, ref, nullptr, nullptr};
  return cache.front();
}

}  // namespace

IndexTreeReader::IndexTreeReader(const ExtentReader& extents, const PageTreeRef& tree,
                                 const ReaderOptions& options, std::uint64_t cacheOwner)
    : extents_(extents), tree_(tree), options_(options), cacheOwner_(cacheOwner) {
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
  const std::vector<std::uint8_t> raw = fetchPage(extents_, expected.ref, !expected.firstId, kWhat);
  std::vector<IndexEntry> entries =
      decodeIndexLeafPage(raw, PagePlace{extents_.name(), expected.ref.offset}, options_);
  checkLeaf(expected, entries);
  return entries;
}

void IndexTreeReader::checkLeaf(const Expected& expected,
                                const std::vector<IndexEntry>& entries) const {
  if (entries.size() != expected.count) {
    mismatch(expected, "leaf of " + std::to_string(entries.size()) + " entries; expected " +
                           std::to_string(expected.count) +
                           (expected.firstId ? " (its parent's count)" : " (the tree's count)"));
  }
  if (expected.firstId && entries.front().id != *expected.firstId) {
    mismatch(expected, "first id differs from the one its parent lists");
  }
}

IndexInnerPage IndexTreeReader::inner(const Expected& expected) {
  const std::vector<std::uint8_t> raw = fetchPage(extents_, expected.ref, !expected.firstId, kWhat);
  IndexInnerPage page =
      decodeIndexInnerPage(raw, PagePlace{extents_.name(), expected.ref.offset}, options_);
  checkInner(expected, page);
  return page;
}

void IndexTreeReader::checkInner(const Expected& expected, const IndexInnerPage& page) const {
  const bool root = !expected.firstId;
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
}

std::shared_ptr<const std::vector<IndexEntry>> IndexTreeReader::cachedLeaf(
    const Expected& expected) {
  if (cacheOwner_ == 0) return std::make_shared<const std::vector<IndexEntry>>(leaf(expected));
  if (const CachedPage* page = findCached(leafCache(), cacheOwner_, expected.ref);
      page && page->leaf) {
    checkLeaf(expected, *page->leaf);
    return page->leaf;
  }
  auto entries = std::make_shared<const std::vector<IndexEntry>>(leaf(expected));
  insertCached(leafCache(), cacheOwner_, expected.ref).leaf = entries;
  return entries;
}

std::shared_ptr<const IndexInnerPage> IndexTreeReader::cachedInner(const Expected& expected) {
  if (cacheOwner_ == 0) return std::make_shared<const IndexInnerPage>(inner(expected));
  if (const CachedPage* page = findCached(innerCache(), cacheOwner_, expected.ref);
      page && page->inner) {
    checkInner(expected, *page->inner);
    return page->inner;
  }
  auto decoded = std::make_shared<const IndexInnerPage>(inner(expected));
  insertCached(innerCache(), cacheOwner_, expected.ref).inner = decoded;
  return decoded;
}

std::optional<IndexTreeReader::Located> IndexTreeReader::locate(std::string_view id) {
  Expected expected = root();
  std::uint64_t before = 0;  // entries in the children left of the path
  while (expected.level > 0) {
    const std::shared_ptr<const IndexInnerPage> page = cachedInner(expected);
    // The last child whose first id is not after `id`.
    const auto after = std::upper_bound(page->children.begin(), page->children.end(), id,
                                        [](std::string_view key, const PageChild<std::string>& c) {
                                          return idLess(key, c.firstKey);
                                        });
    if (after == page->children.begin()) return std::nullopt;
    const auto index = static_cast<std::size_t>(after - page->children.begin() - 1);
    for (std::size_t k = 0; k < index; ++k) before += page->children[k].count;
    expected = child(expected, *page, index);
  }
  const std::shared_ptr<const std::vector<IndexEntry>> entries = cachedLeaf(expected);
  const auto at =
      std::lower_bound(entries->begin(), entries->end(), id,
                       [](const IndexEntry& e, std::string_view key) { return idLess(e.id, key); });
  if (at == entries->end() || at->id != id) return std::nullopt;
  return Located{before + static_cast<std::uint64_t>(at - entries->begin()), *at};
}

IndexEntry IndexTreeReader::at(std::uint64_t i) {
  if (i >= tree_.count) {
    throw Error(ErrorCode::kInvalidArgument,
                "article " + std::to_string(i) + " of an index of " + std::to_string(tree_.count));
  }
  Expected expected = root();
  while (expected.level > 0) {
    const std::shared_ptr<const IndexInnerPage> page = cachedInner(expected);
    std::size_t index = 0;
    // The counts sum to expected.count > i (checkInner), so a child holds i.
    while (i >= page->children[index].count) i -= page->children[index++].count;
    expected = child(expected, *page, index);
  }
  return (*cachedLeaf(expected))[i];
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
