#include "buffer_pool.h"

namespace archive_news::internal {
namespace {

// Capacities are rounded up so that files of similar sizes share buffers.
constexpr std::size_t kGrain = std::size_t{64} << 10;

}  // namespace

std::shared_ptr<BufferPool> BufferPool::create(std::size_t keepBytes) {
  return std::shared_ptr<BufferPool>(new BufferPool(keepBytes));
}

std::shared_ptr<std::uint8_t[]> BufferPool::take(std::size_t size) {
  std::unique_ptr<std::uint8_t[]> buffer;
  std::size_t capacity = (size + kGrain - 1) / kGrain * kGrain;
  {
    std::lock_guard lock(mutex_);
    // The smallest free buffer that fits, unless it is more than twice what is needed.
    auto fit = free_.lower_bound(size);
    if (fit != free_.end() && fit->first <= 2 * capacity) {
      capacity = fit->first;
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
