#include "core/verify/coverage.h"

#include <algorithm>

#include "core/common/container.h"

namespace archive_news::internal {

Coverage::Coverage(std::span<const std::uint8_t> file, std::uint64_t begin,
                   std::uint64_t sealOffset, Report& report)
    : file_(file), sealOffset_(sealOffset), report_(report), extentsEnd_(begin) {}

void Coverage::expectZero(std::uint64_t from, std::uint64_t to, const std::string& item) {
  to = std::min<std::uint64_t>(to, file_.size());
  for (std::uint64_t at = from; at < to; ++at) {
    if (file_[at] != 0) {
      report_.fail("coverage", item, at,
                   "padding byte " + std::to_string(file_[at]) + "; expected zero");
      return;
    }
  }
}

void Coverage::next(std::uint64_t& end, std::uint64_t offset, std::uint64_t size,
                    const std::string& item) {
  if (stopped_) return;
  const std::uint64_t expected = alignUp(end);
  if (offset != expected) {
    report_.fail("coverage", item, offset,
                 "starts at " + std::to_string(offset) + "; expected " + std::to_string(expected) +
                     ", the next multiple of 8 after the previous one's end at " +
                     std::to_string(end));
  } else {
    expectZero(end, offset, item);
  }
  // Offsets and sizes are below 2^62 (decodeExtentRef, the extent page's rules): no overflow.
  end = offset + size;
}

void Coverage::extent(std::uint64_t offset, std::uint64_t size, const std::string& item) {
  next(extentsEnd_, offset, size, item);
}

void Coverage::page(std::uint64_t offset, std::uint64_t size, const std::string& item) {
  if (stopped_) return;
  if (!firstPage_) {
    firstPage_ = offset;  // checked against the extents' end by endOfExtents()
    pagesEnd_ = offset + size;
    return;
  }
  next(pagesEnd_, offset, size, item);
}

void Coverage::endOfExtents() {
  if (stopped_ || !firstPage_) return;  // the walk failed before its first page: reported there
  std::uint64_t end = extentsEnd_;
  next(end, *firstPage_, 0, "first extent table page");
}

void Coverage::finish() {
  if (stopped_ || !firstPage_) return;
  if (alignUp(pagesEnd_) != sealOffset_) {
    report_.fail("coverage", "last index page", pagesEnd_,
                 "pages end at " + std::to_string(pagesEnd_) + "; expected the seal at " +
                     std::to_string(sealOffset_) + " after at most 7 bytes of padding");
    return;
  }
  expectZero(pagesEnd_, sealOffset_, "padding before the seal");
}

}  // namespace archive_news::internal
