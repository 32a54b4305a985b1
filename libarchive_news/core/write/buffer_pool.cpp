#include "core/write/buffer_pool.h"

#include <algorithm>
#include <bit>

namespace archive_news::internal {
namespace {

// Capacities are powers of two, at least 64 KiB: a buffer serves any file of more than half its
// size, so buffers are reused across files of similar sizes and no buffer holds more than twice
// what is in it (the queue's bound on memory stays within a factor of two).
std::size_t capacityFor(std::size_t size) {
  return std::bit_ceil(std::max<std::size_t>(size, std::size_t{64} << 10));
}

}  // namespace

std::shared_ptr<BufferPool> BufferPool::create(std::size_t keepBytes) {
  return std::shared_ptr<BufferPool>(new BufferPool(keepBytes));
}

std::shared_ptr<std::uint8_t[]> BufferPool::take(std::size_t size) {
  std::unique_ptr<std::uint8_t[]> buffer;
  const std::size_t capacity = capacityFor(size);
  {
    std::lock_guard lock(mutex_);
    if (auto fit = free_.find(capacity); fit != free_.end()) {
      buffer = std::move(fit->second);
      kept_ -= capacity;
      free_.erase(fit);
    }
  }
  if (!buffer) buffer = std::make_unique_for_overwrite<std::uint8_t[]>(capacity);
  return std::shared_ptr<std::uint8_t[]>(
      buffer.release(),
      [pool = shared_from_this(), capacity](std::uint8_t* p) { pool->giveBack(p, capacity); });
}

void BufferPool::giveBack(std::uint8_t* buffer, std::size_t capacity) {
  std::unique_ptr<std::uint8_t[]> owned(buffer);
  std::lock_guard lock(mutex_);
  if (kept_ + capacity > keepBytes_) return;  // freed here
  kept_ += capacity;
  free_.emplace(capacity, std::move(owned));
}

}  // namespace archive_news::internal
