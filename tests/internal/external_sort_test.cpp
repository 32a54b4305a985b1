// The external merge sort (core/write/external_sort.h): random records against std::stable_sort,
// at and around the memory budget, with merges of several passes; its memory bound; no file left
// in the temporary folder; and the errors of an unusable folder, a failed write and a damaged run.
#include "core/write/external_sort.h"

#include <doctest/doctest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <random>
#include <string>

#include "test_support.h"

using namespace archive_news;
using namespace archive_news::internal;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

struct Rec {
  std::string key;
  Bytes value;
  bool operator==(const Rec&) const = default;
};

// Keys from a small alphabet, so that many are equal or prefixes of each other; bytes above 0x7f
// check that keys compare as unsigned bytes.
std::vector<Rec> randomRecords(unsigned seed, std::size_t count, std::size_t maxKey,
                               std::size_t maxValue) {
  std::mt19937 random(seed);
  const std::string alphabet = std::string("ab\0\xff", 4);
  std::vector<Rec> out(count);
  for (Rec& rec : out) {
    rec.key.resize(random() % (maxKey + 1));
    for (char& c : rec.key) c = alphabet[random() % alphabet.size()];
    rec.value.resize(random() % (maxValue + 1));
    for (std::uint8_t& b : rec.value) b = static_cast<std::uint8_t>(random());
  }
  return out;
}

std::vector<Rec> stableSorted(std::vector<Rec> records) {
  std::stable_sort(records.begin(), records.end(),
                   [](const Rec& a, const Rec& b) { return a.key < b.key; });
  return records;
}

std::vector<Rec> drain(ExternalSorter& sorter) {
  sorter.finish();
  std::vector<Rec> out;
  ExternalSorter::Record record;
  while (sorter.next(record)) {
    out.push_back(Rec{std::string(record.key), Bytes(record.value.begin(), record.value.end())});
  }
  return out;
}

bool isEmptyDir(const fs::path& dir) { return fs::is_empty(dir); }

struct Outcome {
  std::vector<Rec> sorted;
  std::size_t runs = 0;
  std::size_t passes = 0;
};

// Sorts `records` in a fresh temporary folder, checking the memory bound and that the folder
// stays empty while the sorter works and after it is gone.
Outcome sortWith(const std::vector<Rec>& records, ExternalSortOptions options) {
  TempDir dir;
  options.tempDir = dir.path();
  Outcome outcome;
  std::size_t largest = 0;
  {
    ExternalSorter sorter(options);
    for (const Rec& rec : records) {
      sorter.add(rec.key, rec.value);
      largest = std::max(largest, rec.key.size() + rec.value.size() + 16);
    }
    CHECK(isEmptyDir(dir.path()));
    outcome.sorted = drain(sorter);
    CHECK(isEmptyDir(dir.path()));
    outcome.runs = sorter.runsWritten();
    outcome.passes = sorter.mergePasses();
    CHECK(sorter.peakRunBytes() <= options.memoryBudget + largest);
    const std::size_t buffer = std::max(options.readBuffer, largest);
    CHECK(sorter.peakBufferBytes() <= (options.maxFanIn + 1) * buffer);
  }
  CHECK(isEmptyDir(dir.path()));
  return outcome;
}

ExternalSortOptions tiny(std::size_t budget, std::size_t fanIn) {
  ExternalSortOptions options;
  options.memoryBudget = budget;
  options.maxFanIn = fanIn;
  options.readBuffer = 64;
  return options;
}

}  // namespace

TEST_CASE("external sort: nothing added") {
  const Outcome outcome = sortWith({}, ExternalSortOptions{});
  CHECK(outcome.sorted.empty());
  CHECK(outcome.runs == 0);
}

TEST_CASE("external sort: one record") {
  const std::vector<Rec> one = {Rec{"id", Bytes{1, 2, 3}}};
  CHECK(sortWith(one, ExternalSortOptions{}).sorted == one);
  // Over the budget, but alone: it stays in memory.
  const Outcome alone = sortWith(one, tiny(0, 2));
  CHECK(alone.sorted == one);
  CHECK(alone.runs == 0);
}

TEST_CASE("external sort: all in memory") {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    const std::vector<Rec> records = randomRecords(seed, 2000, 6, 40);
    const Outcome outcome = sortWith(records, ExternalSortOptions{});
    CHECK(outcome.runs == 0);
    CHECK(outcome.sorted == stableSorted(records));
  }
}

TEST_CASE("external sort: a record exactly the size of the budget stays in memory") {
  // Held bytes: key and value, and 16 bytes of bookkeeping.
  const std::vector<Rec> one = {Rec{"key", Bytes(1000 - 3 - 16, 7)}};
  TempDir dir;
  ExternalSortOptions options = tiny(1000, 2);
  options.tempDir = dir.path();
  ExternalSorter sorter(options);
  sorter.add(one[0].key, one[0].value);
  CHECK(drain(sorter) == one);
  CHECK(sorter.runsWritten() == 0);
  CHECK(sorter.peakRunBytes() == 1000);
  // One byte more than the budget: still sorted, as a run of its own.
  const std::vector<Rec> two = {Rec{"b", Bytes(1000 - 16, 1)}, Rec{"a", Bytes(1000 - 16, 2)}};
  const Outcome outcome = sortWith(two, tiny(1000, 2));
  CHECK(outcome.runs == 2);
  CHECK(outcome.sorted == stableSorted(two));
}

TEST_CASE("external sort: around the budget") {
  const std::vector<Rec> records = randomRecords(7, 500, 8, 30);
  std::size_t total = 0;
  for (const Rec& rec : records) total += rec.key.size() + rec.value.size() + 16;
  for (std::size_t budget : {total - 1, total, total + 1, 2 * total}) {
    CAPTURE(budget);
    CHECK(sortWith(records, tiny(budget, 4)).sorted == stableSorted(records));
  }
}

TEST_CASE("external sort: many runs, merged in several passes") {
  for (std::size_t fanIn : {2, 3, 64}) {
    for (unsigned seed = 11; seed <= 13; ++seed) {
      CAPTURE(fanIn);
      CAPTURE(seed);
      const std::vector<Rec> records = randomRecords(seed, 3000, 10, 50);
      const Outcome outcome = sortWith(records, tiny(2000, fanIn));
      CHECK(outcome.sorted == stableSorted(records));
      CHECK(outcome.runs > 20);
      if (fanIn < 64) CHECK(outcome.passes >= 3);
    }
  }
}

TEST_CASE("external sort: equal keys keep their insertion order across runs") {
  std::vector<Rec> records;
  for (std::size_t i = 0; i < 400; ++i) {
    const std::string n = std::to_string(i);
    records.push_back(
        Rec{i % 3 == 0 ? "same" : "k" + std::to_string(i % 7), Bytes(n.begin(), n.end())});
  }
  const Outcome outcome = sortWith(records, tiny(300, 3));
  CHECK(outcome.runs > 10);
  CHECK(outcome.sorted == stableSorted(records));
}

TEST_CASE("external sort: empty keys and empty values") {
  std::vector<Rec> records = randomRecords(21, 600, 2, 3);
  records.push_back(Rec{"", Bytes{}});
  records.insert(records.begin(), Rec{"", Bytes{}});
  for (std::size_t budget : {std::size_t{0}, std::size_t{100}, std::size_t{1} << 20}) {
    CAPTURE(budget);
    CHECK(sortWith(records, tiny(budget, 3)).sorted == stableSorted(records));
  }
}

TEST_CASE("external sort: values larger than the budget and the read buffer") {
  std::vector<Rec> records = randomRecords(31, 200, 4, 20);
  records[50].value.assign(100000, 0xab);
  records[120].value.assign(70000, 0xcd);
  records[121].key.assign(5000, 'a');
  const Outcome outcome = sortWith(records, tiny(1000, 3));
  CHECK(outcome.sorted == stableSorted(records));
}

TEST_CASE("external sort: an unusable temporary folder is an I/O error naming it") {
  TempDir dir;
  const fs::path missing = dir.path() / "missing";
  const fs::path file = dir.path() / "file";
  writeFileAtomically(file, Bytes{1}, false);
  for (const fs::path& tempDir : {missing, file / "below"}) {
    ExternalSortOptions options = tiny(100, 2);
    options.tempDir = tempDir;
    ExternalSorter sorter(options);
    sorter.add("a", Bytes(200, 1));
    try {
      sorter.add("b", Bytes(200, 2));
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kIOError);
      CHECK(e.file() == tempDir.string());
    }
  }
}

TEST_CASE("external sort: a failed write is an I/O error") {
  // A lower file size limit: writes past it fail with EFBIG, as writes to a full disk fail with
  // ENOSPC.
  rlimit saved{};
  REQUIRE(::getrlimit(RLIMIT_FSIZE, &saved) == 0);
  const auto previous = std::signal(SIGXFSZ, SIG_IGN);
  rlimit limit = saved;
  limit.rlim_cur = 10000;
  REQUIRE(::setrlimit(RLIMIT_FSIZE, &limit) == 0);
  TempDir dir;
  ExternalSortOptions options = tiny(1000, 2);
  options.tempDir = dir.path();
  ExternalSorter sorter(options);
  const ErrorCode code = codeOf([&] {
    for (const Rec& rec : randomRecords(41, 2000, 8, 40)) sorter.add(rec.key, rec.value);
  });
  ::setrlimit(RLIMIT_FSIZE, &saved);
  std::signal(SIGXFSZ, previous);
  CHECK(code == ErrorCode::kIOError);
}

TEST_CASE("external sort: a damaged run is an I/O error") {
  TempDir dir;
  ExternalSortOptions options = tiny(500, 64);
  options.tempDir = dir.path();
  ExternalSorter sorter(options);
  for (const Rec& rec : randomRecords(51, 300, 8, 40)) sorter.add(rec.key, rec.value);
  // The run file has no name; it is found through the descriptors of this process.
  int truncated = 0;
  for (const auto& entry : fs::directory_iterator("/proc/self/fd")) {
    std::error_code ec;
    const std::string target = fs::read_symlink(entry.path(), ec).string();
    if (ec || !target.starts_with(dir.path().string())) continue;
    const int fd = std::stoi(entry.path().filename().string());
    REQUIRE(::ftruncate(fd, ::lseek(fd, 0, SEEK_END) / 2) == 0);
    ++truncated;
  }
  REQUIRE(truncated == 1);
  CHECK(codeOf([&] { drain(sorter); }) == ErrorCode::kIOError);
}

TEST_CASE("external sort: calls out of order are refused") {
  ExternalSorter sorter;
  ExternalSorter::Record record;
  CHECK(codeOf([&] { sorter.next(record); }) == ErrorCode::kInvalidArgument);
  sorter.finish();
  CHECK(codeOf([&] { sorter.add("a", Bytes{}); }) == ErrorCode::kInvalidArgument);
  CHECK_FALSE(sorter.next(record));
}
