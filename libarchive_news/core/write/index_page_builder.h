// The pages of the article index as the writer fills them (format/newsarc.capnp
// IndexLeafPage, IndexInnerPage): entries kept as the page's columns, the size of the page's
// canonical message known before an entry is added, so PageTreeBuilder closes a page before it
// would pass 64 KiB raw.
//
// Size: every pointer of the page is set, so the canonical message is exactly the segment
// table, the root pointer, the struct and each column padded to a word, which the builders add
// up as they go. The one approximation is the clusters table (a list of ExtentRef): counted at
// 4 data words an element, where capnp may truncate to 3 when no cluster is compressed, so the
// size is a tight upper bound (over by at most 8 bytes a cluster). Runs count exactly: an entry
// adds a run where RecordRuns::startsRun says so.
#ifndef ARCHIVE_NEWS_CORE_WRITE_INDEX_PAGE_BUILDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_INDEX_PAGE_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/index_entry.h"
#include "core/write/page_tree_builder.h"

namespace archive_news::internal {

// Values one after the other and their lengths: a text column of the schema. Throws
// std::logic_error for a value over 65535 bytes (the index's limits keep values under 1 KiB).
struct TextColumn {
  std::string data;
  std::vector<std::uint16_t> lengths;

  void add(std::string_view value);
};

// Where a leaf's records are, as the schema's runs: consecutive entries whose records are
// consecutive in one cluster share a run.
struct RecordRuns {
  std::vector<std::uint16_t> clusters;  // indexes in the builder's cluster table
  std::vector<std::uint32_t> lengths;
  std::vector<std::uint32_t> firstRecords;

  // Whether an entry at (cluster, record) cannot extend the last run.
  bool startsRun(std::uint16_t cluster, std::uint32_t record) const;
  void add(std::uint16_t cluster, std::uint32_t record);
};

class IndexLeafBuilder {
 public:
  using Item = IndexEntry;

  bool empty() const { return ids_.lengths.empty(); }
  std::uint64_t count() const { return ids_.lengths.size(); }
  const std::string& firstKey() const { return firstId_; }
  std::uint64_t size() const;
  std::uint64_t sizeWith(const IndexEntry& entry) const;
  void add(const IndexEntry& entry);
  // The canonical message of the page: cluster table in file order.
  std::vector<std::uint8_t> encode() const;
  void clear() { *this = IndexLeafBuilder(); }

 private:
  struct Totals {
    std::uint64_t entries = 0, ids = 0, headlines = 0, firstcreated = 0, versioncreated = 0,
                  names = 0, nameBytes = 0, clusters = 0, runs = 0;
  };
  static std::uint64_t sizeOf(const Totals& totals);
  Totals totalsWith(const IndexEntry& entry) const;
  // The index in clusters_ an entry's cluster has or would have.
  std::uint16_t slotOf(const ExtentRef& cluster) const;

  std::string firstId_;
  Totals totals_;
  TextColumn ids_, headlines_, firstcreated_, versioncreated_, bylineNames_;
  std::vector<bool> headlineCut_, firstcreatedPresent_, versioncreatedPresent_;
  std::vector<std::uint8_t> bylineCounts_, pubstatus_;
  std::vector<std::uint32_t> versions_, states_;
  std::vector<std::uint32_t> imageCounts_, attachmentCounts_;
  std::vector<std::uint64_t> contentSizes_;
  std::vector<ExtentRef> clusters_;              // in the order first used
  std::map<std::uint64_t, std::uint16_t> slot_;  // cluster offset -> index in clusters_
  RecordRuns runs_;
};

class IndexInnerBuilder {
 public:
  using Key = std::string;
  using Item = PageChild<std::string>;

  explicit IndexInnerBuilder(std::uint8_t level) : level_(level) {}

  bool empty() const { return children_.empty(); }
  std::uint64_t count() const { return count_; }
  const std::string& firstKey() const { return firstId_; }
  std::uint64_t size() const { return sizeOf(children_.size(), firstIds_.data.size()); }
  std::uint64_t sizeWith(const Item& child) const {
    return sizeOf(children_.size() + 1, firstIds_.data.size() + child.firstKey.size());
  }
  void add(const Item& child);
  std::vector<std::uint8_t> encode() const;
  void clear() { *this = IndexInnerBuilder(level_); }

 private:
  static std::uint64_t sizeOf(std::uint64_t children, std::uint64_t idBytes);

  std::uint8_t level_;
  std::string firstId_;
  std::uint64_t count_ = 0;
  TextColumn firstIds_;
  std::vector<ExtentRef> children_;
  std::vector<std::uint64_t> counts_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_INDEX_PAGE_BUILDER_H_
