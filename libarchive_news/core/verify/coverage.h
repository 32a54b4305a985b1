// The coverage check ("coverage", docs/design/format-2.md section 1): every byte of the
// data region in exactly one extent or page, or in zero padding. The extent table's extents come
// first from offset 32, each at alignUp of the previous one's end; then the pages, the extent
// table's and then the index's, each tree in post-order, the index root ending where the seal
// starts. Two cursors, so that the walks report extents and pages as they meet them and nothing
// is kept.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_COVERAGE_H_
#define ARCHIVE_NEWS_CORE_VERIFY_COVERAGE_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "core/verify/report.h"

namespace archive_news::internal {

class Coverage {
 public:
  // The data region [begin, sealOffset): from 32 for a bundle's first state, from the previous
  // state's seal for an appended one (spec/FORMAT.md section 3).
  Coverage(std::span<const std::uint8_t> file, std::uint64_t begin, std::uint64_t sealOffset,
           Report& report);

  // The next extent the extent table lists, in file order.
  void extent(std::uint64_t offset, std::uint64_t size, const std::string& item);
  // The next page a walk returns from (post-order), the extent table's before the index's.
  void page(std::uint64_t offset, std::uint64_t size, const std::string& item);
  // Once every extent is seen: the first page follows the last extent.
  void endOfExtents();
  // Once every page is seen: the last one ends, padding aside, where the seal starts.
  void finish();
  // A walk broke off: what follows cannot be placed, so nothing more is checked (the walk's own
  // failure says why), rather than failing every later page for a place the lost ones held.
  void stop() { stopped_ = true; }

 private:
  // `offset` must be alignUp(end) with zero bytes between; `end` then moves past the extent.
  void next(std::uint64_t& end, std::uint64_t offset, std::uint64_t size, const std::string& item);
  void expectZero(std::uint64_t from, std::uint64_t to, const std::string& item);

  std::span<const std::uint8_t> file_;
  std::uint64_t sealOffset_;
  Report& report_;
  std::uint64_t extentsEnd_;
  std::optional<std::uint64_t> firstPage_;
  std::uint64_t pagesEnd_ = 0;
  bool stopped_ = false;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_COVERAGE_H_
