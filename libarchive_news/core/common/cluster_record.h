// The one rule the clusters add to Cap'n Proto (docs/design/format-2.md, section 5): a
// cluster's raw bytes are records one after the other, each a framed one-segment message, so the
// 8-byte segment table at the start of a record says where the next begins. The writer
// (core/write/cluster_builder.h) and the reader (core/read/cluster_view.h) read it here.
#ifndef ARCHIVE_NEWS_CORE_COMMON_CLUSTER_RECORD_H_
#define ARCHIVE_NEWS_CORE_COMMON_CLUSTER_RECORD_H_

#include <cstddef>
#include <cstdint>
#include <span>

namespace archive_news::internal {

// The most raw bytes a writer may gather into one cluster before it closes it; a cluster is
// larger only to hold one larger record alone. Bounds what a reader decompresses for one article.
inline constexpr std::size_t kMaxClusterTarget = std::size_t{8} << 20;

inline constexpr std::size_t kSegmentTableSize = 8;
inline constexpr std::size_t kWordSize = 8;

// A record's segment table: a little-endian count of segments minus one (0 in a cluster), then
// the size of the first segment in words.
struct SegmentTable {
  std::uint64_t segments = 0;  // the count, not minus one: 1 in a cluster
  std::uint64_t words = 0;
};

// The table at `at`; the caller has checked that 8 bytes are there.
inline SegmentTable readSegmentTable(std::span<const std::uint8_t> bytes, std::size_t at) {
  const auto u32 = [&](std::size_t i) {
    return std::uint64_t{bytes[i]} | std::uint64_t{bytes[i + 1]} << 8 |
           std::uint64_t{bytes[i + 2]} << 16 | std::uint64_t{bytes[i + 3]} << 24;
  };
  return {u32(at) + 1, u32(at + 4)};
}

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CLUSTER_RECORD_H_
