#include "core/verify/history.h"

#include <utility>

namespace archive_news::internal {
namespace {

std::string pageItem(const IndexTreeReader::PageAt& at) {
  return "index page at " + std::to_string(at.ref.offset);
}

}  // namespace

HistoryCheck::HistoryCheck(IndexTreeReader& previous, std::uint32_t state, std::uint64_t newFrom)
    : previous_(previous), state_(state), newFrom_(newFrom) {}

void HistoryCheck::startAtRoot() {
  if (!rootPending_) return;
  rootPending_ = false;
  push(previous_.root(), std::nullopt);
}

// State k-1's root shared whole as a child of state k's tree (all of state k's new ids before
// its first or after its last): then nothing of state k-1 comes before it or after it.
bool HistoryCheck::sharedRoot(const IndexTreeReader::PageAt& page) {
  const IndexTreeReader::PageAt root = previous_.root();
  // Nothing of state k-1 met yet: its root not read, or read and nothing taken from it.
  const bool untouched =
      rootPending_ || (stack_.size() == 1 && stack_.front().next == 0 && !shared_);
  if (!untouched || page.ref != root.ref) return false;
  rootPending_ = false;
  stack_.clear();
  std::optional<std::string> first;
  if (root.level == 0) {
    const std::vector<IndexEntry> leaf = previous_.leaf(root);
    if (!leaf.empty()) first = leaf.front().id;
  } else {
    first = previous_.inner(root).children.front().firstKey;
  }
  if (root.level != page.level || root.count != page.count || first != page.firstId) {
    fault("shared " + pageItem(page), page.ref.offset,
          "state " + std::to_string(state_ - 1) +
              "'s root described otherwise than it is (level, first id or count)");
  }
  shared_ = Shared{root, std::nullopt};
  return true;
}

void HistoryCheck::fault(std::string item, std::optional<std::uint64_t> offset,
                         std::string detail) const {
  throw HistoryFault{std::move(item), offset, std::move(detail)};
}

void HistoryCheck::push(const IndexTreeReader::PageAt& at, std::optional<std::string> upper) {
  Frame frame{at, std::move(upper), {}, {}, 0};
  if (at.level == 0) {
    frame.entries = previous_.leaf(at);
  } else {
    frame.inner = previous_.inner(at);
  }
  stack_.push_back(std::move(frame));
}

bool HistoryCheck::popExhausted() {
  while (!stack_.empty() && stack_.back().next >= stack_.back().size()) stack_.pop_back();
  return !stack_.empty();
}

IndexTreeReader::PageAt HistoryCheck::nextChild(std::optional<std::string>& upper) {
  Frame& top = stack_.back();
  const std::size_t i = top.next;
  upper = i + 1 < top.inner.children.size() ? std::optional(top.inner.children[i + 1].firstKey)
                                            : top.upper;
  return previous_.child(top.at, top.inner, i);
}

std::string HistoryCheck::lastIdOf(IndexTreeReader::PageAt at) {
  while (at.level > 0) {
    const IndexInnerPage page = previous_.inner(at);
    at = previous_.child(at, page, page.children.size() - 1);
  }
  const std::vector<IndexEntry> leaf = previous_.leaf(at);
  return leaf.empty() ? std::string() : leaf.back().id;  // only the root leaf can be empty
}

void HistoryCheck::afterShared(const std::string& id) {
  if (!shared_) return;
  const Shared shared = std::move(*shared_);
  shared_.reset();
  // Every id of the shared page is below its upper bound in state k-1's tree; without one (the
  // last page of that tree), its last id is read.
  const bool after = shared.upper ? !idLess(id, *shared.upper) : idLess(lastIdOf(shared.at), id);
  if (!after) {
    fault(id, std::nullopt,
          "follows the shared " + pageItem(shared.at) + " of state " + std::to_string(state_ - 1) +
              " but not after its ids; expected the ids of state " + std::to_string(state_) +
              " in increasing order");
  }
}

void HistoryCheck::shared(const IndexTreeReader::PageAt& page) {
  if (shared_) afterShared(*page.firstId);  // firstId: a child's, always known
  if (sharedRoot(page)) return;
  startAtRoot();
  const std::string item = "shared " + pageItem(page);
  for (;;) {
    if (!popExhausted()) {
      fault(item, page.ref.offset,
            "not in state " + std::to_string(state_ - 1) +
                "'s index after the pages before it; expected only pages of that state's tree, "
                "in its order");
    }
    if (stack_.back().at.level == 0) {
      fault(item, page.ref.offset,
            "state " + std::to_string(state_ - 1) + "'s entry " +
                stack_.back().entries[stack_.back().next].id +
                " comes before it and is missing from this state; expected nothing removed");
    }
    std::optional<std::string> upper;
    const IndexTreeReader::PageAt child = nextChild(upper);
    if (child.ref.offset == page.ref.offset) {
      if (child.ref != page.ref || child.level != page.level || child.firstId != page.firstId ||
          child.count != page.count) {
        fault(item, page.ref.offset,
              "described otherwise than in state " + std::to_string(state_ - 1) +
                  "'s index (reference, level, first id or count)");
      }
      ++stack_.back().next;
      shared_ = Shared{page, std::move(upper)};
      return;
    }
    if (child.level <= page.level) {
      fault(item, page.ref.offset,
            "not where state " + std::to_string(state_ - 1) +
                "'s index has it; its page there is at " + std::to_string(child.ref.offset));
    }
    ++stack_.back().next;
    push(child, std::move(upper));
  }
}

std::optional<IndexEntry> HistoryCheck::take(const std::string& id) {
  startAtRoot();
  for (;;) {
    if (!popExhausted()) return std::nullopt;
    Frame& top = stack_.back();
    if (top.at.level > 0) {
      // Descend only where state k-1 has ids up to this one.
      if (idLess(id, top.inner.children[top.next].firstKey)) return std::nullopt;
      std::optional<std::string> upper;
      const IndexTreeReader::PageAt child = nextChild(upper);
      ++top.next;
      push(child, std::move(upper));
      continue;
    }
    const IndexEntry& old = top.entries[top.next];
    if (idLess(old.id, id)) {
      fault(old.id, std::nullopt,
            "in state " + std::to_string(state_ - 1) + "'s index, missing from state " +
                std::to_string(state_) + "'s; expected nothing removed");
    }
    if (old.id != id) return std::nullopt;
    ++top.next;
    return old;
  }
}

void HistoryCheck::entry(const IndexEntry& e) {
  afterShared(e.id);
  const std::string k = std::to_string(state_);
  const std::string previous = std::to_string(state_ - 1);
  const std::optional<IndexEntry> old = take(e.id);
  if (e.state > state_) {
    fault(e.id, std::nullopt,
          "state " + std::to_string(e.state) + "; expected at most this state's " + k);
  }
  if (e.state < state_) {
    if (!old) {
      fault(e.id, std::nullopt,
            "not in state " + previous + "'s index, yet of state " + std::to_string(e.state) +
                "; expected a new id of state " + k);
    }
    if (e != *old) {
      fault(e.id, std::nullopt,
            "differs from state " + previous +
                "'s entry of this id; expected it unchanged (its "
                "record is of state " +
                std::to_string(e.state) + ") or a new version of state " + k);
    }
    return;
  }
  // A record of this state: its cluster is one of this state's.
  if (e.cluster.offset < newFrom_) {
    fault(e.id, e.cluster.offset,
          "a record of state " + k + " in the cluster at " + std::to_string(e.cluster.offset) +
              ", an earlier state's; expected a cluster of state " + k);
  }
  const std::uint64_t expected = old ? std::uint64_t{old->version} + 1 : 1;
  if (e.version != expected) {
    fault(e.id, std::nullopt,
          "version " + std::to_string(e.version) + "; expected " + std::to_string(expected) +
              (old ? " (state " + previous + "'s version plus one)"
                   : " (an id new in state " + k + ")"));
  }
  ++(old ? newVersions_ : newIds_);
}

void HistoryCheck::finish() {
  startAtRoot();
  if (!popExhausted()) return;
  const Frame& top = stack_.back();
  if (top.at.level == 0) {
    fault(top.entries[top.next].id, std::nullopt,
          "in state " + std::to_string(state_ - 1) + "'s index, missing from state " +
              std::to_string(state_) + "'s; expected nothing removed");
  }
  const PageChild<std::string>& child = top.inner.children[top.next];
  fault("index page at " + std::to_string(child.ref.offset), child.ref.offset,
        "in state " + std::to_string(state_ - 1) + "'s index (ids from " + child.firstKey +
            "), missing from state " + std::to_string(state_) + "'s; expected nothing removed");
}

}  // namespace archive_news::internal
