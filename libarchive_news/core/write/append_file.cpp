#include "core/write/append_file.h"

#include <archive_news/error.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/container.h"

namespace archive_news::internal {
namespace {

constexpr std::size_t kFlushSize = std::size_t{1} << 20;

[[noreturn]] void fail(const std::filesystem::path& path, const std::string& what, int error) {
  throw Error(ErrorCode::kIOError, path.string(), std::nullopt,
              what + (error != 0 ? ": " + std::string(std::strerror(error)) : ""));
}

}  // namespace

std::unique_ptr<FileDescriptor> lockBundleFile(const std::filesystem::path& path, LockFor use) {
  const bool append = use == LockFor::kAppend;
  auto fd = std::make_unique<FileDescriptor>(
      ::open(path.c_str(), (append ? O_RDWR : O_RDONLY) | O_CLOEXEC));
  if (fd->get() < 0) fail(path, append ? "cannot open for writing" : "cannot open", errno);
  struct stat opened {};
  if (::fstat(fd->get(), &opened) != 0) fail(path, "cannot read its size", errno);
  if (!S_ISREG(opened.st_mode)) fail(path, "is not a regular file", 0);
  if (::flock(fd->get(), (use == LockFor::kRead ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      fail(path,
           "is being written by another process (an append or a signature); try again "
           "once it has finished",
           0);
    }
    fail(path, "cannot lock", errno);
  }
  // A signer replaces the file by renaming a new one over it: a lock on the old one locks
  // nothing that will be read again.
  struct stat named {};
  if (::stat(path.c_str(), &named) != 0 || named.st_ino != opened.st_ino ||
      named.st_dev != opened.st_dev) {
    fail(path, "was replaced while it was being opened; try again", 0);
  }
  return fd;
}

AppendFile::AppendFile(const std::filesystem::path& path)
    : path_(path), file_(lockBundleFile(path, LockFor::kAppend)) {
  struct stat st {};
  if (::fstat(file_->get(), &st) != 0) fail(path_, "cannot read its size", errno);
  previousSize_ = static_cast<std::uint64_t>(st.st_size);
  if (previousSize_ > 0) {
    void* mapped = ::mmap(nullptr, previousSize_, PROT_READ, MAP_SHARED, file_->get(), 0);
    if (mapped == MAP_FAILED) fail(path_, "cannot map", errno);
    mapped_ = static_cast<const std::uint8_t*>(mapped);
  }
}

AppendFile::~AppendFile() {
  if (!closed_) {
    // Best effort: the previous state is whole whatever follows it, and recover cuts what stays.
    if (::ftruncate(file_->get(), static_cast<off_t>(previousSize_)) == 0) {
      ::fdatasync(file_->get());
    }
  }
  if (mapped_ != nullptr) ::munmap(const_cast<std::uint8_t*>(mapped_), previousSize_);
}

void AppendFile::flush(std::size_t keep) {
  const std::size_t n = buffer_.size() - keep;
  const IoProgress done =
      writeFullyAt(*file_, previousSize_ + written_, std::span(buffer_).first(n));
  if (done.done != n) fail(path_, "cannot append the new state", done.error);
  written_ += n;
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
}

void AppendFile::write(std::span<const std::uint8_t> bytes) {
  buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  if (buffer_.size() >= kFlushSize + kFooterSize) flush(kFooterSize);
}

void AppendFile::close() {
  if (buffer_.size() < kFooterSize) fail(path_, "an append ended before its footer", 0);
  flush(kFooterSize);
  if (::fdatasync(file_->get()) != 0) fail(path_, "cannot flush the new state to disk", errno);
  flush(0);
  if (::fdatasync(file_->get()) != 0) fail(path_, "cannot flush the new footer to disk", errno);
  closed_ = true;
}

}  // namespace archive_news::internal
