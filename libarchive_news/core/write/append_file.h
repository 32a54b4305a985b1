// The file an append writes its new state into, in place (spec/FORMAT.md section 15; the crash
// rules in spec/SECURITY.md). Nothing before the previous state's end is ever written. The
// previous state stays valid at every moment: the new bytes go after it, the footer that makes
// them the current state is written last, after the rest is on disk, and a failure truncates the
// file back to the previous end. A process killed mid-append leaves bytes after the previous
// state that do not end in a valid footer; `newsarc recover` (recoverBundle) cuts them off.
//
// One appender at a time: the file is locked (flock, exclusive) for the append's whole life, and
// a second appender, or a signer rewriting the tail, fails at once instead of waiting.
#ifndef ARCHIVE_NEWS_CORE_WRITE_APPEND_FILE_H_
#define ARCHIVE_NEWS_CORE_WRITE_APPEND_FILE_H_

#include <archive_news/writer.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <vector>

#include "util/file_io.h"

namespace archive_news::internal {

// Opens `path` (read-write for an append, read-only for a signer, who writes a new file, and for
// a reader that must not see a write under way) and takes its lock, exclusive but for kRead's,
// shared: Error(kIOError) naming the path when it cannot be opened or a writer holds the lock.
// The lock is released with the returned descriptor.
enum class LockFor { kAppend, kReplace, kRead };
std::unique_ptr<FileDescriptor> lockBundleFile(const std::filesystem::path& path, LockFor use);

class AppendFile : public ByteSink {
 public:
  explicit AppendFile(const std::filesystem::path& path);
  // Unless closed: the file is cut back to its previous end.
  ~AppendFile() override;
  AppendFile(const AppendFile&) = delete;
  AppendFile& operator=(const AppendFile&) = delete;

  // The file's bytes as they were when it was opened: the state appended to.
  std::span<const std::uint8_t> previous() const { return {mapped_, previousSize_}; }
  const std::filesystem::path& path() const { return path_; }

  void write(std::span<const std::uint8_t> bytes) override;
  // Everything but the last 192 bytes (the new footer), then fdatasync, then the footer, then
  // fdatasync: so a power cut never leaves a footer whose state is not on disk.
  void close() override;

 private:
  void flush(std::size_t keep);

  std::filesystem::path path_;
  std::unique_ptr<FileDescriptor> file_;
  const std::uint8_t* mapped_ = nullptr;
  std::uint64_t previousSize_ = 0;
  std::uint64_t written_ = 0;  // bytes after previousSize_ on the file
  std::vector<std::uint8_t> buffer_;
  bool closed_ = false;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_APPEND_FILE_H_
