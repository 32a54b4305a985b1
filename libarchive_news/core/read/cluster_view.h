// The clusters on the reading side (docs/design/format-2.md, section 5): the raw bytes of
// one cluster (ExtentReader::decode, digest checked and decompressed), cut into its records by
// their segment tables alone, without decoding any message. Each record is then read by the
// caller with CanonicalMessageView (core/read/record_decode.h). Written by
// core/write/cluster_builder.h.
#ifndef ARCHIVE_NEWS_CORE_READ_CLUSTER_VIEW_H_
#define ARCHIVE_NEWS_CORE_READ_CLUSTER_VIEW_H_

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace archive_news::internal {

// A record is one framed segment: 4 bytes of segment count - 1 (0), 4 bytes of the segment's size
// in words (not 0), then those words. Errors are Error(kCorruption) naming the file, the offset
// of the cluster plus the position in its raw bytes, and what was expected. The work is bounded
// by the cluster, whose raw size the caller bounds when decoding it.
class ClusterView {
 public:
  // `raw` and `name` are referenced, not copied: they must outlive the view, as with
  // ExtentReader. `offset`: the cluster's extent offset in the file `name`;
  // `what` names the cluster in errors ("cluster 3"). Refuses a cluster of no bytes.
  ClusterView(std::span<const std::uint8_t> raw, const std::string& name, std::uint64_t offset,
              std::string what);

  // Record k, found by skipping the k records before it: O(k). Refuses a record before it or
  // itself that is not one segment or runs past the end, and a k at or past the number of records.
  // Bytes after record k are not looked at: the verifier's forEach() checks the whole cluster.
  std::span<const std::uint8_t> record(std::uint32_t k) const;

  // Every record in order, with its number; then refuses trailing bytes that make no record.
  // Returns the number of records (at least 1), which the verifier compares with the index
  // entries pointing into the cluster.
  using Visit = std::function<void(std::uint32_t, std::span<const std::uint8_t>)>;
  std::uint32_t forEach(const Visit& visit) const;
  std::uint32_t count() const { return forEach({}); }

 private:
  // The end of the record that starts at `at` (< raw size), checked.
  std::size_t recordEnd(std::size_t at, std::uint32_t k) const;
  [[noreturn]] void corrupt(std::size_t at, const std::string& why) const;

  std::span<const std::uint8_t> raw_;
  const std::string& name_;
  std::uint64_t offset_;
  std::string what_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_CLUSTER_VIEW_H_
