// A set of u32 indexes into a table that already holds their keys (the writer's blobs by
// digest, its articles by id). A node-based std::unordered_map would store each key a second
// time and cost 70 bytes an element; this costs 8 to 16.
#ifndef ARCHIVE_NEWS_CORE_COMMON_INDEX_HASH_SET_H_
#define ARCHIVE_NEWS_CORE_COMMON_INDEX_HASH_SET_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "util/keyed_hash.h"

namespace archive_news::internal {

// KeyOf maps an index to its key. Open addressing with linear probing, at most half full.
template <typename Key, typename KeyOf>
class IndexHashSet {
 public:
  explicit IndexHashSet(KeyOf keyOf) : keyOf_(std::move(keyOf)) {}

  std::optional<std::uint32_t> find(const Key& key) const {
    if (slots_.empty()) return std::nullopt;
    for (std::size_t at = hash_(key) & mask();; at = (at + 1) & mask()) {
      if (slots_[at] == kEmpty) return std::nullopt;
      if (keyOf_(slots_[at]) == key) return slots_[at];
    }
  }

  // `index`'s key must not be in the set yet.
  void insert(std::uint32_t index) {
    if (2 * (count_ + 1) > slots_.size()) grow();
    place(index);
    ++count_;
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xffffffff;

  std::size_t mask() const { return slots_.size() - 1; }

  void place(std::uint32_t index) {
    std::size_t at = hash_(keyOf_(index)) & mask();
    while (slots_[at] != kEmpty) at = (at + 1) & mask();
    slots_[at] = index;
  }

  void grow() {
    std::vector<std::uint32_t> old(slots_.empty() ? 16 : 2 * slots_.size(), kEmpty);
    old.swap(slots_);
    for (std::uint32_t index : old) {
      if (index != kEmpty) place(index);
    }
  }

  KeyOf keyOf_;
  KeyedHash hash_;
  std::vector<std::uint32_t> slots_;
  std::size_t count_ = 0;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_INDEX_HASH_SET_H_
