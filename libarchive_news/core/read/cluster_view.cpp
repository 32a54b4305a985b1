#include "core/read/cluster_view.h"

#include <archive_news/error.h>

#include <utility>

#include "core/common/cluster_record.h"

namespace archive_news::internal {
namespace {

std::string recordName(std::uint32_t k) { return "record " + std::to_string(k); }

}  // namespace

ClusterView::ClusterView(std::span<const std::uint8_t> raw, const std::string& name,
                         std::uint64_t offset, std::string what)
    : raw_(raw), name_(name), offset_(offset), what_(std::move(what)) {
  if (raw_.empty()) corrupt(0, "holds no records; expected at least one");
}

void ClusterView::corrupt(std::size_t at, const std::string& why) const {
  throw Error(ErrorCode::kCorruption, name_, offset_ + at,
              what_ + " (raw byte " + std::to_string(at) + "): " + why);
}

std::size_t ClusterView::recordEnd(std::size_t at, std::uint32_t k) const {
  const std::size_t left = raw_.size() - at;
  if (left < kSegmentTableSize) {
    corrupt(at, std::to_string(left) + " trailing bytes after " + std::to_string(k) +
                    " records; expected an 8-byte segment table or the end of the cluster");
  }
  const SegmentTable table = readSegmentTable(raw_, at);
  if (table.segments != 1) {
    corrupt(at, recordName(k) + " has " + std::to_string(table.segments) +
                    " segments; expected one segment");
  }
  if (table.words == 0) {
    corrupt(at + 4, recordName(k) + " has an empty segment; expected at least 1 word");
  }
  const std::uint64_t remaining = (left - kSegmentTableSize) / kWordSize;
  if (table.words > remaining) {
    corrupt(at + 4, recordName(k) + " declares " + std::to_string(table.words) + " words; only " +
                        std::to_string(remaining) +
                        " remain in the cluster (a record must end inside it)");
  }
  return at + kSegmentTableSize + table.words * kWordSize;
}

std::span<const std::uint8_t> ClusterView::record(std::uint32_t k) const {
  std::size_t at = 0;
  for (std::uint32_t i = 0; i < k; ++i) {
    at = recordEnd(at, i);
    if (at == raw_.size()) {
      corrupt(at, "holds " + std::to_string(i + 1) + " records; expected at least " +
                      std::to_string(std::uint64_t{k} + 1) + " (record " + std::to_string(k) +
                      " is wanted)");
    }
  }
  return raw_.subspan(at, recordEnd(at, k) - at);
}

std::uint32_t ClusterView::forEach(const Visit& visit) const {
  std::uint32_t k = 0;
  for (std::size_t at = 0; at < raw_.size(); ++k) {
    const std::size_t end = recordEnd(at, k);
    if (visit) visit(k, raw_.subspan(at, end - at));
    at = end;
  }
  return k;
}

}  // namespace archive_news::internal
