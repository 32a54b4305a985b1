// Reads the extent table (docs/design/format-2.md, section 7) through an ExtentReader:
// every extent in file order, depth first, one decoded page a level. Each page is checked alone
// (extent_page_reader.h) and against its parent: its level one less, its first offset the one
// the parent lists, its count of extents the parent's; across pages, each extent starts at or
// after the previous one's end. The depth is bounded (kMaxTreeDepth), so a page listed twice or
// a cycle cannot make a read loop.
#ifndef ARCHIVE_NEWS_CORE_READ_EXTENT_TABLE_READER_H_
#define ARCHIVE_NEWS_CORE_READ_EXTENT_TABLE_READER_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <functional>
#include <optional>

#include "core/common/page_tree.h"
#include "core/common/table_extent.h"
#include "core/read/extent_page_reader.h"
#include "core/read/extent_reader.h"

namespace archive_news::internal {

class ExtentTableReader {
 public:
  // `tree`: the table's root, depth and extent count. Throws Error(kCorruption) for a depth of 0
  // or over kMaxTreeDepth. `extents` must outlive this.
  ExtentTableReader(const ExtentReader& extents, const PageTreeRef& tree,
                    const ReaderOptions& options);

  std::uint64_t size() const { return tree_.count; }

  // Called by the walks (forEach) with each page's reference once the page and every page below
  // it have been visited: post-order, the order the writer writes pages, so that the verifier
  // checks that pages tile the end of the data region without keeping them.
  void onPage(std::function<void(const ExtentRef&)> visit) { onPage_ = std::move(visit); }

  // Every extent in file order, their number equal to size(); Error(kCorruption) once a fault is
  // reached (extents before it have been visited).
  void forEach(const std::function<void(const TableExtent&)>& visit);

 private:
  struct Expected {
    ExtentRef ref;
    unsigned level;
    std::optional<std::uint64_t> firstOffset;  // unknown for the root
    std::uint64_t count;
  };

  ExtentPageContent page(const Expected& expected);
  void visit(const Expected& expected, std::uint64_t& end,
             const std::function<void(const TableExtent&)>& visitor);
  [[noreturn]] void mismatch(const Expected& expected, const std::string& why) const;

  const ExtentReader& extents_;
  PageTreeRef tree_;
  ReaderOptions options_;
  std::function<void(const ExtentRef&)> onPage_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_EXTENT_TABLE_READER_H_
