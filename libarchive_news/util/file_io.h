// Files: read whole, map read-only, and write atomically (temporary file beside the target,
// renamed into place only when complete). Every failure is Error(kIOError) naming the path.
#ifndef ARCHIVE_NEWS_UTIL_FILE_IO_H_
#define ARCHIVE_NEWS_UTIL_FILE_IO_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

// An open file descriptor, closed on destruction.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor();
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// The whole file. Refuses files larger than maxSize (Error(kLimitExceeded)).
std::vector<std::uint8_t> readFile(const std::filesystem::path& path,
                                   std::uint64_t maxSize = std::uint64_t{1} << 32);
std::string readTextFile(const std::filesystem::path& path,
                         std::uint64_t maxSize = std::uint64_t{1} << 28);

// Reads the whole file, in large pieces, into the memory `destination(size)` returns; each piece
// goes to `onPiece` as it arrives, while it is still in the processor's cache (to hash while
// reading). Returns the size.
std::uint64_t readFileInPieces(const std::filesystem::path& path, std::uint64_t maxSize,
                               const std::function<std::uint8_t*(std::uint64_t)>& destination,
                               const std::function<void(std::span<const std::uint8_t>)>& onPiece);

// Which file a path named when it was opened, to recognise it when opened again.
struct FileIdentity {
  std::filesystem::path path;
  dev_t device = 0;
  ino_t inode = 0;
};

// A read-only private mapping of a whole file; an empty file maps to an empty span.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::span<const std::uint8_t> bytes() const { return {data_, size_}; }
  const FileIdentity& identity() const { return identity_; }
  // Maps the pages of bytes().subspan(offset, length) (clamped to the file) into the process now,
  // in one call, for a reader about to go through all of them: a fault for each 64 KiB as they
  // are read made a full verify of 2.4 GB take 30,000 faults. Best effort: a hint.
  void prefetch(std::uint64_t offset, std::uint64_t length) const;

 private:
  const std::uint8_t* data_ = nullptr;
  std::size_t size_ = 0;
  FileIdentity identity_;
};

// Writes a new file at `target` atomically: bytes go to a uniquely named temporary file in the
// same folder, `.NAME.tmp-XXXXXXXXXX`; commit() flushes it to disk and renames it over the target.
// Destroying an uncommitted AtomicFile removes the temporary file. Without `overwrite`, an
// existing target is refused both at construction and at commit.
// A writer killed before it could clean up leaves its temporary file behind. The writer holds an
// exclusive flock() on it for its whole life, so the next AtomicFile for the same target removes
// the target's temporary files that nobody holds locked (spec/SECURITY.md, "Crash safety").
// kSynced flushes each file and its folder entry to disk at commit(). kDeferred leaves that to
// one syncFileSystem() after many files: an extract of thousands of small files would otherwise
// spend its time waiting for the disk once per file.
enum class Durability { kSynced, kDeferred };

// kMayHoldStale: the target's folder may hold temporary files of a writer killed earlier, which
// the constructor finds by reading the whole folder. kNew: the caller made the folder in this
// run, so it holds none; an extract of n files into a new folder would otherwise read it n times,
// n squared entries in all.
enum class Folder { kMayHoldStale, kNew };

class AtomicFile {
 public:
  AtomicFile(std::filesystem::path target, bool overwrite, mode_t mode = 0644,
             Durability durability = Durability::kSynced, Folder folder = Folder::kMayHoldStale);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  void write(std::span<const std::uint8_t> bytes);
  void write(std::string_view text);
  // O_DIRECT on or off for the writes that follow. False, and off, where the file system refuses
  // it or is not one where it pays (ext4 and XFS on Linux). With it on, each write() must be
  // aligned (memory, position and length) to the device's block; where the device wants a larger
  // alignment, write() turns it off and goes on through the page cache.
  bool setDirect(bool on);
  // Appends `length` bytes of `source` starting at `offset` (copy_file_range where it can).
  void copyFrom(const std::filesystem::path& source, std::uint64_t offset, std::uint64_t length);
  void commit();
  const std::filesystem::path& target() const { return target_; }

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool overwrite_;
  Durability durability_;
  int fd_ = -1;
  // A kSynced file asks the kernel to start writing back every kWritebackStep bytes as they come,
  // so that the fsync() in commit() waits for the last step only, not for the whole file: for a
  // 2.5 GB bundle that wait was 1.5 s of a 5.7 s pack. The file is written from its start, in
  // order, so `written_` is also the position.
  void wrote(std::uint64_t bytes);
  bool direct_ = false;
  std::uint64_t written_ = 0;
  std::uint64_t writebackFrom_ = 0;
};

// Writes a whole file atomically (AtomicFile).
void writeFileAtomically(const std::filesystem::path& target, std::span<const std::uint8_t> bytes,
                         bool overwrite, mode_t mode = 0644,
                         Durability durability = Durability::kSynced,
                         Folder folder = Folder::kMayHoldStale);

// Positioned reads and writes that go on after EINTR and partial transfers until the span is
// done. `done` bytes moved; on failure `error` is the errno (0 for the end of the file, or a
// write that moved nothing), so that each caller words its own error.
struct IoProgress {
  std::size_t done = 0;
  int error = 0;
};
IoProgress readFullyAt(const FileDescriptor& file, std::uint64_t offset,
                       std::span<std::uint8_t> out);
IoProgress writeFullyAt(const FileDescriptor& file, std::uint64_t offset,
                        std::span<const std::uint8_t> bytes);

// The folder for temporary files: $TMPDIR, or /tmp when it is unset or empty.
std::filesystem::path defaultTempDir();

// A new read-write file in `dir` that has no name (O_TMPFILE, or a named file unlinked at once),
// so that nothing is left behind however the process ends. Error(kIOError) naming `dir`.
std::unique_ptr<FileDescriptor> openUnnamedTempFile(const std::filesystem::path& dir);

// Flushes everything written to the file system holding `folder` (syncfs): the one flush that
// ends a run of kDeferred writes.
void syncFileSystem(const std::filesystem::path& folder);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_FILE_IO_H_
