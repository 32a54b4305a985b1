// Fuzz target: a cluster's raw bytes (what ExtentReader::decode returns), cut into records by
// ClusterView (core/read/cluster_view.h), each read as a format 2 Article record through
// CanonicalMessageView (core/read/record_decode.h). Asserts that any input either throws
// archive_news::Error of a reader's codes or reads whole; that record(k) finds the records the
// walk found; and that each record read, written again and read again, gives the same article.
#include <archive_news/error.h>

#include <algorithm>
#include <span>
#include <vector>

#include "core/read/cluster_view.h"
#include "core/read/record_decode.h"
#include "core/write/record_encode.h"
#include "fuzz_support.h"

using namespace archive_news;

namespace {

// The record written again from what was read: the extents are handed back in the order the
// encoder asks for them (images, then attachments).
internal::ArticleRecord again(const internal::ArticleRecord& read, const ReaderOptions& options) {
  std::vector<internal::ExtentRef> extents = read.imageExtents;
  extents.insert(extents.end(), read.attachmentExtents.begin(), read.attachmentExtents.end());
  std::size_t next = 0;
  try {
    const std::vector<std::uint8_t> bytes = internal::encodeArticleRecord(
        read.article, [&](const ContentRef&) { return extents.at(next++); });
    return internal::decodeArticleRecord(bytes, "again", 0, options, "record");
  } catch (const Error&) {
    // Whatever was read must write and read again: an error here is the codec's fault.
    FUZZ_ASSERT(false);
  }
  return {};
}

void readAll(std::span<const std::uint8_t> raw, const ReaderOptions& options) {
  const internal::ClusterView view(raw, "fuzz", 0, "cluster");
  std::vector<std::span<const std::uint8_t>> records;
  const std::uint32_t count = view.forEach([&](std::uint32_t k, std::span<const std::uint8_t> r) {
    FUZZ_ASSERT(k == records.size());
    records.push_back(r);
  });
  FUZZ_ASSERT(count == records.size() && count > 0);
  for (std::uint32_t k = 0; k < count; ++k) {
    const std::span<const std::uint8_t> found = view.record(k);
    FUZZ_ASSERT(found.data() == records[k].data() && found.size() == records[k].size());
    const internal::ArticleRecord read =
        internal::decodeArticleRecord(found, "fuzz", 0, options, "record");
    FUZZ_ASSERT(again(read, options) == read);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    readAll({data, size}, newsarc_fuzz::fuzzReaderOptions());
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
                e.code() == ErrorCode::kUnsupported);
  }
  return 0;
}
