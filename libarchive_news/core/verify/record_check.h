// The checks of one cluster and of one record against the index entry that points to it
// ("cluster", "record", "content-digest"): shared by the full walk of the index and by the proof
// of single articles.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_RECORD_CHECK_H_
#define ARCHIVE_NEWS_CORE_VERIFY_RECORD_CHECK_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/common/index_entry.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/verify/extent_pass.h"
#include "core/verify/progress.h"
#include "core/verify/report.h"

namespace archive_news::internal {

struct RecordContext {
  const ExtentReader& extents;
  const ReaderOptions& options;
  const DecompressionDictionary* dictionary;  // null when the bundle has none
  Decompressor& decompressor;
  // The table's content extents with their raw digests; null when proving single articles, whose
  // content is then checked from its own bytes.
  const std::vector<ContentFacts>* contents;
  Report& report;
  VerifyProgress* progress = nullptr;  // null when proving single articles
};

// A cluster's records, its stored digest checked and its frame decoded; std::nullopt after a
// failed "cluster" check naming the offset.
struct OpenCluster {
  std::vector<std::uint8_t> raw;
  std::vector<std::span<const std::uint8_t>> records;
};
std::optional<OpenCluster> openCluster(RecordContext& context, const ExtentRef& cluster);

// The record decodes (canonical), is the entry's (uri = id) and implies the entry's copied
// fields; each of its contents is checked ("content-digest"). Returns false after a failure.
bool checkRecord(RecordContext& context, const IndexEntry& entry,
                 std::span<const std::uint8_t> record);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_RECORD_CHECK_H_
