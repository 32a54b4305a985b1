#include "core/write/cluster_builder.h"

#include <archive_news/error.h>

#include <string>
#include <utility>

#include "core/common/cluster_record.h"

namespace archive_news::internal {
namespace {

// A reader finds record k by skipping k segment tables, so a record that is not exactly one
// framed segment would shift every record after it: refused before it enters a cluster.
void checkFramed(std::span<const std::uint8_t> record) {
  const bool framed =
      record.size() >= kSegmentTableSize + kWordSize && record.size() % kWordSize == 0 &&
      readSegmentTable(record, 0).segments == 1 &&
      readSegmentTable(record, 0).words * kWordSize == record.size() - kSegmentTableSize;
  if (!framed) {
    throw Error(ErrorCode::kInvalidArgument,
                "cluster record of " + std::to_string(record.size()) +
                    " bytes is not one framed segment; expected a one-segment message");
  }
}

}  // namespace

ClusterBuilder::ClusterBuilder(Sink sink, std::size_t target)
    : sink_(std::move(sink)), target_(target) {
  if (target == 0 || target > kMaxClusterTarget) {
    throw Error(ErrorCode::kInvalidArgument, "cluster target of " + std::to_string(target) +
                                                 " bytes; expected 1 to " +
                                                 std::to_string(kMaxClusterTarget));
  }
}

RecordPlace ClusterBuilder::add(std::span<const std::uint8_t> record) {
  checkFramed(record);
  if (records_ > 0 && record.size() > target_ - open_.size()) close();
  const RecordPlace place{sequence_, records_};
  open_.insert(open_.end(), record.begin(), record.end());
  ++records_;
  if (open_.size() >= target_) close();
  return place;
}

void ClusterBuilder::finish() {
  if (records_ > 0) close();
}

void ClusterBuilder::close() {
  ClosedCluster cluster{sequence_, std::move(open_), records_};
  open_ = {};
  records_ = 0;
  ++sequence_;
  sink_(std::move(cluster));
}

}  // namespace archive_news::internal
