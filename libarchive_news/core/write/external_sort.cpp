#include "core/write/external_sort.h"

#include <archive_news/error.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "core/common/little_endian.h"

namespace archive_news::internal {
namespace {

// A record in a run file: key size and value size (4 bytes each, little-endian), key, value.
constexpr std::size_t kFrameHeader = 8;
// The in-memory run grows from this size on, not one record at a time.
constexpr std::size_t kMinGrowth = 4096;

[[noreturn]] void failIo(const std::filesystem::path& dir, std::optional<std::uint64_t> offset,
                         const std::string& reason) {
  throw Error(ErrorCode::kIOError, dir.string(), offset, reason);
}

std::string errnoText() { return std::strerror(errno); }

// Writes all of `bytes` at `offset`: a short write goes on, a failure (ENOSPC) is thrown.
void writeAt(const FileDescriptor& file, std::uint64_t offset, std::span<const std::uint8_t> bytes,
             const std::filesystem::path& dir) {
  const IoProgress put = writeFullyAt(file, offset, bytes);
  if (put.done == bytes.size()) return;
  failIo(dir, offset + put.done,
         "cannot write a temporary run of the external sort (" +
             (put.error == 0 ? std::string("nothing written") : std::strerror(put.error)) +
             "); expected " + std::to_string(bytes.size() - put.done) + " more bytes written");
}

// Reads exactly out.size() bytes at `offset`: a file that ends first is an error.
void readAt(const FileDescriptor& file, std::uint64_t offset, std::span<std::uint8_t> out,
            const std::filesystem::path& dir) {
  const IoProgress got = readFullyAt(file, offset, out);
  if (got.done == out.size()) return;
  if (got.error != 0) {
    failIo(dir, offset + got.done,
           std::string("cannot read a temporary run of the external sort: ") +
               std::strerror(got.error));
  }
  failIo(dir, offset + got.done,
         "a temporary run of the external sort ends early; expected " +
             std::to_string(out.size() - got.done) + " more bytes");
}

std::string_view textOf(const std::uint8_t* at, std::size_t size) {
  return {reinterpret_cast<const char*>(at), size};
}

// Grows `v` to hold `needed` elements: doubling, but not past `limit` (what the budget leaves)
// unless one record needs more.
template <typename T>
void growWithin(std::vector<T>& v, std::size_t needed, std::size_t limit) {
  if (needed <= v.capacity()) return;
  const std::size_t doubled = std::max(2 * v.capacity(), kMinGrowth / sizeof(T));
  v.reserve(std::max(needed, std::min(doubled, limit)));
}

}  // namespace

void ExternalSorter::BufferMeter::change(std::size_t from, std::size_t to) {
  now = now - from + to;
  peak = std::max(peak, now);
}

// Appends framed records to a run file through a buffer of Options::readBuffer bytes.
class ExternalSorter::RunWriter {
 public:
  RunWriter(ExternalSorter& sorter, const FileDescriptor& file, std::uint64_t offset)
      : sorter_(sorter), file_(file), start_(offset), at_(offset) {
    buffer_.reserve(sorter_.options_.readBuffer);
    sorter_.buffers_.change(0, buffer_.capacity());
  }
  ~RunWriter() { sorter_.buffers_.change(buffer_.capacity(), 0); }
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;

  void append(std::string_view key, std::span<const std::uint8_t> value) {
    std::uint8_t header[kFrameHeader];
    putU32(header, static_cast<std::uint32_t>(key.size()));
    putU32(header + 4, static_cast<std::uint32_t>(value.size()));
    put(header);
    put({reinterpret_cast<const std::uint8_t*>(key.data()), key.size()});
    put(value);
  }
  Run finish() {
    flush();
    return Run{start_, at_ - start_};
  }

 private:
  void put(std::span<const std::uint8_t> bytes) {
    if (buffer_.size() + bytes.size() > buffer_.capacity()) flush();
    if (bytes.size() < buffer_.capacity()) {
      buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
      return;
    }
    // A piece as large as the buffer goes straight to the file, not copied.
    writeAt(file_, at_, bytes, sorter_.options_.tempDir);
    at_ += bytes.size();
  }
  void flush() {
    writeAt(file_, at_, buffer_, sorter_.options_.tempDir);
    at_ += buffer_.size();
    buffer_.clear();
  }

  ExternalSorter& sorter_;
  const FileDescriptor& file_;
  std::uint64_t start_;
  std::uint64_t at_;  // where the buffered bytes go
  std::vector<std::uint8_t> buffer_;
};

// Reads the records of one run in order, through a buffer of Options::readBuffer bytes; the
// current record is whole in the buffer, so key() and value() are views into it.
class ExternalSorter::RunReader {
 public:
  RunReader(ExternalSorter& sorter, const FileDescriptor& file, Run run)
      : sorter_(sorter),
        file_(file),
        next_(run.offset),
        left_(run.size),
        buffer_(sorter.options_.readBuffer) {
    sorter_.buffers_.change(0, buffer_.size());
  }
  ~RunReader() { sorter_.buffers_.change(buffer_.size(), 0); }
  RunReader(const RunReader&) = delete;
  RunReader& operator=(const RunReader&) = delete;

  // Steps to the next record; false at the end of the run.
  bool advance() {
    begin_ += current_;
    current_ = 0;
    if (begin_ == end_ && left_ == 0) return false;
    fill(kFrameHeader);
    keySize_ = getU32(buffer_.data() + begin_);
    valueSize_ = getU32(buffer_.data() + begin_ + 4);
    const std::uint64_t size = std::uint64_t{kFrameHeader} + keySize_ + valueSize_;
    fill(size);
    current_ = static_cast<std::size_t>(size);
    return true;
  }
  std::string_view key() const { return textOf(buffer_.data() + begin_ + kFrameHeader, keySize_); }
  std::span<const std::uint8_t> value() const {
    return {buffer_.data() + begin_ + kFrameHeader + keySize_, valueSize_};
  }

 private:
  // Makes `n` bytes available from begin_ on, reading more of the run as needed. A size past the
  // end of the run (a damaged file) is refused before any memory is set aside for it.
  void fill(std::uint64_t n) {
    const std::size_t held = end_ - begin_;
    if (held >= n) return;
    if (n > held + left_) {
      failIo(sorter_.options_.tempDir, next_,
             "a record of a temporary run of the external sort runs past its end; expected at "
             "most " +
                 std::to_string(held + left_) + " bytes, found " + std::to_string(n));
    }
    std::memmove(buffer_.data(), buffer_.data() + begin_, held);
    begin_ = 0;
    end_ = held;
    resize(static_cast<std::size_t>(n));
    const std::size_t want =
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer_.size() - end_, left_));
    readAt(file_, next_, {buffer_.data() + end_, want}, sorter_.options_.tempDir);
    next_ += want;
    left_ -= want;
    end_ += want;
  }
  // A record larger than the usual buffer gets a buffer of its own size, given back after it.
  void resize(std::size_t n) {
    const std::size_t size = std::max(n, sorter_.options_.readBuffer);
    if (size == buffer_.size()) return;
    std::vector<std::uint8_t> other(size);
    std::copy_n(buffer_.begin(), end_, other.begin());
    sorter_.buffers_.change(buffer_.size(), size);
    buffer_.swap(other);
  }

  ExternalSorter& sorter_;
  const FileDescriptor& file_;
  std::uint64_t next_;  // where the unread rest of the run starts
  std::uint64_t left_;  // its size
  std::vector<std::uint8_t> buffer_;
  std::size_t begin_ = 0;    // the current record
  std::size_t current_ = 0;  // its size
  std::size_t end_ = 0;      // the end of the bytes read
  std::uint32_t keySize_ = 0;
  std::uint32_t valueSize_ = 0;
};

// A k-way merge of runs with a heap of their current records. Runs are given in insertion order
// and equal keys come out in run order, so the merge is stable.
class ExternalSorter::Merger {
 public:
  Merger(ExternalSorter& sorter, const FileDescriptor& file, std::span<const Run> runs) {
    for (const Run& run : runs) readers_.push_back(std::make_unique<RunReader>(sorter, file, run));
    for (std::size_t i = 0; i < readers_.size(); ++i) {
      if (readers_[i]->advance()) heap_.push_back(i);
    }
    std::make_heap(heap_.begin(), heap_.end(), later());
  }

  bool next(Record& record) {
    // The reader of the record given last steps on only now: the caller's views were into it.
    if (last_ && readers_[*last_]->advance()) {
      heap_.push_back(*last_);
      std::push_heap(heap_.begin(), heap_.end(), later());
    }
    last_.reset();
    if (heap_.empty()) return false;
    std::pop_heap(heap_.begin(), heap_.end(), later());
    last_ = heap_.back();
    heap_.pop_back();
    record = Record{readers_[*last_]->key(), readers_[*last_]->value()};
    return true;
  }

 private:
  // The heap's order: true when reader a's record comes after reader b's, so the first is on top.
  struct Later {
    const Merger* merger;
    bool operator()(std::size_t a, std::size_t b) const {
      const int order = merger->readers_[a]->key().compare(merger->readers_[b]->key());
      return order > 0 || (order == 0 && a > b);
    }
  };
  Later later() const { return Later{this}; }

  std::vector<std::unique_ptr<RunReader>> readers_;
  std::vector<std::size_t> heap_;
  std::optional<std::size_t> last_;
};

ExternalSorter::ExternalSorter(Options options) : options_(std::move(options)) {
  if (options_.tempDir.empty()) options_.tempDir = defaultTempDir();
  options_.maxFanIn = std::max<std::size_t>(options_.maxFanIn, 2);
  options_.readBuffer = std::max(options_.readBuffer, kFrameHeader);
}

ExternalSorter::~ExternalSorter() = default;

void ExternalSorter::add(std::string_view key, std::span<const std::uint8_t> value) {
  requireState(State::kAdding, "add()");
  constexpr std::size_t kMaxSize = std::numeric_limits<std::uint32_t>::max();
  if (key.size() > kMaxSize || value.size() > kMaxSize) {
    throw Error(ErrorCode::kInvalidArgument,
                "external sort: a key of " + std::to_string(key.size()) + " bytes and a value of " +
                    std::to_string(value.size()) + " bytes; expected at most 4 GiB - 1 each");
  }
  // A record of no bytes takes one, so that arena offsets strictly grow with insertion order.
  const std::size_t bytes = std::max<std::size_t>(key.size() + value.size(), 1);
  if (!entries_.empty() && heldAfterAdding(bytes) > options_.memoryBudget) spill();
  reserveFor(bytes);
  entries_.push_back(Entry{arena_.size(), static_cast<std::uint32_t>(key.size()),
                           static_cast<std::uint32_t>(value.size())});
  arena_.insert(arena_.end(), key.begin(), key.end());
  arena_.insert(arena_.end(), value.begin(), value.end());
  if (key.empty() && value.empty()) arena_.push_back(0);
  peakRunBytes_ = std::max(peakRunBytes_, heldRunBytes());
}

void ExternalSorter::finish() {
  requireState(State::kAdding, "finish()");
  if (runs_.empty()) {
    sortRun();
    state_ = State::kInMemory;
    return;
  }
  if (!entries_.empty()) spill();
  releaseRun();
  while (runs_.size() > options_.maxFanIn) mergePass();
  merger_ = std::make_unique<Merger>(*this, *files_[0], runs_);
  state_ = State::kMerging;
}

bool ExternalSorter::next(Record& record) {
  if (state_ == State::kMerging) return merger_->next(record);
  requireState(State::kInMemory, "next()");
  if (nextEntry_ == entries_.size()) return false;
  const Entry& entry = entries_[nextEntry_++];
  record = Record{keyOf(entry), {arena_.data() + entry.offset + entry.keySize, entry.valueSize}};
  return true;
}

// The bytes the in-memory run holds: what its buffers can hold, not only what they hold.
std::size_t ExternalSorter::heldRunBytes() const {
  return arena_.capacity() + entries_.capacity() * sizeof(Entry);
}

// heldRunBytes() after adding a record of `bytes`, if the buffers grew no more than needed.
std::size_t ExternalSorter::heldAfterAdding(std::size_t bytes) const {
  return std::max(arena_.capacity(), arena_.size() + bytes) +
         std::max(entries_.capacity(), entries_.size() + 1) * sizeof(Entry);
}

void ExternalSorter::reserveFor(std::size_t bytes) {
  const std::size_t budget = options_.memoryBudget;
  // The entries' part is counted as it will be once this record is added.
  const std::size_t entryBytes = std::max(entries_.capacity(), entries_.size() + 1) * sizeof(Entry);
  growWithin(arena_, arena_.size() + bytes, budget - std::min(budget, entryBytes));
  growWithin(entries_, entries_.size() + 1,
             (budget - std::min(budget, arena_.capacity())) / sizeof(Entry));
}

// std::sort with the arena offset as the last key: as stable as std::stable_sort, without its
// temporary buffer (half the entries again, outside the budget).
void ExternalSorter::sortRun() {
  std::sort(entries_.begin(), entries_.end(), [this](const Entry& a, const Entry& b) {
    const int order = keyOf(a).compare(keyOf(b));
    return order < 0 || (order == 0 && a.offset < b.offset);
  });
}

void ExternalSorter::spill() {
  sortRun();
  if (!files_[0]) files_[0] = openUnnamedTempFile(options_.tempDir);
  RunWriter writer(*this, *files_[0], fileEnd_);
  for (const Entry& entry : entries_) {
    writer.append(keyOf(entry), {arena_.data() + entry.offset + entry.keySize, entry.valueSize});
  }
  runs_.push_back(writer.finish());
  fileEnd_ += runs_.back().size;
  ++runsWritten_;
  entries_.clear();
  arena_.clear();
  // Buffers grown past the budget by one large record are given back.
  if (heldRunBytes() > options_.memoryBudget) releaseRun();
}

void ExternalSorter::releaseRun() {
  std::vector<std::uint8_t>().swap(arena_);
  std::vector<Entry>().swap(entries_);
}

// Merges each group of maxFanIn consecutive runs into one run in files_[1], which then becomes
// files_[0]. Groups of consecutive runs keep the runs in insertion order, so the sort stable.
void ExternalSorter::mergePass() {
  if (!files_[1]) files_[1] = openUnnamedTempFile(options_.tempDir);
  std::vector<Run> merged;
  std::uint64_t end = 0;
  for (std::size_t first = 0; first < runs_.size(); first += options_.maxFanIn) {
    const std::size_t count = std::min(options_.maxFanIn, runs_.size() - first);
    Merger merger(*this, *files_[0], std::span<const Run>(runs_).subspan(first, count));
    RunWriter writer(*this, *files_[1], end);
    Record record;
    while (merger.next(record)) writer.append(record.key, record.value);
    merged.push_back(writer.finish());
    end += merged.back().size;
  }
  std::swap(files_[0], files_[1]);
  // The runs just read give their disk space back; the file serves the next pass.
  if (::ftruncate(files_[1]->get(), 0) != 0) {
    failIo(options_.tempDir, std::nullopt,
           "cannot empty a temporary file of the external sort: " + errnoText());
  }
  runs_ = std::move(merged);
  fileEnd_ = end;
  ++mergePasses_;
}

std::string_view ExternalSorter::keyOf(const Entry& entry) const {
  return textOf(arena_.data() + entry.offset, entry.keySize);
}

void ExternalSorter::requireState(State state, const char* operation) const {
  if (state_ == state) return;
  throw Error(ErrorCode::kInvalidArgument,
              std::string("external sort: ") + operation +
                  " out of order; expected add() calls, then finish(), then next() calls");
}

}  // namespace archive_news::internal
