// AtomicFile's rule for temporary files left by a writer that was killed: a writer holds an
// exclusive flock() on its temporary file `.NAME.tmp-XXXXXXXXXX`; the next writer of NAME
// removes those that nobody holds locked, and nothing else. (The SIGKILL loop over the tool is
// tests/faults/crash_test.sh.)
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <set>
#include <string>

#include "test_support.h"
#include "util/file_io.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

std::set<std::string> namesIn(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename());
  return names;
}

void touch(const fs::path& path) { writeFileBytes(path, toBytes("left over")); }

// An open, flock()ed file: a writer that is still alive.
class LockedFile {
 public:
  explicit LockedFile(const fs::path& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(::flock(fd_, LOCK_EX | LOCK_NB) == 0);
  }
  ~LockedFile() { ::close(fd_); }
  LockedFile(const LockedFile&) = delete;
  LockedFile& operator=(const LockedFile&) = delete;

 private:
  int fd_;
};

}  // namespace

TEST_CASE("a writer removes the unlocked temporary files of its target, and only those") {
  TempDir dir;
  const fs::path target = dir.path() / "day.newsarc";
  const std::set<std::string> kept = {
      ".day.newsarc.tmp-live000000",    // a live writer's (locked below)
      ".other.newsarc.tmp-0123456789",  // another target's
      ".day.newsarc.tmp-short",         // not a name AtomicFile makes
      ".day.newsarc.tmp-ABCDEFGHIJ",    // nor this (upper case)
      "day.newsarc.tmp-0123456789",     // nor this (no leading dot)
  };
  for (const auto& name : kept) touch(dir.path() / name);
  touch(dir.path() / ".day.newsarc.tmp-0123456789");                 // stale: removed
  touch(dir.path() / ".day.newsarc.tmp-zzzzzzzzzz");                 // stale: removed
  fs::create_directory(dir.path() / ".day.newsarc.tmp-aaaaaaaaaa");  // a folder: kept
  fs::create_symlink(dir.path() / "elsewhere", dir.path() / ".day.newsarc.tmp-bbbbbbbbbb");
  LockedFile live(dir.path() / ".day.newsarc.tmp-live000000");

  internal::writeFileAtomically(target, toBytes("new"), /*overwrite=*/false);

  std::set<std::string> expected = kept;
  expected.insert({"day.newsarc", ".day.newsarc.tmp-aaaaaaaaaa", ".day.newsarc.tmp-bbbbbbbbbb"});
  CHECK(namesIn(dir.path()) == expected);
  CHECK(readFileBytes(target) == toBytes("new"));
}

TEST_CASE("a writer's own temporary file is locked while it writes, and gone after") {
  TempDir dir;
  const fs::path target = dir.path() / "key.pub";
  {
    internal::AtomicFile first(target, /*overwrite=*/true);
    first.write(toBytes("first"));
    // A second writer of the same target must not take the first one's file for stale.
    internal::AtomicFile second(target, /*overwrite=*/true);
    second.write(toBytes("second"));
    CHECK(namesIn(dir.path()).size() == 2);
    second.commit();
    first.commit();
  }
  CHECK(namesIn(dir.path()) == std::set<std::string>{"key.pub"});
  CHECK(readFileBytes(target) == toBytes("first"));
  {
    internal::AtomicFile abandoned(target, /*overwrite=*/true);
    abandoned.write(toBytes("never committed"));
  }
  CHECK(namesIn(dir.path()) == std::set<std::string>{"key.pub"});
  CHECK(readFileBytes(target) == toBytes("first"));
}

TEST_CASE("a large file, written back to disk in steps as it is written, comes back whole") {
  // Past each 32 MiB step a kSynced AtomicFile starts the kernel's write-back of what it has
  // written (sync_file_range); pieces of odd sizes, and a copy from another file, cross the
  // steps at places that are not multiples of anything.
  TempDir dir;
  const fs::path source = dir.path() / "source.bin";
  Bytes tail(5 << 20);
  for (std::size_t i = 0; i < tail.size(); ++i) tail[i] = static_cast<std::uint8_t>(i * 131 + 7);
  writeFileBytes(source, tail);
  Bytes expected;
  const fs::path target = dir.path() / "big.newsarc";
  {
    internal::AtomicFile file(target, /*overwrite=*/false);
    Bytes piece(3'000'017);
    for (int n = 0; n < 25; ++n) {
      for (std::size_t i = 0; i < piece.size(); ++i) piece[i] = static_cast<std::uint8_t>(n + i);
      file.write(piece);
      expected.insert(expected.end(), piece.begin(), piece.end());
    }
    file.copyFrom(source, 1, tail.size() - 1);
    expected.insert(expected.end(), tail.begin() + 1, tail.end());
    file.commit();
  }
  CHECK(expected.size() > (std::size_t{70} << 20));
  CHECK(readFileBytes(target) == expected);
}
