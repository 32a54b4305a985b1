// The verifier's pass over the data region (checks padding, blob-digest and article-record of
// spec/FORMAT.md section 11): every blob is read and decoded once, and each article record is
// checked from the bytes that decoding produced. Runs on several threads over big runs of
// adjacent blobs; what it finds does not depend on the number of threads.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_VERIFY_DATA_H_
#define ARCHIVE_NEWS_CORE_VERIFY_VERIFY_DATA_H_

#include <archive_news/verifier.h>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/read/bundle_impl.h"

namespace archive_news::internal {

// One check's failures: the first `listed` in file order (blobs) or index order (articles), and
// how many there were in all.
struct FailureList {
  std::vector<Check> listed;
  std::size_t total = 0;
};

struct DataFindings {
  // "padding" and "blob-digest" failures, in blob order, interleaved as found.
  std::vector<Check> blobFailures;
  std::size_t paddingFailures = 0;
  std::size_t digestFailures = 0;
  FailureList articleFailures;  // "article-record"
  std::size_t articleCount = 0;
  std::size_t blobCount = 0;
};

struct DataPassOptions {
  std::size_t maxListed = 50;  // failures listed per check
  unsigned jobs = 0;           // threads; 0: one per core
  // Called on the calling thread from time to time with the stored bytes checked so far.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// "blob 12 (image/jpeg)": how reports name a blob.
std::string blobItem(std::uint32_t index, schema::Blob::Reader blob);

// Throws Error when the manifest cannot be traversed (the caller's "manifest" failure).
DataFindings checkData(const Bundle& bundle, const DataPassOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_VERIFY_DATA_H_
