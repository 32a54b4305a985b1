// The pages of the extent table as the writer fills them (format/newsarc.capnp
// ExtentPage): a leaf lists extents as columns, an inner page its children. Sizes as in
// index_page_builder.h: a leaf's canonical message is known exactly (its last two pointers, for
// inner pages only, stay null and are truncated); an inner page's is a tight upper bound through
// its children's references.
#ifndef ARCHIVE_NEWS_CORE_WRITE_EXTENT_PAGE_BUILDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_EXTENT_PAGE_BUILDER_H_

#include <cstdint>
#include <vector>

#include "core/common/table_extent.h"
#include "core/write/page_tree_builder.h"

namespace archive_news::internal {

class ExtentLeafBuilder {
 public:
  using Item = TableExtent;

  bool empty() const { return extents_.empty(); }
  std::uint64_t count() const { return extents_.size(); }
  std::uint64_t firstKey() const { return extents_.front().offset; }
  std::uint64_t size() const { return sizeOf(extents_.size()); }
  std::uint64_t sizeWith(const TableExtent&) const { return sizeOf(extents_.size() + 1); }
  void add(const TableExtent& extent) { extents_.push_back(extent); }
  std::vector<std::uint8_t> encode() const;
  void clear() { extents_.clear(); }

 private:
  static std::uint64_t sizeOf(std::uint64_t extents);

  std::vector<TableExtent> extents_;
};

class ExtentInnerBuilder {
 public:
  using Key = std::uint64_t;
  using Item = PageChild<std::uint64_t>;

  explicit ExtentInnerBuilder(std::uint8_t level) : level_(level) {}

  bool empty() const { return children_.empty(); }
  std::uint64_t count() const { return count_; }
  std::uint64_t firstKey() const { return children_.front().firstKey; }
  std::uint64_t size() const { return sizeOf(children_.size()); }
  std::uint64_t sizeWith(const Item&) const { return sizeOf(children_.size() + 1); }
  void add(const Item& child) {
    children_.push_back(child);
    count_ += child.count;
  }
  std::vector<std::uint8_t> encode() const;
  void clear() {
    children_.clear();
    count_ = 0;
  }

 private:
  static std::uint64_t sizeOf(std::uint64_t children);

  std::uint8_t level_;
  std::uint64_t count_ = 0;
  std::vector<Item> children_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_EXTENT_PAGE_BUILDER_H_
