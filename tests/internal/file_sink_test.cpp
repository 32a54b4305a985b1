// The sink BundleWriter::create() writes through: a thread of its own writes whole blocks, with
// O_DIRECT where the file system takes it, while the caller fills the next block.
#include "core/write/file_sink.h"

#include <doctest/doctest.h>
#include <sys/resource.h>

#include <csignal>
#include <filesystem>
#include <random>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

// Writes `bytes` through a sink in pieces of random sizes, from none to three blocks.
void writeInPieces(ByteSink& sink, const Bytes& bytes, std::size_t blockSize, unsigned seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<std::size_t> pieceSize(0, 3 * blockSize);
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t n = std::min(pieceSize(random), bytes.size() - at);
    sink.write({bytes.data() + at, n});
    at += n;
  }
}

// A lower file size limit for the life of the object: writes past it fail with EFBIG, as writes
// to a full disk fail with ENOSPC.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved_) == 0);
    previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
    rlimit limit = saved_;
    limit.rlim_cur = bytes;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
  }
  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &saved_);
    std::signal(SIGXFSZ, previousHandler_);
  }
  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit saved_{};
  void (*previousHandler_)(int) = nullptr;
};

}  // namespace

TEST_CASE("the bundle file sink writes every byte in order, whatever the sizes of the pieces") {
  // /tmp takes O_DIRECT on the machines here; /dev/shm (tmpfs) refuses it, so the sink goes
  // through the page cache there.
  TempDir onDisk;
  std::vector<fs::path> folders{onDisk.path()};
  std::error_code ec;
  if (fs::is_directory("/dev/shm", ec)) folders.push_back("/dev/shm");
  for (const fs::path& folder : folders) {
    for (std::size_t blockSize : {std::size_t{4096}, std::size_t{64} << 10}) {
      for (std::size_t size :
           {std::size_t{0}, std::size_t{1}, blockSize, 2 * blockSize, 37 * blockSize + 123}) {
        CAPTURE(folder);
        CAPTURE(blockSize);
        CAPTURE(size);
        const fs::path path = folder / ("sink-test-" + std::to_string(::getpid()) + ".bin");
        const Bytes bytes = randomBytes(size, static_cast<std::uint32_t>(size + blockSize));
        {
          std::unique_ptr<ByteSink> sink =
              internal::makeFileSink(path, /*overwrite=*/false, blockSize);
          writeInPieces(*sink, bytes, blockSize, static_cast<unsigned>(size));
          sink->close();
        }
        CHECK(readFileBytes(path) == bytes);
        fs::remove(path);
      }
    }
  }
}

TEST_CASE("an error of the sink's thread is thrown by the next call, and no file is left") {
  TempDir dir;
  const fs::path path = dir.path() / "full.newsarc";
  const std::size_t blockSize = 4096;
  const Bytes bytes = randomBytes(64 * blockSize, 7);
  std::string reason;
  {
    FileSizeLimit limit(16 * blockSize);
    std::unique_ptr<ByteSink> sink = internal::makeFileSink(path, /*overwrite=*/false, blockSize);
    try {
      writeInPieces(*sink, bytes, blockSize, 1);
      sink->close();
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kIOError);
      reason = e.what();
    }
  }
  CHECK(reason.find("full.newsarc: cannot write: File too large") != std::string::npos);
  CHECK(fs::is_empty(dir.path()));
}
