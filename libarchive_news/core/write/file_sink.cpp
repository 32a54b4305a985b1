#include "core/write/file_sink.h"

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <mutex>
#include <new>
#include <span>
#include <thread>

#include "util/file_io.h"

namespace archive_news::internal {
namespace {

// O_DIRECT wants the memory, the file offset and the length aligned to the device's logical
// block; 4096 covers the devices in use. A device that wants more makes the write fail with
// EINVAL, and AtomicFile then writes through the page cache.
constexpr std::size_t kDirectAlignment = 4096;

struct FreeBlock {
  void operator()(std::uint8_t* block) const { std::free(block); }
};
using Block = std::unique_ptr<std::uint8_t[], FreeBlock>;

Block allocateBlock(std::size_t size) {
  void* block = std::aligned_alloc(kDirectAlignment, size);
  if (block == nullptr) throw std::bad_alloc();
  return Block(static_cast<std::uint8_t*>(block));
}

class ThreadedFileSink : public ByteSink {
 public:
  ThreadedFileSink(const std::filesystem::path& path, bool overwrite, std::size_t blockSize)
      : file_(path, overwrite),
        blockSize_(blockSize),
        blocks_{allocateBlock(blockSize), allocateBlock(blockSize)} {
    file_.setDirect(true);  // best effort: otherwise through the page cache
    thread_ = std::thread([this] { run(); });
  }

  ~ThreadedFileSink() override { stop(); }

  void write(std::span<const std::uint8_t> bytes) override {
    while (!bytes.empty()) {
      const std::size_t n = std::min(bytes.size(), blockSize_ - filled_);
      std::memcpy(blocks_[filling_].get() + filled_, bytes.data(), n);
      filled_ += n;
      bytes = bytes.subspan(n);
      if (filled_ == blockSize_) handOver();
    }
  }

  void close() override {
    {
      std::unique_lock lock(mutex_);
      waitIdle(lock);
    }
    stop();
    // The last block is partial, and O_DIRECT takes whole device blocks only.
    file_.setDirect(false);
    file_.write({blocks_[filling_].get(), filled_});
    filled_ = 0;
    file_.commit();
  }

 private:
  // Waits until the thread has written what it was given; throws its error, if it had one.
  void waitIdle(std::unique_lock<std::mutex>& lock) {
    changed_.wait(lock, [this] { return !busy_; });
    if (error_) std::rethrow_exception(error_);
  }

  void handOver() {
    {
      std::unique_lock lock(mutex_);
      waitIdle(lock);
      written_ = filling_;
      writtenSize_ = filled_;
      busy_ = true;
    }
    changed_.notify_all();
    filling_ ^= 1;
    filled_ = 0;
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [this] { return busy_ || stopping_; });
      if (!busy_) return;
      const std::span<const std::uint8_t> block{blocks_[written_].get(), writtenSize_};
      lock.unlock();
      std::exception_ptr error;
      try {
        file_.write(block);
      } catch (...) {
        error = std::current_exception();
      }
      lock.lock();
      if (error && !error_) error_ = error;
      busy_ = false;
      changed_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  AtomicFile file_;  // first: removed (if not committed) after the thread has stopped
  const std::size_t blockSize_;
  Block blocks_[2];
  int filling_ = 0;  // the caller's block
  std::size_t filled_ = 0;

  std::mutex mutex_;
  std::condition_variable changed_;
  bool busy_ = false;  // the thread is writing blocks_[written_]
  int written_ = 1;
  std::size_t writtenSize_ = 0;
  bool stopping_ = false;
  std::exception_ptr error_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<ByteSink> makeFileSink(const std::filesystem::path& path, bool overwrite,
                                       std::size_t blockSize) {
  blockSize = std::max(kDirectAlignment, blockSize / kDirectAlignment * kDirectAlignment);
  return std::make_unique<ThreadedFileSink>(path, overwrite, blockSize);
}

}  // namespace archive_news::internal
