#include "core/read/range_mirror.h"

#include <archive_news/error.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "util/file_io.h"

namespace archive_news {

RangeSource::~RangeSource() = default;

void RangeSource::readRanges(std::span<const Range> ranges) const {
  for (const Range& range : ranges) read(range.offset, range.out);
}

namespace internal {
namespace {

// The mirrors alive, so that ensureBytes() finds the one a span lies in. A process reads few
// remote bundles at once: a list under a lock, and a count read without it so that local files
// pay one atomic load.
std::mutex registryMutex;
std::vector<const RangeMirror*> registry;
std::atomic<std::size_t> registered{0};

std::string errnoText() { return std::strerror(errno); }

// An unlinked file of `size` bytes in the temporary folder: it disappears with its descriptor.
int temporaryFile(std::uint64_t size, const std::string& name) {
  const char* folder = std::getenv("TMPDIR");
  std::string path = std::string(folder != nullptr && *folder != '\0' ? folder : "/tmp") +
                     "/newsarc-remote-XXXXXX";
  const int fd = mkstemp(path.data());
  if (fd < 0) {
    throw Error(
        ErrorCode::kIOError, name, std::nullopt,
        "cannot create a temporary file in " + path + " to hold its blocks: " + errnoText());
  }
  unlink(path.c_str());
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) {
    const std::string reason = errnoText();
    close(fd);
    throw Error(ErrorCode::kIOError, name, std::nullopt,
                "cannot size a temporary file to " + std::to_string(size) + " bytes: " + reason);
  }
  return fd;
}

}  // namespace

int RangeMirror::descriptor() const { return file_ ? file_->get() : -1; }

RangeMirror::RangeMirror(std::shared_ptr<const RangeSource> source)
    : source_(std::move(source)), size_(source_->size()) {
  if (size_ > kMaxSize) {
    throw Error(ErrorCode::kLimitExceeded, source_->name(), std::nullopt,
                "a size of " + std::to_string(size_) + " bytes; expected at most " +
                    std::to_string(kMaxSize) + " (16 TiB)");
  }
  if (size_ > 0) {
    file_ = std::make_unique<FileDescriptor>(temporaryFile(size_, source_->name()));
    void* map = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_SHARED, file_->get(), 0);
    if (map == MAP_FAILED) {
      throw Error(
          ErrorCode::kIOError, source_->name(), std::nullopt,
          "cannot map a temporary file of " + std::to_string(size_) + " bytes: " + errnoText());
    }
    data_ = static_cast<std::uint8_t*>(map);
  }
  present_.assign((size_ + kBlockSize - 1) / kBlockSize, false);
  const std::lock_guard lock(registryMutex);
  registry.push_back(this);
  registered.store(registry.size(), std::memory_order_release);
}

RangeMirror::~RangeMirror() {
  {
    const std::lock_guard lock(registryMutex);
    registry.erase(std::find(registry.begin(), registry.end(), this));
    registered.store(registry.size(), std::memory_order_release);
  }
  if (data_ != nullptr) munmap(data_, size_);
}

void RangeMirror::ensure(std::uint64_t offset, std::uint64_t size) const {
  const std::pair<std::uint64_t, std::uint64_t> range{offset, size};
  ensure(std::span(&range, 1));
}

void RangeMirror::ensure(std::span<const std::pair<std::uint64_t, std::uint64_t>> ranges) const {
  // One fetch at a time: two threads wanting the same block fetch it once, and the source is
  // called from one thread at a time, as RangeSource promises its implementations.
  const std::lock_guard lock(mutex_);
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  for (const auto& [offset, size] : ranges) missingRuns(offset, size, runs);
  if (runs.empty()) return;
  std::sort(runs.begin(), runs.end());
  // Overlapping or adjacent runs of two ranges become one.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> merged;
  for (const auto& run : runs) {
    if (!merged.empty() && run.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, run.second);
    } else {
      merged.push_back(run);
    }
  }
  fetchRuns(merged);
}

void RangeMirror::missingRuns(std::uint64_t offset, std::uint64_t size,
                              std::vector<std::pair<std::uint64_t, std::uint64_t>>& runs) const {
  if (offset >= size_ || size == 0) return;
  const std::uint64_t end = offset + std::min(size, size_ - offset);
  const std::uint64_t lastBlock = (end - 1) / kBlockSize;
  for (std::uint64_t block = offset / kBlockSize; block <= lastBlock;) {
    if (present_[block]) {
      ++block;
      continue;
    }
    std::uint64_t runEnd = block + 1;
    while (runEnd <= lastBlock && !present_[runEnd]) ++runEnd;
    runs.emplace_back(block, runEnd);
    block = runEnd;
  }
}

void RangeMirror::fetchRuns(std::span<const std::pair<std::uint64_t, std::uint64_t>> runs) const {
  std::vector<RangeSource::Range> ranges;
  for (const auto& [firstBlock, endBlock] : runs) {
    const std::uint64_t begin = firstBlock * kBlockSize;
    const std::uint64_t end = std::min(endBlock * kBlockSize, size_);
    // The file is sparse: a store through the mapping into a hole the file system cannot fill
    // (a full $TMPDIR) would kill the process with SIGBUS. Reserving the blocks first turns that
    // into an error.
    const int reserved =
        posix_fallocate(file_->get(), static_cast<off_t>(begin), static_cast<off_t>(end - begin));
    if (reserved != 0) {
      throw Error(ErrorCode::kIOError, source_->name(), begin,
                  "cannot keep " + std::to_string(end - begin) +
                      " fetched bytes in the temporary file: " + std::strerror(reserved));
    }
    ranges.push_back({begin, {data_ + begin, end - begin}});
  }
  if (ranges.size() == 1) {
    source_->read(ranges[0].offset, ranges[0].out);
  } else {
    source_->readRanges(ranges);
  }
  for (const auto& [firstBlock, endBlock] : runs) {
    std::fill(present_.begin() + static_cast<std::ptrdiff_t>(firstBlock),
              present_.begin() + static_cast<std::ptrdiff_t>(endBlock), true);
  }
}

bool RangeMirror::present(std::uint64_t offset, std::uint64_t size) const {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> runs;
  const std::lock_guard lock(mutex_);
  missingRuns(offset, size, runs);
  return runs.empty();
}

namespace {

// The mirror whose bytes() hold `file`, and where `file` starts in them; null for other spans.
std::pair<const RangeMirror*, std::uint64_t> mirrorOf(std::span<const std::uint8_t> file) {
  if (registered.load(std::memory_order_acquire) == 0 || file.empty()) return {nullptr, 0};
  const std::lock_guard lock(registryMutex);
  const auto at = reinterpret_cast<std::uintptr_t>(file.data());
  for (const RangeMirror* m : registry) {
    const auto from = reinterpret_cast<std::uintptr_t>(m->bytes().data());
    if (at >= from && at - from < m->bytes().size()) return {m, at - from};
  }
  return {nullptr, 0};
}

std::uint64_t clampedSize(std::span<const std::uint8_t> file, std::uint64_t offset,
                          std::uint64_t size) {
  return std::min(size, file.size() > offset ? file.size() - offset : 0);
}

}  // namespace

void ensureBytes(std::span<const std::uint8_t> file, std::uint64_t offset, std::uint64_t size) {
  const auto [mirror, base] = mirrorOf(file);
  if (mirror != nullptr) mirror->ensure(base + offset, clampedSize(file, offset, size));
}

void ensureBytes(std::span<const std::uint8_t> file,
                 std::span<const std::pair<std::uint64_t, std::uint64_t>> ranges) {
  const auto [mirror, base] = mirrorOf(file);
  if (mirror == nullptr) return;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> within;
  for (const auto& [offset, size] : ranges) {
    within.emplace_back(base + offset, clampedSize(file, offset, size));
  }
  mirror->ensure(within);
}

bool bytesPresent(std::span<const std::uint8_t> file, std::uint64_t offset, std::uint64_t size) {
  const auto [mirror, base] = mirrorOf(file);
  return mirror == nullptr || mirror->present(base + offset, clampedSize(file, offset, size));
}

}  // namespace internal
}  // namespace archive_news
