#include "util/file_io.h"

#include <archive_news/error.h>
#include <fcntl.h>
#include <sys/file.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <random>
#include <system_error>

namespace archive_news::internal {
namespace {

[[noreturn]] void throwIo(const std::filesystem::path& path, const std::string& what) {
  throw Error(ErrorCode::kIOError, path.string(), std::nullopt, what + ": " + std::strerror(errno));
}

std::uint64_t fileSize(int fd, const std::filesystem::path& path) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throwIo(path, "cannot stat");
  if (!S_ISREG(st.st_mode)) {
    errno = EINVAL;
    throwIo(path, "not a regular file");
  }
  return static_cast<std::uint64_t>(st.st_size);
}

void readFully(int fd, std::uint8_t* out, std::size_t length, const std::filesystem::path& path) {
  std::size_t done = 0;
  while (done < length) {
    ssize_t n = ::read(fd, out + done, length - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throwIo(path, "cannot read");
    if (n == 0) {
      errno = EIO;
      throwIo(path, "file shrank while being read");
    }
    done += static_cast<std::size_t>(n);
  }
}

constexpr std::string_view kTempMarker = ".tmp-";
constexpr std::size_t kSuffixLength = 10;
constexpr std::string_view kSuffixDigits = "0123456789abcdefghijklmnopqrstuvwxyz";

std::string randomSuffix() {
  static thread_local std::mt19937_64 generator{std::random_device{}()};
  std::string suffix;
  for (std::size_t i = 0; i < kSuffixLength; ++i) {
    suffix += kSuffixDigits[generator() % kSuffixDigits.size()];
  }
  return suffix;
}

std::string tempPrefix(const std::filesystem::path& target) {
  return "." + target.filename().string() + std::string(kTempMarker);
}

// True when `name` is a temporary file name AtomicFile makes for a target with this prefix.
bool isTempName(std::string_view name, std::string_view prefix) {
  if (name.size() != prefix.size() + kSuffixLength || !name.starts_with(prefix)) return false;
  return name.substr(prefix.size()).find_first_not_of(kSuffixDigits) == std::string_view::npos;
}

bool sameFile(const struct stat& a, const struct stat& b) {
  return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// True when `path` still names the file open as `fd`.
bool stillNamed(int fd, const std::filesystem::path& path) {
  struct stat opened {};
  struct stat named {};
  return ::fstat(fd, &opened) == 0 && ::lstat(path.c_str(), &named) == 0 && sameFile(opened, named);
}

// A writer holds an exclusive flock() on its temporary file until it is renamed or removed, and
// the kernel drops the lock when the writer dies. So a temporary file of this target that can be
// locked was left by a writer that was killed (SIGKILL, power loss) and is removed. Best effort:
// a file that cannot be opened, locked or removed stays.
void removeStaleTempFiles(const std::filesystem::path& folder,
                          const std::filesystem::path& target) {
  const std::string prefix = tempPrefix(target);
  std::error_code ec;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end;
       it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!isTempName(name, prefix)) continue;
    FileDescriptor fd(::open(it->path().c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    struct stat st {};
    if (fd.get() < 0 || ::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) continue;  // a live writer's, or no locks here
    if (stillNamed(fd.get(), it->path())) ::unlink(it->path().c_str());
  }
}

void refuseExisting(const std::filesystem::path& target) {
  std::error_code ec;
  if (std::filesystem::symlink_status(target, ec).type() != std::filesystem::file_type::not_found) {
    throw Error(ErrorCode::kIOError, target.string(), std::nullopt,
                "already exists; refusing to replace it");
  }
}

void refuseExistingOrUnlink(const std::filesystem::path& target,
                            const std::filesystem::path& temp) {
  try {
    refuseExisting(target);
  } catch (...) {
    ::unlink(temp.c_str());
    throw;
  }
}

#ifdef __linux__
// O_DIRECT only on the local file systems where it was measured (ext4) or is the file system's
// own fast path (XFS). Elsewhere it can cost more than it saves: over NFS each write() becomes a
// synchronous round trip.
bool directWritesPay(int fd) {
  struct statfs info {};
  if (::fstatfs(fd, &info) != 0) return false;
  return info.f_type == EXT4_SUPER_MAGIC || info.f_type == XFS_SUPER_MAGIC;
}
#endif

int openForReading(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throwIo(path, "cannot open");
  return fd;
}

// The size of an open regular file, refused above maxSize.
std::uint64_t sizeWithin(int fd, const std::filesystem::path& path, std::uint64_t maxSize) {
  const std::uint64_t size = fileSize(fd, path);
  if (size > maxSize) {
    throw Error(ErrorCode::kLimitExceeded, path.string(), std::nullopt,
                "file of " + std::to_string(size) + " bytes is larger than the limit of " +
                    std::to_string(maxSize));
  }
  return size;
}

}  // namespace

FileDescriptor::~FileDescriptor() {
  if (fd_ >= 0) ::close(fd_);
}

namespace {

// The whole file, read straight into a container of bytes or of chars.
template <typename Container>
Container readWhole(const std::filesystem::path& path, std::uint64_t maxSize) {
  FileDescriptor fd(openForReading(path));
  const std::uint64_t size = sizeWithin(fd.get(), path, maxSize);
  Container bytes(size, 0);
  readFully(fd.get(), reinterpret_cast<std::uint8_t*>(bytes.data()), bytes.size(), path);
  return bytes;
}

}  // namespace

std::vector<std::uint8_t> readFile(const std::filesystem::path& path, std::uint64_t maxSize) {
  return readWhole<std::vector<std::uint8_t>>(path, maxSize);
}

std::uint64_t readFileInPieces(const std::filesystem::path& path, std::uint64_t maxSize,
                               const std::function<std::uint8_t*(std::uint64_t)>& destination,
                               const std::function<void(std::span<const std::uint8_t>)>& onPiece) {
  constexpr std::size_t kPiece = 1 << 20;
  FileDescriptor fd(openForReading(path));
  const std::uint64_t size = sizeWithin(fd.get(), path, maxSize);
  std::uint8_t* out = destination(size);
  for (std::uint64_t done = 0; done < size;) {
    const std::size_t piece = std::min<std::uint64_t>(kPiece, size - done);
    readFully(fd.get(), out + done, piece, path);
    onPiece({out + done, piece});
    done += piece;
  }
  return size;
}

std::string readTextFile(const std::filesystem::path& path, std::uint64_t maxSize) {
  return readWhole<std::string>(path, maxSize);
}

MappedFile::MappedFile(const std::filesystem::path& path) {
  FileDescriptor fd(openForReading(path));
  std::uint64_t size = fileSize(fd.get(), path);
  struct stat st {};
  if (::fstat(fd.get(), &st) == 0) identity_ = {path, st.st_dev, st.st_ino};
  if (size == 0) return;
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (map == MAP_FAILED) throwIo(path, "cannot map");
  data_ = static_cast<const std::uint8_t*>(map);
  size_ = size;
}

void MappedFile::prefetch(std::uint64_t offset, std::uint64_t length) const {
#ifdef MADV_POPULATE_READ
  if (offset >= size_) return;
  length = std::min<std::uint64_t>(length, size_ - offset);
  static const std::uint64_t kPage = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
  const std::uint64_t from = offset / kPage * kPage;  // the mapping starts on a page
  ::madvise(const_cast<std::uint8_t*>(data_) + from, offset + length - from, MADV_POPULATE_READ);
#else
  (void)offset;
  (void)length;
#endif
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<std::uint8_t*>(data_), size_);
}

AtomicFile::AtomicFile(std::filesystem::path target, bool overwrite, mode_t mode,
                       Durability durability, Folder state)
    : target_(std::move(target)), overwrite_(overwrite), durability_(durability) {
  if (!overwrite_) refuseExisting(target_);
  std::filesystem::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  if (state == Folder::kMayHoldStale) removeStaleTempFiles(folder, target_);
  for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
    temp_ = folder / (tempPrefix(target_) + randomSuffix());
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
    if (fd_ < 0 && errno == EEXIST) continue;
    if (fd_ < 0) throwIo(target_, "cannot create a temporary file in " + folder.string());
    // Locked for as long as it lives, so that removeStaleTempFiles() leaves it alone. Between
    // open() and flock() another writer may have found it unlocked and removed it: then start
    // again under a new name. A file system without flock() has no stale-file removal either.
    if (::flock(fd_, LOCK_EX) == 0 && !stillNamed(fd_, temp_)) {
      ::close(fd_);
      fd_ = -1;
    }
  }
  if (fd_ < 0) throwIo(target_, "cannot create a unique temporary file in " + folder.string());
}

AtomicFile::~AtomicFile() {
  if (fd_ >= 0) {
    ::unlink(temp_.c_str());  // before close(), which drops the lock
    ::close(fd_);
  }
}

void AtomicFile::write(std::span<const std::uint8_t> bytes) {
  // Through the page cache, pieces of at most 256 KiB: on Linux 6.18 here, larger write()s made
  // the kernel build large page-cache folios, and writing 2 GiB in 4 MiB pieces took 4.7 s of
  // system time against 0.3 s in 256 KiB pieces (dd bs=4M / bs=256K).
  constexpr std::size_t kBufferedPiece = std::size_t{256} << 10;
  std::size_t done = 0;
  while (done < bytes.size()) {
    const std::size_t piece =
        direct_ ? bytes.size() - done : std::min(bytes.size() - done, kBufferedPiece);
    const ssize_t n = ::write(fd_, bytes.data() + done, piece);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EINVAL && direct_) {
      // The device wants another alignment, or the file system takes O_DIRECT in open() but
      // not in write(): the page cache takes anything.
      if (!setDirect(false)) throwIo(target_, "cannot write");
      continue;
    }
    if (n < 0) throwIo(target_, "cannot write");
    done += static_cast<std::size_t>(n);
  }
  wrote(bytes.size());
}

bool AtomicFile::setDirect(bool on) {
#ifdef __linux__
  if (on && !directWritesPay(fd_)) return false;
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, on ? flags | O_DIRECT : flags & ~O_DIRECT) != 0) {
    return false;
  }
  direct_ = on;
  return true;
#else
  return !on;
#endif
}

void AtomicFile::wrote(std::uint64_t bytes) {
  constexpr std::uint64_t kWritebackStep = std::uint64_t{32} << 20;
  written_ += bytes;
  if (direct_) writebackFrom_ = written_;  // on the disk already: nothing to write back
  if (durability_ != Durability::kSynced || written_ - writebackFrom_ < kWritebackStep) return;
#ifdef __linux__
  // Only starts the writes (it does not wait for them); an error shows again at fsync().
  ::sync_file_range(fd_, static_cast<off_t>(writebackFrom_),
                    static_cast<off_t>(written_ - writebackFrom_), SYNC_FILE_RANGE_WRITE);
#endif
  writebackFrom_ = written_;
}

void AtomicFile::write(std::string_view text) {
  write({reinterpret_cast<const std::uint8_t*>(text.data()), text.size()});
}

void AtomicFile::copyFrom(const std::filesystem::path& source, std::uint64_t offset,
                          std::uint64_t length) {
  FileDescriptor in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.get() < 0) throwIo(source, "cannot open");
  auto position = static_cast<off_t>(offset);
  while (length > 0) {
    ssize_t n = ::copy_file_range(in.get(), &position, fd_, nullptr, length, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Not supported across these file systems (or a short file): fall back to read and write.
      std::vector<std::uint8_t> buffer(std::min<std::uint64_t>(length, 1 << 20));
      while (length > 0) {
        std::size_t piece = std::min<std::uint64_t>(length, buffer.size());
        ssize_t r = ::pread(in.get(), buffer.data(), piece, position);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throwIo(source, "cannot read");
        write({buffer.data(), static_cast<std::size_t>(r)});
        position += r;
        length -= static_cast<std::uint64_t>(r);
      }
      return;
    }
    length -= static_cast<std::uint64_t>(n);
    wrote(static_cast<std::uint64_t>(n));
  }
}

void AtomicFile::commit() {
  if (durability_ == Durability::kSynced && ::fsync(fd_) != 0) {
    throwIo(target_, "cannot flush to disk");
  }
  // close() reports late write errors (NFS). A duplicate keeps the file open, and so locked
  // against removeStaleTempFiles(), until it is in place.
  const FileDescriptor lock(::dup(fd_));
  const int closed = ::close(fd_);
  fd_ = -1;
  if (closed != 0) {
    const int saved = errno;
    ::unlink(temp_.c_str());
    errno = saved;
    throwIo(target_, "cannot write");
  }
  int rc = 0;
  if (overwrite_) {
    rc = ::rename(temp_.c_str(), target_.c_str());
  } else {
    // link() fails when the target appeared meanwhile, where rename() would replace it.
    rc = ::link(temp_.c_str(), target_.c_str());
    if (rc != 0 && (errno == EPERM || errno == EOPNOTSUPP || errno == ENOSYS)) {
      // A file system without hard links: check and rename, with a window for a racing writer.
      refuseExistingOrUnlink(target_, temp_);
      rc = ::rename(temp_.c_str(), target_.c_str());
    } else if (rc == 0) {
      ::unlink(temp_.c_str());
    }
  }
  if (rc != 0) {
    int saved = errno;
    ::unlink(temp_.c_str());
    errno = saved;
    throwIo(target_, "cannot move the finished file into place");
  }
  if (durability_ == Durability::kDeferred) return;
  std::filesystem::path folder = target_.parent_path();
  FileDescriptor dir(::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY));
  if (dir.get() >= 0) ::fsync(dir.get());  // best effort: makes the rename itself durable
}

void writeFileAtomically(const std::filesystem::path& target, std::span<const std::uint8_t> bytes,
                         bool overwrite, mode_t mode, Durability durability, Folder folder) {
  AtomicFile file(target, overwrite, mode, durability, folder);
  file.write(bytes);
  file.commit();
}

std::filesystem::path defaultTempDir() {
  const char* env = std::getenv("TMPDIR");
  return env != nullptr && *env != '\0' ? env : "/tmp";
}

namespace {

// pread or pwrite until `bytes` is done, the file ends (read) or a call fails.
template <typename Byte, typename Call>
IoProgress transferFully(std::span<Byte> bytes, std::uint64_t offset, Call call) {
  IoProgress progress;
  while (progress.done < bytes.size()) {
    const ssize_t n = call(bytes.data() + progress.done, bytes.size() - progress.done,
                           static_cast<off_t>(offset + progress.done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      progress.error = n < 0 ? errno : 0;
      break;
    }
    progress.done += static_cast<std::size_t>(n);
  }
  return progress;
}

}  // namespace

IoProgress readFullyAt(const FileDescriptor& file, std::uint64_t offset,
                       std::span<std::uint8_t> out) {
  return transferFully(out, offset, [&](std::uint8_t* at, std::size_t size, off_t position) {
    return ::pread(file.get(), at, size, position);
  });
}

IoProgress writeFullyAt(const FileDescriptor& file, std::uint64_t offset,
                        std::span<const std::uint8_t> bytes) {
  return transferFully(bytes, offset,
                       [&](const std::uint8_t* at, std::size_t size, off_t position) {
                         return ::pwrite(file.get(), at, size, position);
                       });
}

std::unique_ptr<FileDescriptor> openUnnamedTempFile(const std::filesystem::path& dir) {
#ifdef O_TMPFILE
  const int unnamed = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (unnamed >= 0) return std::make_unique<FileDescriptor>(unnamed);
#endif
  // A file system without O_TMPFILE: a named file, unlinked at once.
  std::string pattern = (dir / "newsarc-tmp-XXXXXX").string();
  const int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) throwIo(dir, "cannot create a temporary file in this folder");
  ::unlink(pattern.c_str());
  return std::make_unique<FileDescriptor>(fd);
}

void syncFileSystem(const std::filesystem::path& folder) {
  FileDescriptor dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.get() < 0) throwIo(folder, "cannot open folder");
  if (::syncfs(dir.get()) != 0) throwIo(folder, "cannot flush to disk");
}

}  // namespace archive_news::internal
