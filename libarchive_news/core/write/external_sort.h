// An external merge sort of records (key bytes, value bytes) in bounded memory, for writers that
// must order more entries than they may hold (docs/design/format-2.md, section 6).
//
// Records are ordered by key bytes (memcmp order; on a common prefix the shorter key first) and
// the sort is stable: records with equal keys come out in the order they were added, so a caller
// finds duplicates adjacent and knows which came first.
//
// Records accumulate in memory up to Options::memoryBudget; a full run is sorted and appended to
// an unnamed temporary file (nothing is left behind if the process dies). finish() merges the runs,
// at most maxFanIn at a time, in passes through a second unnamed file while more remain.
// Memory held: at most memoryBudget + (maxFanIn + 1) * readBuffer + a few hundred bytes, plus the
// largest record where a record alone is larger than the budget or the read buffer. (The run in
// memory is freed before the merge, so in fact the larger of the two parts, plus one buffer.)
// The in-memory run is counted by what its buffers can hold; while one of them grows, the old
// copy is briefly held too.
// Every failure of the temporary files is Error(kIOError) naming Options::tempDir.
#ifndef ARCHIVE_NEWS_CORE_WRITE_EXTERNAL_SORT_H_
#define ARCHIVE_NEWS_CORE_WRITE_EXTERNAL_SORT_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "util/file_io.h"

namespace archive_news::internal {

struct ExternalSortOptions {
  // The bytes of records held in memory (keys, values and 16 bytes of bookkeeping each; a record
  // with an empty key and value counts 1 byte).
  std::size_t memoryBudget = std::size_t{8} << 20;
  // Empty: defaultTempDir() ($TMPDIR or /tmp).
  std::filesystem::path tempDir;
  // The most runs merged at once (at least 2).
  std::size_t maxFanIn = 64;
  // The buffer of each run being read, and of the run being written.
  std::size_t readBuffer = std::size_t{64} << 10;
};

class ExternalSorter {
 public:
  using Options = ExternalSortOptions;
  // Views into the sorter, valid until the next call of next() or the sorter's destruction.
  struct Record {
    std::string_view key;
    std::span<const std::uint8_t> value;
  };
  // One run read back from a temporary file, and a k-way merge of such runs (external_sort.cpp).
  class RunReader;
  class Merger;

  explicit ExternalSorter(Options options = {});
  ~ExternalSorter();
  ExternalSorter(const ExternalSorter&) = delete;
  ExternalSorter& operator=(const ExternalSorter&) = delete;

  // Keys and values of up to 4 GiB - 1 each (Error(kInvalidArgument) beyond).
  void add(std::string_view key, std::span<const std::uint8_t> value);
  // Ends adding; next() then gives the records in order.
  void finish();
  // The next record in order into `record`; false once all were given.
  bool next(Record& record);

  // For tests and measurements.
  std::size_t runsWritten() const { return runsWritten_; }
  std::size_t mergePasses() const { return mergePasses_; }
  // The most bytes the in-memory run held (the capacity of its buffers) at any time.
  std::size_t peakRunBytes() const { return peakRunBytes_; }
  // The most bytes the run files' read and write buffers held at any one time.
  std::size_t peakBufferBytes() const { return buffers_.peak; }

 private:
  // A record of the in-memory run: its key then its value at `offset` in arena_. Offsets
  // strictly grow with insertion order, so they break ties between equal keys (a stable sort
  // without the temporary buffer std::stable_sort would allocate).
  struct Entry {
    std::uint64_t offset;
    std::uint32_t keySize;
    std::uint32_t valueSize;
  };
  // A sorted run in a temporary file.
  struct Run {
    std::uint64_t offset;
    std::uint64_t size;
  };
  enum class State { kAdding, kInMemory, kMerging };
  // The bytes of the run files' buffers, now and at the most.
  struct BufferMeter {
    std::size_t now = 0;
    std::size_t peak = 0;
    void change(std::size_t from, std::size_t to);
  };
  class RunWriter;

  std::size_t heldRunBytes() const;
  std::size_t heldAfterAdding(std::size_t bytes) const;
  void reserveFor(std::size_t bytes);
  void sortRun();
  void spill();
  void releaseRun();
  void mergePass();
  std::string_view keyOf(const Entry& entry) const;
  void requireState(State state, const char* operation) const;

  Options options_;
  State state_ = State::kAdding;
  std::vector<std::uint8_t> arena_;
  std::vector<Entry> entries_;
  std::size_t nextEntry_ = 0;
  // Runs live in files_[0]; a merge pass writes its runs to files_[1] and the two swap.
  std::unique_ptr<FileDescriptor> files_[2];
  std::uint64_t fileEnd_ = 0;
  std::vector<Run> runs_;
  std::unique_ptr<Merger> merger_;
  std::size_t runsWritten_ = 0;
  std::size_t mergePasses_ = 0;
  std::size_t peakRunBytes_ = 0;
  BufferMeter buffers_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_EXTERNAL_SORT_H_
