// The history check ("history", spec/FORMAT.md 11.2): an appended state's index is the state
// before it but for new versions and new ids. State k's tree is walked in id order by its caller,
// descending only into its new pages; each page it shares with state k-1 and each entry of a new
// leaf is handed here, and a cursor over state k-1's tree, descended lazily, must meet them in
// the same order. The work is proportional to the pages that changed, not to the articles.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_HISTORY_H_
#define ARCHIVE_NEWS_CORE_VERIFY_HISTORY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/index_entry.h"
#include "core/read/index_tree_reader.h"

namespace archive_news::internal {

// What the history check found wrong: the first fault ends the check of that state.
struct HistoryFault {
  std::string item;
  std::optional<std::uint64_t> offset;
  std::string detail;
};

class HistoryCheck {
 public:
  // `previous`: state k-1's index; `state`: k; `newFrom`: S(k-1), below which every page and
  // cluster is state k-1's.
  HistoryCheck(IndexTreeReader& previous, std::uint32_t state, std::uint64_t newFrom);

  // A child of a new page of state k whose offset is below newFrom: a page of state k-1's tree,
  // shared whole, which must be the next page of state k-1's tree in id order. Throws
  // HistoryFault, or Error for a page of state k-1 that does not read.
  void shared(const IndexTreeReader::PageAt& page);
  // The next entry of a new leaf of state k, in id order: state k-1's entry of the same id
  // unchanged, or a new version of it, or a new id. Throws HistoryFault or Error.
  void entry(const IndexEntry& entry);
  // The end of state k's tree: state k-1's must be exhausted too (nothing removed).
  void finish();

  std::uint64_t newIds() const { return newIds_; }
  std::uint64_t newVersions() const { return newVersions_; }

 private:
  struct Frame {
    IndexTreeReader::PageAt at;
    std::optional<std::string> upper;  // every id of the page is below this one
    IndexInnerPage inner;              // when at.level > 0
    std::vector<IndexEntry> entries;   // when a leaf
    std::size_t next = 0;
    std::size_t size() const { return at.level == 0 ? entries.size() : inner.children.size(); }
  };
  // A shared page just matched, until the next entry is held to come after its ids.
  struct Shared {
    IndexTreeReader::PageAt at;
    std::optional<std::string> upper;
  };

  // State k-1's root is read when first needed, unless state k shares it whole.
  void startAtRoot();
  bool sharedRoot(const IndexTreeReader::PageAt& page);
  void push(const IndexTreeReader::PageAt& at, std::optional<std::string> upper);
  // Drops the exhausted frames; false when the whole tree of state k-1 has been passed.
  bool popExhausted();
  // The child `next` of the top (inner) frame, and the upper bound of its ids.
  IndexTreeReader::PageAt nextChild(std::optional<std::string>& upper);
  // State k-1's entry with this id, consumed; std::nullopt when it has none. Throws for an
  // entry of state k-1 with a smaller id not consumed yet (an id removed).
  std::optional<IndexEntry> take(const std::string& id);
  // After a shared page, the next id must come after all of that page's ids.
  void afterShared(const std::string& id);
  std::string lastIdOf(IndexTreeReader::PageAt at);
  [[noreturn]] void fault(std::string item, std::optional<std::uint64_t> offset,
                          std::string detail) const;

  IndexTreeReader& previous_;
  std::uint32_t state_;
  std::uint64_t newFrom_;
  bool rootPending_ = true;
  std::vector<Frame> stack_;
  std::optional<Shared> shared_;
  std::uint64_t newIds_ = 0;
  std::uint64_t newVersions_ = 0;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_HISTORY_H_
