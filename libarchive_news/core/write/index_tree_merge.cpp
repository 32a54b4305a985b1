#include "core/write/index_tree_merge.h"

#include <archive_news/error.h>

#include <limits>
#include <utility>

#include "core/write/index_page_builder.h"
#include "core/write/page_tree_builder.h"

namespace archive_news::internal {
namespace {

// The raw size at which an append closes the pages it writes. An append rewrites each page on
// the way to a changed entry whole: with pages of 64 KiB (what a pack writes, for listing speed
// and compression), one corrected article in each of ten leaves wrote some 170 KB, most of it
// pages of unchanged entries and the incompressible digests of inner pages. Smaller pages where
// appends change things make the next change there cheaper; the pages no append touches keep
// their size.
constexpr std::uint64_t kAppendPageTarget = std::uint64_t{8} << 10;

class IndexMerge {
 public:
  IndexMerge(IndexTreeReader& previous, const EntrySource& added, std::uint32_t state,
             ExtentAppender& appender, Compressor& compressor)
      : previous_(previous),
        added_(added),
        state_(state),
        tree_(appender, compressor, kAppendPageTarget, kAppendPageTarget) {
    advance();
  }

  PageTreeRef run() {
    walk(previous_.root(), std::nullopt);
    return tree_.finish();
  }

 private:
  void advance() { hasNext_ = added_(next_); }

  // Whether a new entry is still to come before `upper` (none: the end of the ids).
  bool addedBefore(const std::optional<std::string>& upper) const {
    return hasNext_ && (!upper || idLess(next_.id, *upper));
  }

  // The subtree of `at`, whose ids are below `upper`: shared whole when no new entry falls in
  // it (the root excepted: it is always written anew, so that it ends the data region).
  void walk(const IndexTreeReader::PageAt& at, const std::optional<std::string>& upper) {
    if (at.firstId && !addedBefore(upper)) {
      tree_.addPage(at.level, PageChild<std::string>{*at.firstId, at.ref, at.count});
      return;
    }
    if (at.level == 0) {
      mergeLeaf(previous_.leaf(at), upper);
      return;
    }
    const IndexInnerPage page = previous_.inner(at);
    for (std::size_t i = 0; i < page.children.size(); ++i) {
      const bool last = i + 1 == page.children.size();
      walk(previous_.child(at, page, i), last ? upper : page.children[i + 1].firstKey);
    }
  }

  // The leaf's entries with the new entries below `upper` merged in. The leftmost leaf also
  // takes the new ids before the tree's first: its range starts with the ids.
  void mergeLeaf(std::vector<IndexEntry> entries, const std::optional<std::string>& upper) {
    std::size_t i = 0;
    while (i < entries.size() || addedBefore(upper)) {
      if (!addedBefore(upper) || (i < entries.size() && idLess(entries[i].id, next_.id))) {
        tree_.add(entries[i++]);
        continue;
      }
      const bool replaces = i < entries.size() && entries[i].id == next_.id;
      if (replaces && entries[i].version == std::numeric_limits<std::uint32_t>::max()) {
        throw Error(ErrorCode::kLimitExceeded, next_.id, std::nullopt,
                    "the article has 2^32 - 1 versions already; the index counts no more");
      }
      next_.version = replaces ? entries[i].version + 1 : 1;
      next_.state = state_;
      tree_.add(next_);
      if (replaces) ++i;
      advance();
    }
  }

  IndexTreeReader& previous_;
  const EntrySource& added_;
  std::uint32_t state_;
  PageTreeBuilder<IndexLeafBuilder, IndexInnerBuilder> tree_;
  IndexEntry next_;
  bool hasNext_ = false;
};

}  // namespace

PageTreeRef mergeIndex(IndexTreeReader& previous, const EntrySource& added, std::uint32_t state,
                       ExtentAppender& appender, Compressor& compressor) {
  return IndexMerge(previous, added, state, appender, compressor).run();
}

}  // namespace archive_news::internal
