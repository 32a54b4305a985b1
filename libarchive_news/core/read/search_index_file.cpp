// A state's full-text index handed to a search engine that reads files by itself (Xapian opens
// a database from a descriptor positioned at its first byte): the bundle's own file when there
// is one, so that nothing is copied and only the pages a query needs are read.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/container.h"
#include "core/common/seal.h"
#include "core/common/sha256.h"
#include "core/read/bundle_impl.h"
#include "core/read/range_mirror.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

[[noreturn]] void failIo(const std::string& name, const std::string& what) {
  throw Error(ErrorCode::kIOError, name, std::nullopt, what + ": " + std::strerror(errno));
}

// The file the path named when the bundle was opened, or an error: the index must be read from
// the bytes that were checked, not from a file put in its place since.
int reopen(const internal::FileIdentity& origin) {
  const int fd = ::open(origin.path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) failIo(origin.path.string(), "cannot be opened again to read its search index");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_dev != origin.device || st.st_ino != origin.inode) {
    ::close(fd);
    errno = ESTALE;
    failIo(origin.path.string(), "names another file than the one opened");
  }
  return fd;
}

// A caller's buffer has no file: a temporary one, without a name, holds the index.
int temporaryCopy(std::span<const std::uint8_t> index, const std::string& name) {
  const auto file = internal::openUnnamedTempFile(internal::defaultTempDir());
  const internal::IoProgress put = internal::writeFullyAt(*file, 0, index);
  if (put.done != index.size()) {
    errno = put.error != 0 ? put.error : ENOSPC;
    failIo(name, "search index cannot be copied to a temporary file in " +
                     internal::defaultTempDir().string());
  }
  const int fd = ::dup(file->get());
  if (fd < 0) failIo(name, "cannot duplicate a descriptor");
  return fd;
}

}  // namespace

std::optional<SearchIndexInfo> Bundle::searchIndex() const {
  const internal::Seal& seal = impl_->reader->tail().seal;
  if (!seal.searchIndex) return std::nullopt;
  const internal::ExtentRef& extent = seal.searchIndex->extent;
  return SearchIndexInfo{extent.offset,
                         extent.storedSize,
                         extent.storedDigest,
                         seal.searchIndex->engine,
                         seal.searchIndex->documents,
                         seal.sequence};
}

int Bundle::openSearchIndex() const {
  const std::optional<SearchIndexInfo> index = searchIndex();
  if (!index) {
    throw Error(
        ErrorCode::kNotFound, impl_->name, std::nullopt,
        "state " + std::to_string(impl_->reader->tail().seal.sequence) + " holds no search index");
  }
  internal::ensureBytes(impl_->file, index->offset, index->size);
  const std::span<const std::uint8_t> bytes = impl_->file.subspan(index->offset, index->size);
  const Digest found = internal::sha256(bytes);
  if (found != index->digest) {
    throw Error(ErrorCode::kCorruption, impl_->name, index->offset,
                "search index: sha256 " + internal::hex(found) + "; the seal names " +
                    internal::hex(index->digest));
  }
  if (!impl_->origin && impl_->mirrorDescriptor < 0) return temporaryCopy(bytes, impl_->name);
  const int fd =
      impl_->origin ? reopen(*impl_->origin) : ::fcntl(impl_->mirrorDescriptor, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) failIo(impl_->name, "cannot duplicate a descriptor");
  if (::lseek(fd, static_cast<off_t>(index->offset), SEEK_SET) < 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    failIo(impl_->name, "cannot seek to its search index");
  }
  return fd;
}

}  // namespace archive_news
