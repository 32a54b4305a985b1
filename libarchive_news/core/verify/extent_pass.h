// The verification of the extent table ("extent-table-page", "coverage", "extent-digest"):
// the table streamed in file order, every listed extent at its place with its stored digest,
// content decoded and its raw SHA-256 kept for the records' check, the dictionary, schema and
// bundle information against the seal's references. Clusters are kept by offset and checked when
// the index walk decodes them (check "cluster"), so that their bytes are hashed once.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_EXTENT_PASS_H_
#define ARCHIVE_NEWS_CORE_VERIFY_EXTENT_PASS_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/read/tail_reader.h"
#include "core/verify/coverage.h"
#include "core/verify/progress.h"
#include "core/verify/report.h"

namespace archive_news::internal {

// A content extent as the table lists it and the SHA-256 of its raw bytes: what a record's
// reference must match. 96 bytes a content.
struct ContentFacts {
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  Digest storedDigest{};
  Digest rawDigest{};
  bool damaged = false;  // failed "extent-digest": rawDigest unknown
};

// A cluster as the table lists it: what an index entry's reference must match.
struct ClusterFacts {
  std::uint64_t offset = 0;
  std::uint64_t storedSize = 0;
  std::uint64_t rawSize = 0;
  Digest storedDigest{};
};

struct ExtentFindings {
  // In file order: the earlier states' contents (an appended state's records may use them),
  // then this table's.
  std::vector<ContentFacts> contents;
  std::uint64_t contentCount = 0;      // this table's content extents
  std::vector<ClusterFacts> clusters;  // in file order
  std::uint64_t rawBytes = 0;
  std::uint64_t storedBytes = 0;
  bool complete = false;  // the whole table was read
};

// The table lists no compression: an extent whose stored size differs from its raw size is one
// zstd frame, else raw (the writer stores raw whenever a frame would not be smaller).
inline bool inferCompressed(std::uint64_t storedSize, std::uint64_t rawSize) {
  return storedSize != rawSize;
}

// SHA-256 of an extent's raw bytes from its stored bytes (digest already checked), decompressed
// in pieces when compressed, so that a large content is never held whole. Throws
// Error(kCorruption) naming the extent's offset for a frame that is not exactly rawSize bytes.
Digest rawSha256(std::span<const std::uint8_t> stored, const ExtentRef& extent,
                 Decompressor& decompressor, const ReaderOptions& options, const std::string& name);

// Reports the stored bytes of every extent but the clusters to `progress` as they are checked.
// `previous`: for an appended state, the seal of the state before it (the table then lists that
// state's tail first, no dictionary, and the schema and information only when they changed);
// null for a bundle's first state. `earlier`: the content facts of the states before, kept first
// in the findings.
ExtentFindings checkExtentTable(const ExtentReader& extents, const Tail& tail, const Seal* previous,
                                const ReaderOptions& options, Coverage& coverage, Report& report,
                                VerifyProgress& progress, std::vector<ContentFacts> earlier = {});

// The seal's counts against the table: contentCount, clusterCount, rawBytes, storedBytes.
void checkTableCounts(const ExtentFindings& found, const Seal& seal, Report& report);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_EXTENT_PASS_H_
