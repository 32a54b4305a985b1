#include "core/read/extent_page_reader.h"

#include <archive_news/error.h>

#include <algorithm>

#include "core/common/canonical_message.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {
namespace {

using PageReader = schema::ExtentPage::Reader;

constexpr std::uint64_t kMaxOffset = std::uint64_t{1} << 62;
constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 63;

ExtentKind kindOf(const PageChecker& check, const PagePlace& place, schema::ExtentKind kind,
                  std::size_t i) {
  const auto value = static_cast<std::uint16_t>(kind);
  if (value >= kExtentKindCount) {
    throw Error(ErrorCode::kUnsupported, place.name, place.offset,
                check.what() + ": extent " + std::to_string(i) + " of unknown kind " +
                    std::to_string(value));
  }
  return static_cast<ExtentKind>(value);
}

// A field of the other kind of page: null, not even an empty list, so that a page has one
// encoding.
void expectNone(const PageChecker& check, const char* field, bool present, const char* page) {
  if (present) check.fail(std::string(field) + " is set; expected none in " + page);
}

std::vector<TableExtent> readLeaf(const PageChecker& check, const PagePlace& place,
                                  PageReader page) {
  expectNone(check, "children", page.hasChildren(), "a leaf");
  expectNone(check, "extent counts", page.hasExtentCounts(), "a leaf");
  const auto offsets = page.getOffsets();
  const auto stored = page.getStoredSizes();
  const auto raw = page.getRawSizes();
  const auto kinds = page.getKinds();
  const auto digests = page.getStoredDigests();
  const std::size_t n = offsets.size();
  check.expectLength("stored sizes", stored.size(), n);
  check.expectLength("raw sizes", raw.size(), n);
  check.expectLength("kinds", kinds.size(), n);
  check.expectLength("stored digest bytes", digests.size(), 32 * n);
  std::vector<TableExtent> extents(n);
  for (unsigned i = 0; i < n; ++i) {
    TableExtent& e = extents[i];
    e = {offsets[i], stored[i], raw[i], kindOf(check, place, kinds[i], i), {}};
    std::copy_n(digests.begin() + 32 * i, 32, e.storedDigest.begin());
    const std::string what =
        "extent " + std::to_string(i) + " at offset " + std::to_string(e.offset);
    if (e.offset % 8 != 0) check.fail(what + ": expected a multiple of 8");
    if (e.storedSize == 0) check.fail(what + ": stored size is zero");
    if (e.offset >= kMaxOffset || e.storedSize >= kMaxOffset || e.rawSize >= kMaxOffset) {
      check.fail(what + ": offset or size of 2^62 or more");
    }
    if (i > 0 && e.offset < extents[i - 1].end()) {
      check.fail(what + " starts before the previous one ends at " +
                 std::to_string(extents[i - 1].end()) + "; expected extents in file order");
    }
  }
  return extents;
}

std::vector<PageChild<std::uint64_t>> readInner(const PageChecker& check, PageReader page) {
  expectNone(check, "stored sizes", page.hasStoredSizes(), "an inner page");
  expectNone(check, "raw sizes", page.hasRawSizes(), "an inner page");
  expectNone(check, "kinds", page.hasKinds(), "an inner page");
  expectNone(check, "stored digests", page.hasStoredDigests(), "an inner page");
  const auto offsets = page.getOffsets();
  const auto children = page.getChildren();
  const auto counts = page.getExtentCounts();
  const std::size_t n = children.size();
  if (n == 0) check.fail("no child; expected at least one");
  check.expectLength("offsets", offsets.size(), n);
  check.expectLength("extent counts", counts.size(), n);
  std::vector<PageChild<std::uint64_t>> out;
  std::uint64_t total = 0;
  for (unsigned i = 0; i < n; ++i) {
    const std::string what = "child " + std::to_string(i);
    if (i > 0 && offsets[i] <= offsets[i - 1]) {
      check.fail("offset " + std::to_string(i) +
                 " is not after the previous one; expected "
                 "offsets strictly increasing");
    }
    const ExtentRef ref = check.ref(children[i], what);
    if (ref.withDictionary) check.fail(what + " is compressed with the dictionary; expected none");
    if (counts[i] == 0 || counts[i] >= kMaxCount - total) {
      check.fail("extent count " + std::to_string(i) + " is " + std::to_string(counts[i]) +
                 "; expected at least 1, the page's sum below 2^63");
    }
    total += counts[i];
    out.push_back({offsets[i], ref, counts[i]});
  }
  return out;
}

}  // namespace

ExtentPageContent decodeExtentPage(std::span<const std::uint8_t> raw, const PagePlace& place,
                                   const ReaderOptions& options) {
  const PageChecker check(place, "extent table page");
  CanonicalMessageView view(raw, place.name, place.offset, options, check.what());
  return guardCapnp(place.name, place.offset, check.what(), [&] {
    const PageReader page = view.root<schema::ExtentPage>();
    ExtentPageContent content;
    content.level = page.getLevel();
    if (content.level == 0) {
      content.extents = readLeaf(check, place, page);
    } else {
      content.children = readInner(check, page);
    }
    return content;
  });
}

}  // namespace archive_news::internal
