// Buffers for the contents of files being packed, given back when their blob is written and reused
// for later files. A fresh buffer per file made the kernel map and clear its pages again for every
// file (glibc returns large blocks at once): a third of the writer's CPU time with two threads.
#ifndef ARCHIVE_NEWS_CORE_WRITE_BUFFER_POOL_H_
#define ARCHIVE_NEWS_CORE_WRITE_BUFFER_POOL_H_

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>

namespace archive_news::internal {

class BufferPool : public std::enable_shared_from_this<BufferPool> {
 public:
  // Keeps at most `keepBytes` of buffers that are not in use.
  static std::shared_ptr<BufferPool> create(std::size_t keepBytes);

  // At least `size` bytes, not cleared, going back to the pool when the last owner lets go.
  std::shared_ptr<std::uint8_t[]> take(std::size_t size);

 private:
  explicit BufferPool(std::size_t keepBytes) : keepBytes_(keepBytes) {}
  void giveBack(std::uint8_t* buffer, std::size_t capacity);

  std::mutex mutex_;
  std::multimap<std::size_t, std::unique_ptr<std::uint8_t[]>> free_;  // by capacity
  std::size_t keepBytes_;
  std::size_t kept_ = 0;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_BUFFER_POOL_H_
