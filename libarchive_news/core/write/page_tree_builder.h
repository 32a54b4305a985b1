// The one builder of the trees of pages (docs/design/format-2.md, sections 4 and 6), for the
// article index and the extent table alike: items arrive in key order, fill the open leaf, and
// each page that would grow past its target (64 KiB raw at most) is written and its reference
// pushed into the open page of the level above, which closes the same way. Memory: one open page
// a level. The root is written last, and is at most 48 KiB: when the top level's single page is
// larger, or a level has more than one page, a level is added.
//
// Leaf and Inner are page builders with: Item, Key (Inner), empty(), count() (items below the
// page), firstKey(), size() (the exact or a tight upper bound of the page's canonical message, in
// bytes), sizeWith(item) (the same once `item` is added), add(item), encode() and clear(); Inner
// is made from its level (1 for the parents of leaves) and takes PageChild<Key> items.
#ifndef ARCHIVE_NEWS_CORE_WRITE_PAGE_TREE_BUILDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_PAGE_TREE_BUILDER_H_

#include <archive_news/error.h>

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "core/common/page_tree.h"
#include "core/write/extent_appender.h"

namespace archive_news::internal {

class Compressor;

// Bytes of a column in a canonical message: padded to a whole word.
constexpr std::uint64_t wordPadded(std::uint64_t bytes) { return (bytes + 7) & ~std::uint64_t{7}; }
// Bytes of a list of n ExtentRef in a canonical message, at most: the tag word, each element's
// 4 data words and 1 pointer, and its 32-byte digest.
constexpr std::uint64_t extentRefListSize(std::uint64_t n) { return 8 + n * (5 * 8 + 32); }
// Bytes of a message's segment table and root pointer.
inline constexpr std::uint64_t kMessageOverhead = 16;

// Compresses one page (no dictionary) and appends it, raw when the frame is not smaller.
ExtentRef appendPage(ExtentAppender& appender, Compressor& compressor,
                     const std::vector<std::uint8_t>& raw, std::uint64_t sizeBound);

template <typename Leaf, typename Inner>
class PageTreeBuilder {
 public:
  using Item = typename Leaf::Item;
  using Key = typename Inner::Key;

  // `leafTarget`, `innerTarget`: the raw sizes at which a leaf and an inner page are closed, each
  // at most kMaxPageSize.
  PageTreeBuilder(ExtentAppender& appender, Compressor& compressor,
                  std::uint64_t leafTarget = kMaxPageSize, std::uint64_t innerTarget = kMaxPageSize)
      : appender_(appender),
        compressor_(compressor),
        leafTarget_(leafTarget),
        innerTarget_(innerTarget) {
    inner_.reserve(kMaxTreeDepth);  // close() indexes it while a level above is being added
  }

  // Every page holds at least one item: a single item always fits an empty page, which the
  // item's own limits guarantee.
  void add(const Item& item) {
    if (!leaf_.empty() && leaf_.sizeWith(item) > leafTarget_) close(leaf_, 0);
    const bool opened = leaf_.empty();
    leaf_.add(item);
    if (opened) reserve(0, leaf_.firstKey());
  }

  // A page written before, of this level (0: a leaf), with its subtree: an unchanged part of an
  // earlier state's tree, which an append's tree shares (spec/FORMAT.md section 15). The open
  // pages below its level are closed first, so that it follows them in its parent and the pages
  // stay in post-order.
  void addPage(std::size_t level, PageChild<Key> page) {
    if (!leaf_.empty()) close(leaf_, 0);
    for (std::size_t below = 0; below < level && below < inner_.size(); ++below) {
      if (!inner_[below].empty()) close(inner_[below], below + 1);
    }
    if (level < inner_.size() && !inner_[level].empty() &&
        inner_[level].sizeWith(page) > innerTarget_) {
      close(inner_[level], level + 1);
    }
    push(std::move(page), level);
  }

  // Writes the open pages, bottom up, the root last. With no item at all the root is one empty
  // leaf (depth 1, count 0): the only page that may be empty.
  PageTreeRef finish() {
    if (inner_.empty() && leaf_.size() <= kMaxRootPageSize) return root(leaf_, 1);
    if (!leaf_.empty()) close(leaf_, 0);
    for (std::size_t level = 0;; ++level) {
      const bool top = level + 1 == inner_.size();
      if (top && inner_[level].size() <= kMaxRootPageSize) {
        return root(inner_[level], static_cast<std::uint8_t>(level + 2));
      }
      // Empty below the top after addPage() closed it; the top holds at least the last page.
      if (!inner_[level].empty()) close(inner_[level], level + 1);
    }
  }

 private:
  template <typename Page>
  PageTreeRef root(const Page& page, std::uint8_t depth) {
    return {appendPage(appender_, compressor_, page.encode(), page.size()), depth, page.count()};
  }

  // Writes `page`, clears it and lists it in the open page at inner_[parent], which has room for
  // it: reserved when `page` was opened.
  template <typename Page>
  void close(Page& page, std::size_t parent) {
    PageChild<Key> child{page.firstKey(),
                         appendPage(appender_, compressor_, page.encode(), page.size()),
                         page.count()};
    page.clear();
    push(std::move(child), parent);
  }

  // Lists a written page in the open page at inner_[parent], which has room for it: reserved
  // when the page was opened, or made here for a page added whole.
  void push(PageChild<Key> child, std::size_t parent) {
    // A page added whole may come before any page below its level was opened.
    while (parent >= inner_.size()) {
      // Unreachable with the format's limits (a level holds at least 9 children).
      if (inner_.size() + 2 > kMaxTreeDepth) {
        throw Error(ErrorCode::kInvalidArgument, "tree too deep");
      }
      inner_.emplace_back(static_cast<std::uint8_t>(inner_.size() + 1));
    }
    const bool opened = inner_[parent].empty();
    inner_[parent].add(std::move(child));
    if (opened) reserve(parent + 1, inner_[parent].firstKey());
  }

  // A page was just opened below inner_[index] with this first key: if the open page there
  // could not list it, that page is closed now, before anything of the new page is written.
  // So every page is written after its children and before any page of its next sibling:
  // post-order, which lets a verifier check the pages' coverage in one pass
  // (docs/design/format-2.md, section 1). An entry's size depends on its key alone.
  // An empty level on the way up will open a page with this same first key, which needs room in
  // the level above it, reserved now too: found late, that page's parent would be closed after
  // pages of the new subtree were written (an append's small pages and the empty levels addPage()
  // leaves reached it at 190 appends; a pack's 64 KiB pages need some 400,000 leaves).
  void reserve(std::size_t index, const Key& firstKey) {
    for (; index < inner_.size(); ++index) {
      if (inner_[index].empty()) continue;
      if (inner_[index].sizeWith(PageChild<Key>{firstKey, ExtentRef{}, 0}) <= innerTarget_) return;
      close(inner_[index], index + 1);
    }
  }

  ExtentAppender& appender_;
  Compressor& compressor_;
  std::uint64_t leafTarget_;
  std::uint64_t innerTarget_;
  Leaf leaf_;
  std::vector<Inner> inner_;  // inner_[i]: the open page of level i + 1
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_PAGE_TREE_BUILDER_H_
