// The full verification's progress: stored bytes of the extents checked so far (content,
// clusters, dictionary, schema, information; pages aside) against the seal's storedBytes, which
// counts the same extents, handed to the caller's VerifyOptions::progress.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_PROGRESS_H_
#define ARCHIVE_NEWS_CORE_VERIFY_PROGRESS_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <utility>

namespace archive_news::internal {

class VerifyProgress {
 public:
  using Callback = std::function<void(std::uint64_t done, std::uint64_t total)>;
  VerifyProgress(Callback callback, std::uint64_t total)
      : callback_(std::move(callback)), total_(total) {}

  // `bytes` more were checked. A damaged seal may claim fewer than there are: never past total.
  void add(std::uint64_t bytes) {
    done_ += bytes;
    if (callback_) callback_(std::min(done_, total_), total_);
  }
  void finish() {
    if (callback_) callback_(total_, total_);
  }

 private:
  Callback callback_;
  std::uint64_t total_;
  std::uint64_t done_ = 0;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_PROGRESS_H_
