#include "core/write/extent_page_builder.h"

#include <capnp/message.h>

#include <algorithm>

#include "core/common/canonical_message.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {
namespace {

constexpr std::uint64_t kLeafPointers = 5;    // offsets to storedDigests; level 0: no data word
constexpr std::uint64_t kInnerWords = 1 + 7;  // level, then every pointer up to extentCounts

}  // namespace

std::uint64_t ExtentLeafBuilder::sizeOf(std::uint64_t n) {
  return kMessageOverhead + 8 * kLeafPointers + 3 * 8 * n /* offsets, stored and raw sizes */ +
         wordPadded(2 * n) /* kinds */ + 32 * n /* digests */;
}

std::vector<std::uint8_t> ExtentLeafBuilder::encode() const {
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<schema::ExtentPage>();
  const auto n = static_cast<unsigned>(extents_.size());
  auto offsets = page.initOffsets(n);
  auto stored = page.initStoredSizes(n);
  auto raw = page.initRawSizes(n);
  auto kinds = page.initKinds(n);
  auto digests = page.initStoredDigests(32 * n);
  for (unsigned i = 0; i < n; ++i) {
    const TableExtent& extent = extents_[i];
    offsets.set(i, extent.offset);
    stored.set(i, extent.storedSize);
    raw.set(i, extent.rawSize);
    kinds.set(i, static_cast<schema::ExtentKind>(extent.kind));
    std::copy(extent.storedDigest.begin(), extent.storedDigest.end(), digests.begin() + 32 * i);
  }
  return canonicalMessage(page.asReader());
}

std::uint64_t ExtentInnerBuilder::sizeOf(std::uint64_t n) {
  return kMessageOverhead + 8 * kInnerWords + 8 * n /* offsets */ + extentRefListSize(n) +
         8 * n /* extent counts */;
}

std::vector<std::uint8_t> ExtentInnerBuilder::encode() const {
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<schema::ExtentPage>();
  page.setLevel(level_);
  const auto n = static_cast<unsigned>(children_.size());
  auto offsets = page.initOffsets(n);
  auto children = page.initChildren(n);
  auto counts = page.initExtentCounts(n);
  for (unsigned i = 0; i < n; ++i) {
    offsets.set(i, children_[i].firstKey);
    encodeExtentRef(children_[i].ref, children[i]);
    counts.set(i, children_[i].count);
  }
  return canonicalMessage(page.asReader());
}

}  // namespace archive_news::internal
