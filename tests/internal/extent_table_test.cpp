// The extent table (core/write/extent_table_writer.h, core/read/extent_table_reader.h):
// the pages' exact size against their real encoding, tables of 0, 1 and many extents streamed
// back in file order, and what the reader refuses: every one-byte change of a leaf, hostile
// columns, pages that disagree with their parent.
#include <archive_news/error.h>
#include <capnp/message.h>
#include <doctest/doctest.h>

#include <functional>
#include <string>
#include <vector>

#include "core/common/canonical_message.h"
#include "core/read/decompression.h"
#include "core/read/extent_page_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/extent_table_writer.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace archive_news::internal;
using namespace newsarc_test;

namespace {

const std::string kName = "t.newsarc";
const ReaderOptions kOptions;
constexpr std::uint64_t kHeader = 32;

// Extent i: 8-aligned, a gap of padding after some, every kind.
TableExtent extent(std::uint64_t i) {
  TableExtent e;
  e.offset = kHeader + 64 * i;
  e.storedSize = 1 + i % 64;
  e.rawSize = e.storedSize * (1 + i % 3);
  e.kind = static_cast<ExtentKind>(i % kExtentKindCount);
  for (std::size_t b = 0; b < e.storedDigest.size(); ++b) {
    e.storedDigest[b] = static_cast<std::uint8_t>(i * 31 + b * 7 + (i >> 8));
  }
  return e;
}

std::vector<TableExtent> extents(std::uint64_t count) {
  std::vector<TableExtent> out;
  for (std::uint64_t i = 0; i < count; ++i) out.push_back(extent(i));
  return out;
}

struct Built {
  Bytes file;
  PageTreeRef tree;
};

Built build(const std::vector<TableExtent>& items) {
  Built built;
  built.file.assign(kHeader, 0);
  MemorySink sink(built.file);
  ExtentAppender appender(sink, kHeader);
  Compressor compressor(3);
  ExtentTableWriter writer(appender, compressor);
  for (const TableExtent& e : items) writer.add(e);
  built.tree = writer.finish();
  return built;
}

ExtentReader extentsOf(const Built& built) {
  return ExtentReader(built.file, kName, kHeader, built.file.size(), kOptions);
}

std::vector<TableExtent> readAll(const Built& built, const PageTreeRef& tree) {
  const ExtentReader reader = extentsOf(built);
  ExtentTableReader table(reader, tree, kOptions);
  std::vector<TableExtent> out;
  table.forEach([&](const TableExtent& e) { out.push_back(e); });
  return out;
}

std::string errorOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "accepted";
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every page's raw size by level (0: leaves).
void pageSizes(const ExtentReader& reader, const ExtentRef& page,
               std::vector<std::vector<std::uint64_t>>& sizes) {
  Decompressor decompressor;
  const Bytes raw = reader.decode(page, kMaxPageSize, nullptr, decompressor, "page");
  const ExtentPageContent content = decodeExtentPage(raw, PagePlace{kName, page.offset}, kOptions);
  if (sizes.size() <= content.level) sizes.resize(content.level + 1u);
  sizes[content.level].push_back(raw.size());
  for (const auto& child : content.children) pageSizes(reader, child.ref, sizes);
}

}  // namespace

TEST_CASE("extent table: the size of a page against its real encoding") {
  ExtentLeafBuilder leaf;
  CHECK(leaf.encode().size() == leaf.size());
  for (std::uint64_t i = 0; i < 300; ++i) {
    leaf.add(extent(i));
    REQUIRE(leaf.encode().size() == leaf.size());
  }
  ExtentInnerBuilder inner(1);
  for (std::uint64_t i = 0; i < 100; ++i) {
    const TableExtent e = extent(i);
    ExtentRef ref{e.offset, e.storedSize, e.storedSize, false, false, e.storedDigest};
    inner.add({e.offset, ref, i + 1});
    const std::uint64_t actual = inner.encode().size();
    REQUIRE(actual <= inner.size());
    CHECK(inner.size() - actual <= 8 * (i + 1));
  }
}

TEST_CASE("extent table: empty, one and many extents in file order") {
  const Built empty = build({});
  CHECK(empty.tree.depth == 1);
  CHECK(empty.tree.count == 0);
  CHECK(readAll(empty, empty.tree).empty());
  PageTreeRef lying = empty.tree;
  lying.count = 1;
  CHECK(contains(errorOf([&] { readAll(empty, lying); }), "page of 0 extents; expected 1"));

  const Built one = build({extent(5)});
  CHECK(one.tree.depth == 1);
  CHECK(readAll(one, one.tree) == std::vector<TableExtent>{extent(5)});

  const std::vector<TableExtent> many = extents(50000);
  const Built built = build(many);
  CHECK(built.tree.depth == 2);
  CHECK(built.tree.count == many.size());
  CHECK(readAll(built, built.tree) == many);
}

TEST_CASE("extent table: 700,000 extents make three levels of pages within their bounds") {
  const std::vector<TableExtent> items = extents(700000);
  const Built built = build(items);
  CHECK(built.tree.depth == 3);
  CHECK(readAll(built, built.tree) == items);
  const ExtentReader reader = extentsOf(built);
  std::vector<std::vector<std::uint64_t>> sizes;
  pageSizes(reader, built.tree.root, sizes);
  REQUIRE(sizes.size() == 3);
  CHECK(sizes.back().size() == 1);
  CHECK(sizes.back().front() <= kMaxRootPageSize);
  for (const auto& level : sizes) {
    for (std::size_t i = 0; i < level.size(); ++i) {
      CHECK(level[i] <= kMaxPageSize);
      if (i + 1 < level.size()) CHECK(level[i] > kMaxPageSize - 100);
    }
  }
  // 621 leaves make one inner page over 48 KiB: not a root, so a root of one child above it.
  CHECK(sizes[1].size() == 1);
  MESSAGE("700,000 extents: ", sizes[0].size(), " leaves, ", built.file.size() - kHeader,
          " stored bytes");
}

TEST_CASE("extent table: the writer refuses extents out of file order") {
  Bytes file(kHeader, 0);
  MemorySink sink(file);
  ExtentAppender appender(sink, kHeader);
  Compressor compressor(3);
  ExtentTableWriter writer(appender, compressor);
  writer.add(extent(2));
  TableExtent overlapping = extent(3);
  overlapping.offset = extent(2).offset;
  CHECK(contains(errorOf([&] { writer.add(overlapping); }), "out of order"));
  TableExtent odd = extent(3);
  odd.offset += 4;
  CHECK(codeOf([&] { writer.add(odd); }) == ErrorCode::kInvalidArgument);
  TableExtent zero = extent(3);
  zero.storedSize = 0;
  CHECK(codeOf([&] { writer.add(zero); }) == ErrorCode::kInvalidArgument);
  writer.add(extent(3));
  CHECK(writer.finish().count == 2);
}

namespace {

Bytes smallLeaf() {
  ExtentLeafBuilder leaf;
  for (std::uint64_t i = 0; i < 3; ++i) leaf.add(extent(i));
  return leaf.encode();
}

Bytes smallInner() {
  ExtentInnerBuilder inner(1);
  for (std::uint64_t i = 0; i < 3; ++i) {
    const TableExtent e = extent(i);
    inner.add({e.offset, ExtentRef{e.offset, 8, 8, false, false, e.storedDigest}, 4});
  }
  return inner.encode();
}

std::string pageError(const Bytes& valid,
                      const std::function<void(schema::ExtentPage::Builder)>& change) {
  CanonicalMessageView view(valid, kName, 0, kOptions, "page");
  capnp::MallocMessageBuilder message;
  message.setRoot(view.root<schema::ExtentPage>());
  change(message.getRoot<schema::ExtentPage>());
  const Bytes bytes = canonicalMessage(message.getRoot<schema::ExtentPage>().asReader());
  return errorOf([&] { decodeExtentPage(bytes, PagePlace{kName, 72}, kOptions); });
}

}  // namespace

TEST_CASE("extent table: every one-byte change of a page is refused or obeys the rules") {
  for (const Bytes& valid : {smallLeaf(), smallInner()}) {
    for (std::size_t at = 0; at < valid.size(); ++at) {
      for (const std::uint8_t mask : {0x01, 0x04, 0x21, 0x80, 0xff}) {
        Bytes bytes = valid;
        bytes[at] ^= mask;
        ExtentPageContent page;
        try {
          page = decodeExtentPage(bytes, PagePlace{kName, 72}, kOptions);
        } catch (const Error& e) {
          CHECK((e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded ||
                 e.code() == ErrorCode::kUnsupported));
          continue;
        }
        // Accepted: what the decoder returned obeys the rules, since the writer's page of it
        // decodes to the same (unknown bits of a later minor version may differ).
        Bytes again;
        if (page.level == 0) {
          ExtentLeafBuilder leaf;
          for (const TableExtent& e : page.extents) leaf.add(e);
          again = leaf.encode();
        } else {
          ExtentInnerBuilder inner(page.level);
          for (const auto& child : page.children) inner.add(child);
          again = inner.encode();
        }
        const ExtentPageContent same = decodeExtentPage(again, PagePlace{kName, 72}, kOptions);
        CHECK(same.level == page.level);
        CHECK(same.extents == page.extents);
        CHECK(same.children == page.children);
      }
    }
  }
}

TEST_CASE("extent table: hostile columns are refused, naming the file and page") {
  const Bytes leaf = smallLeaf();
  const Bytes inner = smallInner();
  CHECK(pageError(leaf, [](auto) {}) == "accepted");
  CHECK(pageError(inner, [](auto) {}) == "accepted");
  CHECK(contains(pageError(leaf, [](auto p) { p.getOffsets().set(1, 32); }),
                 "t.newsarc: offset 72: extent table page: extent 1 at offset 32 starts before"));
  CHECK(contains(pageError(leaf, [](auto p) { p.getOffsets().set(2, 164); }), "multiple of 8"));
  CHECK(contains(pageError(leaf, [](auto p) { p.getStoredSizes().set(0, 0); }), "zero"));
  CHECK(contains(pageError(leaf, [](auto p) { p.initRawSizes(2); }), "raw sizes has 2 values"));
  CHECK(contains(pageError(leaf, [](auto p) { p.initStoredDigests(95); }), "expected 96"));
  CHECK(contains(pageError(leaf, [](auto p) { p.initExtentCounts(1); }),
                 "extent counts is set; expected none in a leaf"));
  CHECK(contains(pageError(leaf, [](auto p) { p.getKinds().set(1, schema::ExtentKind(9)); }),
                 "unknown kind 9"));
  CHECK(contains(pageError(inner, [](auto p) { p.getOffsets().set(2, 32); }),
                 "offsets strictly increasing"));
  CHECK(contains(pageError(inner, [](auto p) { p.getExtentCounts().set(0, 0); }),
                 "extent count 0 is 0"));
  CHECK(contains(pageError(inner, [](auto p) { p.initChildren(0); }), "no child"));
  CHECK(contains(pageError(inner, [](auto p) { p.initKinds(1); }),
                 "kinds is set; expected none in an inner"));
  CHECK(contains(pageError(inner, [](auto p) { p.getChildren()[0].setStoredSize(0); }),
                 "child 0: stored size is zero"));
}

namespace {

// A depth-2 table written by hand: leaves of the given extents under a root that lists them with
// `firstOffsets` and `counts` (the true ones unless a test lies).
Built handTree(const std::vector<std::vector<TableExtent>>& leaves,
               std::vector<std::uint64_t> firstOffsets = {},
               std::vector<std::uint64_t> counts = {}) {
  Built built;
  built.file.assign(kHeader, 0);
  MemorySink sink(built.file);
  ExtentAppender appender(sink, kHeader);
  ExtentInnerBuilder root(1);
  for (std::size_t i = 0; i < leaves.size(); ++i) {
    ExtentLeafBuilder leaf;
    for (const TableExtent& e : leaves[i]) leaf.add(e);
    const ExtentRef ref = appender.appendRaw(leaf.encode());
    root.add({firstOffsets.empty() ? leaves[i].front().offset : firstOffsets[i], ref,
              counts.empty() ? leaves[i].size() : counts[i]});
  }
  built.tree = {appender.appendRaw(root.encode()), 2, root.count()};
  return built;
}

std::string treeError(const Built& built, const PageTreeRef& tree) {
  return errorOf([&] { readAll(built, tree); });
}

}  // namespace

TEST_CASE("extent table: pages that disagree with their parent or the tree are refused") {
  const std::vector<TableExtent> a = {extent(1), extent(2)}, b = {extent(3), extent(4)};
  const Built good = handTree({a, b});
  CHECK(treeError(good, good.tree) == "accepted");
  const Built firstOffset = handTree({a, b}, {a[0].offset, b[0].offset + 8});
  CHECK(contains(treeError(firstOffset, firstOffset.tree), "first offset 224; expected 232"));
  const Built counts = handTree({a, b}, {}, {2, 3});
  CHECK(contains(treeError(counts, counts.tree), "page of 2 extents; expected 3"));
  TableExtent long2 = extent(2);
  long2.storedSize = 100;
  const Built overlap = handTree({{extent(1), long2}, b});
  CHECK(contains(treeError(overlap, overlap.tree), "starts before the previous page's last"));
  PageTreeRef deeper = good.tree;
  deeper.depth = 3;
  CHECK(contains(treeError(good, deeper), "level 1; expected 2"));
  PageTreeRef shallower = good.tree;
  shallower.depth = 1;
  CHECK(contains(treeError(good, shallower), "level 1; expected 0"));
  PageTreeRef deep = good.tree;
  deep.depth = 20;
  CHECK(contains(treeError(good, deep), "depth 20; expected 1 to 16"));
  PageTreeRef counted = good.tree;
  counted.count = 3;
  CHECK(contains(treeError(good, counted), "page of 4 extents; expected 3"));
}
