// A sparse local copy of a RangeSource that the readers address as one span, as they address a
// mapped file: an unlinked temporary file of the source's size, mapped, whose blocks are fetched
// on first need. The readers take the whole file as a span (mapped file, caller's buffer); the few
// places that touch bytes ask ensureBytes() for them first, which is free for a span that no
// mirror holds. Pages of a temporary file, unlike anonymous memory, can be dropped by the kernel:
// memory stays bounded even when a full verify fetches every byte; disk use is what was fetched.
#ifndef ARCHIVE_NEWS_CORE_READ_RANGE_MIRROR_H_
#define ARCHIVE_NEWS_CORE_READ_RANGE_MIRROR_H_

#include <archive_news/range_source.h>

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace archive_news::internal {

class FileDescriptor;

class RangeMirror {
 public:
  // Fetches in blocks of this size, aligned to it: small enough that reading one article fetches
  // little more than its bytes, large enough that a page and its neighbours come in one request.
  static constexpr std::uint64_t kBlockSize = 64 << 10;
  // A source claiming more is refused (Error(kLimitExceeded)) before anything is allocated: the
  // block flags of a claimed 2^62 bytes would not fit in memory.
  static constexpr std::uint64_t kMaxSize = std::uint64_t{1} << 44;

  // Creates the temporary file in $TMPDIR (else /tmp); Error(kIOError) when it cannot. Fetches
  // nothing yet.
  explicit RangeMirror(std::shared_ptr<const RangeSource> source);
  ~RangeMirror();
  RangeMirror(const RangeMirror&) = delete;
  RangeMirror& operator=(const RangeMirror&) = delete;

  const std::string& name() const { return source_->name(); }
  // The whole file; a byte may be read only once ensure() covered it.
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  // The temporary file, which holds each fetched byte at its offset; -1 for an empty source.
  int descriptor() const;
  // Fetches the blocks of [offset, offset + size) (clamped to the file) that are not here yet:
  // each run of missing blocks in one read of the source. Safe from any number of threads.
  void ensure(std::uint64_t offset, std::uint64_t size) const;
  // The same for several ranges at once: the runs missing in all of them in one call of the
  // source (RangeSource::readRanges) when there are several.
  void ensure(std::span<const std::pair<std::uint64_t, std::uint64_t>> ranges) const;
  bool present(std::uint64_t offset, std::uint64_t size) const;

 private:
  // The runs of missing blocks in [offset, offset + size), as [first, end) block numbers.
  void missingRuns(std::uint64_t offset, std::uint64_t size,
                   std::vector<std::pair<std::uint64_t, std::uint64_t>>& runs) const;
  void fetchRuns(std::span<const std::pair<std::uint64_t, std::uint64_t>> runs) const;

  std::shared_ptr<const RangeSource> source_;
  std::unique_ptr<FileDescriptor> file_;  // the temporary file; null for an empty source
  std::uint8_t* data_ = nullptr;
  std::uint64_t size_ = 0;
  mutable std::mutex mutex_;
  mutable std::vector<bool> present_;  // a flag a block, guarded by mutex_
};

// Makes bytes [offset, offset + size) of `file` readable: when a RangeMirror's bytes() holds
// `file` (the whole of it or a prefix, as an earlier state's), it fetches what is missing; else
// the bytes are there already (mapped file, buffer) and it returns at once.
void ensureBytes(std::span<const std::uint8_t> file, std::uint64_t offset, std::uint64_t size);
// The same for several ranges of `file` (offset, size) at once: one request over a network.
void ensureBytes(std::span<const std::uint8_t> file,
                 std::span<const std::pair<std::uint64_t, std::uint64_t>> ranges);
// True when bytes [offset, offset + size) of `file` can be read without a fetch: always for a
// span no mirror holds.
bool bytesPresent(std::span<const std::uint8_t> file, std::uint64_t offset, std::uint64_t size);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_RANGE_MIRROR_H_
