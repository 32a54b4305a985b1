// Reads the article index (docs/design/format-2.md, section 4.2) through an ExtentReader:
// find by id, article i by position, and every entry in order. Each page is decoded when reached
// (index_page_reader.h) and checked against its parent: its level one less, its first id the one
// the parent lists, its count of articles the parent's. The depth is bounded (kMaxTreeDepth) and
// falls by one a level, so a page listed twice or a cycle of pages cannot make a read loop.
//
// Memory: one decoded page a level.
#ifndef ARCHIVE_NEWS_CORE_READ_INDEX_TREE_READER_H_
#define ARCHIVE_NEWS_CORE_READ_INDEX_TREE_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/index_entry.h"
#include "core/common/page_tree.h"
#include "core/read/extent_reader.h"
#include "core/read/index_page_reader.h"

namespace archive_news::internal {

class IndexTreeReader {
 public:
  // `tree`: the index's root, depth and article count, as the seal gives them. Throws
  // Error(kCorruption) for a depth of 0 or over kMaxTreeDepth. `extents` must outlive this.
  // `cacheOwner`, when not 0, lets locate() and at() keep the pages they decode in a small
  // cache of the thread's, for the next reader with the same owner (a BundleReader passes its
  // generation): reading one article looks its id up more than once (find, its summary, its
  // record), and the pages near the root are on every path. Each page is still checked against
  // what its parent says of it, cached or not.
  IndexTreeReader(const ExtentReader& extents, const PageTreeRef& tree,
                  const ReaderOptions& options, std::uint64_t cacheOwner = 0);

  std::uint64_t size() const { return tree_.count; }

  // Called by the walks (forEach) with each page's reference once the page and every page below
  // it have been visited: post-order, the order the writer writes pages, so that the verifier
  // checks that pages tile the end of the data region without keeping them.
  void onPage(std::function<void(const ExtentRef&)> visit) { onPage_ = std::move(visit); }

  // The entry with this id and its position in id order; std::nullopt when there is none.
  // Reads one page a level.
  struct Located {
    std::uint64_t position = 0;
    IndexEntry entry;
  };
  std::optional<Located> locate(std::string_view id);
  std::optional<IndexEntry> find(std::string_view id) {
    std::optional<Located> found = locate(id);
    if (!found) return std::nullopt;
    return std::move(found->entry);
  }

  // The entry at position `i` in id order; Error(kInvalidArgument) when i >= size().
  IndexEntry at(std::uint64_t i);

  // Every entry in id order, depth first; the ids strictly increasing across pages and their
  // number equal to size(), else Error(kCorruption) once the fault is reached (entries before it
  // have been visited).
  void forEach(const std::function<void(const IndexEntry&)>& visit);

  // The same from position `first` (`list --offset`), until `visit` returns false: the pages
  // before `first` are skipped by their parents' counts, not read. Nothing is visited when first
  // >= size().
  void forEachFrom(std::uint64_t first, const std::function<bool(const IndexEntry&)>& visit);

  // Page by page, for the walks that keep their own path (the append's merge, the history
  // check): a page as its parent describes it, which the page must match.
  struct PageAt {
    ExtentRef ref;
    unsigned level;                      // 0: a leaf
    std::optional<std::string> firstId;  // unknown for the root
    std::uint64_t count;
  };
  PageAt root() const;
  PageAt child(const PageAt& parent, const IndexInnerPage& page, std::size_t i) const;
  // The page decoded and checked against `at` (Error(kCorruption) naming the page otherwise).
  std::vector<IndexEntry> leaf(const PageAt& at);
  IndexInnerPage inner(const PageAt& at);

 private:
  using Expected = PageAt;
  // Where a walk is: entries still to skip, the last id visited.
  struct Walk {
    std::uint64_t skip = 0;
    std::optional<std::string> last;
  };
  bool visit(const Expected& expected, Walk& walk,
             const std::function<bool(const IndexEntry&)>& visit);
  [[noreturn]] void mismatch(const Expected& expected, const std::string& why) const;
  void checkLeaf(const Expected& expected, const std::vector<IndexEntry>& entries) const;
  void checkInner(const Expected& expected, const IndexInnerPage& page) const;
  std::shared_ptr<const std::vector<IndexEntry>> cachedLeaf(const Expected& expected);
  std::shared_ptr<const IndexInnerPage> cachedInner(const Expected& expected);

  const ExtentReader& extents_;
  PageTreeRef tree_;
  ReaderOptions options_;
  std::uint64_t cacheOwner_;
  std::function<void(const ExtentRef&)> onPage_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_INDEX_TREE_READER_H_
