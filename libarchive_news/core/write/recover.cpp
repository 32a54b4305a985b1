#include "core/write/recover.h"

#include <archive_news/error.h>
#include <archive_news/writer.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_set>

#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/read/state_chain.h"
#include "core/write/append_file.h"
#include "util/file_io.h"

namespace archive_news {
namespace internal {
namespace {

// Ends of prefixes whose chain was found broken, remembered so that the next candidate whose
// chain reaches one stops there: the scan then reads each tail about once. Bounded: past it, a
// file crafted with more fake footers is scanned more slowly, never with more memory.
constexpr std::size_t kMaxBrokenEnds = std::size_t{1} << 16;

// `tail`, the tail of `bytes`, and its chain back to state 0, every link holding. The ends
// visited go into `broken` as they are reached: when the walk fails, each of them is an end whose
// chain breaks; when it succeeds, the caller stops scanning.
std::optional<CompleteState> completeState(std::span<const std::uint8_t> bytes,
                                           const std::string& name, const ReaderOptions& options,
                                           std::unordered_set<std::uint64_t>* broken) {
  try {
    CompleteState found{bytes.size(), readTail(bytes, name, options), {}};
    found.signatures = readSignatures(found.tail, name, options);
    LinkedState state{bytes, found.tail};
    while (true) {
      if (broken != nullptr) {
        if (broken->contains(state.bytes.size())) return std::nullopt;
        if (broken->size() < kMaxBrokenEnds) broken->insert(state.bytes.size());
      }
      if (!state.tail.seal.previousSeal) break;  // state 0: the chain holds
      // Each step falls to an earlier end and a lower sequence: the walk ends.
      state = previousState(state.bytes, name, state.tail, options);
    }
    return found;
  } catch (const Error&) {
    return std::nullopt;
  }
}

// A footer's last 12 bytes end at `end`.
bool footerMagicEndsAt(std::span<const std::uint8_t> file, std::uint64_t end) {
  return std::equal(kFooterMagic.begin(), kFooterMagic.end(),
                    file.begin() + static_cast<std::ptrdiff_t>(end - kFooterMagic.size()));
}

}  // namespace

std::optional<CompleteState> wholeState(std::span<const std::uint8_t> file, const std::string& name,
                                        const ReaderOptions& options) {
  return completeState(file, name, options, nullptr);
}

std::optional<CompleteState> lastCompleteState(std::span<const std::uint8_t> file,
                                               const std::string& name,
                                               const ReaderOptions& options) {
  constexpr std::uint64_t kSmallest = kHeaderSize + kFooterSize;
  if (file.size() <= kSmallest) return std::nullopt;
  std::unordered_set<std::uint64_t> broken;
  // The largest multiple of 8 below the file's size: the whole file is not a candidate.
  for (std::uint64_t end = (file.size() - 1) & ~(kAlignment - 1); end >= kSmallest;
       end -= kAlignment) {
    if (!footerMagicEndsAt(file, end)) continue;
    if (std::optional<CompleteState> found =
            completeState(file.first(end), name, options, &broken)) {
      return found;
    }
  }
  return std::nullopt;
}

namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw Error(ErrorCode::kIOError, path.string(), std::nullopt,
              what + (error != 0 ? ": " + std::string(std::strerror(error)) : ""));
}

// The file mapped read-only for as long as it lives.
class Mapping {
 public:
  Mapping(const std::filesystem::path& path, int fd, std::uint64_t size) : size_(size) {
    if (size_ == 0) return;
    void* mapped = ::mmap(nullptr, size_, PROT_READ, MAP_SHARED, fd, 0);
    if (mapped == MAP_FAILED) fail(path, "cannot map", errno);
    data_ = static_cast<const std::uint8_t*>(mapped);
  }
  ~Mapping() {
    if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
  }
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }

 private:
  const std::uint8_t* data_ = nullptr;
  std::uint64_t size_;
};

BundleState stateOf(const CompleteState& found) {
  BundleState state;
  state.sequence = found.tail.seal.sequence;
  state.created = found.tail.seal.created;
  state.fileSize = found.end;
  state.articleCount = found.tail.seal.index.count;
  state.sealDigest = sha256(found.tail.sealBytes);
  state.signatures = found.signatures;
  return state;
}

}  // namespace
}  // namespace internal

RecoverResult recoverBundle(const std::filesystem::path& path, bool dryRun,
                            const ReaderOptions& options) {
  const std::unique_ptr<internal::FileDescriptor> file =
      // A dry run only reads: under a shared lock, which an appender's exclusive lock excludes.
      internal::lockBundleFile(path,
                               dryRun ? internal::LockFor::kRead : internal::LockFor::kAppend);
  struct stat st {};
  if (::fstat(file->get(), &st) != 0) internal::fail(path, "cannot read its size", errno);
  if (!S_ISREG(st.st_mode)) internal::fail(path, "is not a regular file", 0);
  const auto size = static_cast<std::uint64_t>(st.st_size);
  RecoverResult result;
  {
    const internal::Mapping mapping(path, file->get(), size);
    const std::string name = path.string();
    std::optional<internal::CompleteState> found =
        internal::wholeState(mapping.bytes(), name, options);
    if (!found) {
      result.damaged = true;
      found = internal::lastCompleteState(mapping.bytes(), name, options);
    }
    if (!found) {
      throw Error(ErrorCode::kCorruption, name, std::nullopt,
                  "no complete state found: no prefix of the file ends in a footer whose tail "
                  "reads and whose chain of states holds back to state 0");
    }
    result.kept = internal::stateOf(*found);
    result.cutBytes = size - found->end;
  }  // unmapped before the file shrinks under the mapping
  if (result.damaged && !dryRun) {
    if (::ftruncate(file->get(), static_cast<off_t>(result.kept.fileSize)) != 0) {
      internal::fail(path, "cannot cut the interrupted append", errno);
    }
    if (::fsync(file->get()) != 0) internal::fail(path, "cannot flush the cut file to disk", errno);
  }
  return result;
}

}  // namespace archive_news
