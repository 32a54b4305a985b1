// Memory stays bounded on hostile input: every file of the broken-file corpus is opened, listed,
// read whole and verified in a child process whose address space may grow by only 128 MiB
// (RLIMIT_AS), and must still fail exactly as MANIFEST.tsv says, with archive_news::Error or a
// failed check, never std::bad_alloc or a crash. The files claim manifests of 1 TiB, lists of
// 2^29 elements, frames of 2^40 bytes and windows of 1 GiB: a reader that believed any of them
// would run out of address space here.
//
// Not under ASan (label no-asan), nor TSan: their runtimes reserve terabytes of address space for
// shadow memory, which no RLIMIT_AS can allow. A binary of its own, so that the label is set in
// tests/faults/CMakeLists.txt.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <doctest/doctest.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <new>
#include <string>

#include "corpus_outcome.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

constexpr std::uint64_t kHeadroom = std::uint64_t{128} << 20;

// The address space this process uses now, from /proc/self/statm (pages).
std::uint64_t addressSpaceInUse() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t pages = 0;
  statm >> pages;
  return pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Open, list, read everything and verify; only Error may stop it.
void readerSweep(const std::filesystem::path& path) {
  try {
    const Bundle bundle = Bundle::open(path);
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) bundle.summary(i);
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
      try {
        const Article a = bundle.article(i);
        for (const auto& image : a.images) bundle.read(image.content);
        for (const auto& attachment : a.attachments) bundle.read(attachment.content);
      } catch (const Error&) {
        // the next article may still read
      }
    }
    verify(bundle, VerifyOptions{});
  } catch (const Error&) {
    // a clear error is what hostile input must give
  }
}

// Runs the sweep and the manifest's stage in a child under the limit. Returns what went wrong,
// or "" when the child exited normally with the expected outcome.
std::string underLimit(const CorpusEntry& entry) {
  int pipeFds[2];
  REQUIRE(::pipe(pipeFds) == 0);
  const std::uint64_t limit = addressSpaceInUse() + kHeadroom;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    ::close(pipeFds[0]);
    const rlimit rl{limit, limit};
    std::string report;
    if (::setrlimit(RLIMIT_AS, &rl) != 0) {
      report = "cannot set RLIMIT_AS";
    } else {
      try {
        readerSweep(invalidCorpusDir() / entry.file);
        auto [got, message] = corpusOutcome(entry);
        if (got != entry.expected || message.find(entry.substring) == std::string::npos) {
          report = "got " + got + ": " + message;
        }
      } catch (const std::bad_alloc&) {
        report = "std::bad_alloc";
      } catch (const std::exception& e) {
        report = std::string("exception: ") + e.what();
      }
    }
    const ssize_t written = ::write(pipeFds[1], report.data(), report.size());
    ::_exit(written == static_cast<ssize_t>(report.size()) ? 0 : 2);
  }
  ::close(pipeFds[1]);
  std::string report;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipeFds[0], buffer, sizeof buffer)) > 0;) report.append(buffer, n);
  ::close(pipeFds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  if (WIFSIGNALED(status)) return "killed by signal " + std::to_string(WTERMSIG(status));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return "exit " + std::to_string(status);
  return report;
}

}  // namespace

TEST_CASE("every broken file fails as expected within 128 MiB more address space") {
  std::size_t files = 0;
  for (const CorpusEntry& entry : readCorpusManifest()) {
    INFO(entry.file);
    CHECK(underLimit(entry) == "");
    ++files;
  }
  MESSAGE(files << " broken files checked under RLIMIT_AS");
  CHECK(files >= 30);
}

TEST_CASE("the address-space limit is real: a reader that believed a claim would fail") {
  // The same child, asked for 4 GiB, as a reader copying a manifest of the size a footer claims
  // would be.
  const std::uint64_t limit = addressSpaceInUse() + kHeadroom;
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const rlimit rl{limit, limit};
    if (::setrlimit(RLIMIT_AS, &rl) != 0) ::_exit(2);
    try {
      std::string claimed(std::size_t{1} << 32, 'x');
      ::_exit(claimed.size() == 0 ? 3 : 1);  // allocated: the limit does not hold
    } catch (const std::bad_alloc&) {
      ::_exit(0);
    }
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
