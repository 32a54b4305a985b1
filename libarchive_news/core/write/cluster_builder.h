// The clusters on the writing side (docs/design/format-2.md, section 5): article records,
// each a framed one-segment message, gathered in arrival order into clusters of bounded raw size.
// A closed cluster goes to the caller raw, to be compressed on the writer's threads
// (ExtentAppender::appendCompressible with the bundle's dictionary); since the cuts depend on the
// records alone, and zstd on its input and level alone, the bundle's bytes do not depend on the
// number of threads. Read back by core/read/cluster_view.h.
#ifndef ARCHIVE_NEWS_CORE_WRITE_CLUSTER_BUILDER_H_
#define ARCHIVE_NEWS_CORE_WRITE_CLUSTER_BUILDER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "core/common/cluster_record.h"

namespace archive_news::internal {

// Raw bytes at which a cluster closes: small by default because reading one article decompresses
// its whole cluster, while the size barely changes from 64 KiB to 1 MiB with a dictionary
// (section 8); at most 8 MiB, which bounds what a reader decompresses for one article.
inline constexpr std::size_t kDefaultClusterTarget = std::size_t{256} << 10;

// Where a record went: the index entry's cluster and record number.
struct RecordPlace {
  std::uint64_t cluster = 0;  // sequence number of the cluster, from 0, in the order closed
  std::uint32_t record = 0;   // number of the record within its cluster, from 0
  bool operator==(const RecordPlace&) const = default;
};

struct ClosedCluster {
  std::uint64_t sequence = 0;
  std::vector<std::uint8_t> raw;  // the records one after the other
  std::uint32_t records = 0;      // at least 1
};

class ClusterBuilder {
 public:
  using Sink = std::function<void(ClosedCluster&&)>;

  // `target`: raw bytes at which a cluster closes, 1 to kMaxClusterTarget (else
  // Error(kInvalidArgument)). `sink` receives each cluster as it closes, in sequence order, on
  // the thread that calls add() or finish().
  explicit ClusterBuilder(Sink sink, std::size_t target = kDefaultClusterTarget);

  // Appends `record`, a framed one-segment message (Error(kInvalidArgument) otherwise, before
  // anything changes). A cluster never exceeds the target except to hold one record larger than
  // the target alone: the open cluster is closed first when the record would take it past the
  // target, and a cluster closes as soon as it reaches the target. Records are never split.
  RecordPlace add(std::span<const std::uint8_t> record);

  // Closes the open cluster, if it holds any record; a cluster of no records is never made.
  void finish();

  // Clusters handed to the sink so far.
  std::uint64_t closed() const { return sequence_; }

 private:
  void close();

  Sink sink_;
  std::size_t target_;
  std::uint64_t sequence_ = 0;
  std::vector<std::uint8_t> open_;
  std::uint32_t records_ = 0;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_CLUSTER_BUILDER_H_
