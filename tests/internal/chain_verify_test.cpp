// Chains of states a writer with a bug, or one that lies, would make (spec/FORMAT.md 11.2): the
// newest state's seal or index rewritten and sealed again, so that every digest holds and only
// the checks "chain" and "history" can find what is wrong.
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "core/common/sha256.h"
#include "core/read/extent_reader.h"
#include "core/read/index_tree_reader.h"
#include "core/read/tail_reader.h"
#include "core/verify/bundle_verifier.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/index_page_builder.h"
#include "core/write/index_tree_merge.h"
#include "core/write/index_tree_writer.h"
#include "core/write/page_tree_builder.h"
#include "core/write/tail_writer.h"
#include "test_support.h"
#include "vector_sink.h"

using namespace archive_news;
using namespace archive_news::internal;
using newsarc_test::ArticleWithFiles;
using newsarc_test::Bytes;

namespace {

const std::string kName = "chain.newsarc";
const ReaderOptions kOptions;
constexpr std::int64_t kSigningTime = 1765022400;

ArticleWithFiles article(const std::string& uri, std::size_t headlineSize = 0) {
  ArticleWithFiles item = newsarc_test::smallArticle(uri);
  if (headlineSize > 0) item.article.headline = std::string(headlineSize, 'h');
  return item;
}

// A bundle of `states` (the first packed, each other appended), its bytes.
Bytes chainOf(const std::vector<std::vector<ArticleWithFiles>>& states) {
  newsarc_test::TempDir dir;
  const auto path = dir.path() / kName;
  newsarc_test::writeFileBytes(path, newsarc_test::buildBundle(states.front()));
  for (std::size_t k = 1; k < states.size(); ++k) {
    BundleWriter writer = BundleWriter::append(path);
    for (const ArticleWithFiles& item : states[k]) {
      writer.reuseContentOf(item.article.uri);
      newsarc_test::addWithFiles(writer, item);
    }
    writer.finish();
  }
  return newsarc_test::readFileBytes(path);
}

// The state ending at `end` (the whole file by default).
Tail tailOf(const Bytes& file, std::uint64_t end) {
  return readTail(std::span(file).first(end), kName, kOptions);
}

VerifyReport verify(const Bytes& file) {
  return verifyBundle(file, kName, BundleVerifyOptions{}, kOptions);
}

std::string failuresOf(const VerifyReport& report) {
  std::string out;
  for (const Check& c : report.failures()) out += c.name + ": " + c.item + ": " + c.detail + "\n";
  return out;
}

bool failed(const VerifyReport& report, const std::string& name) {
  const auto failures = report.failures();
  return std::any_of(failures.begin(), failures.end(),
                     [&](const Check& c) { return c.name == name; });
}

// The newest state's seal changed by `change` and sealed again (unsigned) after the same data.
Bytes resealed(const Bytes& file, const std::function<void(Seal&)>& change) {
  const Tail tail = tailOf(file, file.size());
  Bytes out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(tail.footer.sealOffset));
  newsarc_test::VectorSink sink(out);
  ExtentAppender appender(sink, out.size());
  Seal seal = tail.seal;
  change(seal);
  writeTail(appender, seal, {}, kSigningTime);
  return out;
}

// The entries of the index of the state ending at `end`.
std::vector<IndexEntry> entriesOf(const Bytes& file, std::uint64_t end) {
  const Tail tail = tailOf(file, end);
  const ExtentReader reader(file, kName, kHeaderSize, tail.footer.sealOffset, kOptions);
  IndexTreeReader index(reader, tail.seal.index, kOptions);
  std::vector<IndexEntry> entries;
  index.forEach([&](const IndexEntry& e) { entries.push_back(e); });
  return entries;
}

// The newest state with its new index pages replaced by what `build` writes, sealed again: the
// extents and the extent table kept.
Bytes reindexed(const Bytes& file,
                const std::function<PageTreeRef(ExtentAppender&, Compressor&)>& build) {
  const Tail tail = tailOf(file, file.size());
  const std::uint64_t newFrom = tail.seal.previousSeal->offset;
  const ExtentReader reader(file, kName, kHeaderSize, tail.footer.sealOffset, kOptions);
  IndexTreeReader index(reader, tail.seal.index, kOptions);
  std::uint64_t firstNew = tail.footer.sealOffset;
  index.onPage([&](const ExtentRef& page) {
    if (page.offset >= newFrom) firstNew = std::min(firstNew, page.offset);
  });
  index.forEach([](const IndexEntry&) {});
  Bytes out(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(firstNew));
  newsarc_test::VectorSink sink(out);
  ExtentAppender appender(sink, out.size());
  Compressor compressor(3);
  Seal seal = tail.seal;
  seal.index = build(appender, compressor);
  writeTail(appender, seal, {}, kSigningTime);
  return out;
}

PageTreeRef written(const std::vector<IndexEntry>& entries, ExtentAppender& appender,
                    Compressor& compressor) {
  IndexTreeWriter writer(appender, compressor);
  for (const IndexEntry& entry : entries) writer.add(entry);
  return writer.finish();
}

// Two states: a and b; b revised and c new.
const Bytes& twoStates() {
  static const Bytes file = [] {
    ArticleWithFiles b = article("urn:b");
    b.article.headline = "B, corrected";
    return chainOf({{article("urn:a"), article("urn:b")}, {b, article("urn:c")}});
  }();
  return file;
}

}  // namespace

TEST_CASE("chain verify: the same seal sealed again verifies") {
  const VerifyReport report = verify(resealed(twoStates(), [](Seal&) {}));
  CHECK_MESSAGE(report.ok(), failuresOf(report));
}

TEST_CASE("chain verify: a previous seal's digest that is not the seal's fails chain") {
  const VerifyReport report =
      verify(resealed(twoStates(), [](Seal& seal) { seal.previousSeal->digest[0] ^= 1; }));
  CHECK_MESSAGE(failed(report, "chain"), failuresOf(report));
  CHECK(report.failures().size() == 1);  // nothing older is trusted: not read further
}

TEST_CASE("chain verify: a gap or a repeat in the sequence fails chain") {
  for (std::uint32_t sequence : {2u, 3u}) {
    const VerifyReport report =
        verify(resealed(twoStates(), [&](Seal& seal) { seal.sequence = sequence; }));
    CHECK_MESSAGE(failed(report, "chain"), failuresOf(report));
  }
}

TEST_CASE("chain verify: another bundle id, another dictionary or a wrong tail size fails chain") {
  const std::vector<std::function<void(Seal&)>> changes = {
      [](Seal& seal) { seal.bundleId += "x"; },
      [](Seal& seal) { seal.previousSeal->tailSize -= 8; },
      [](Seal& seal) { seal.previousSeal->offset -= 8; },
      [](Seal& seal) { seal.previousSeal->size += 8; },
  };
  for (const auto& change : changes) {
    const VerifyReport report = verify(resealed(twoStates(), change));
    CHECK_MESSAGE(!report.ok(), failuresOf(report));
    CHECK_MESSAGE((failed(report, "chain") || failed(report, "footer")), failuresOf(report));
  }
}

TEST_CASE("chain verify: an index written anew whole, sharing nothing, is the same history") {
  const Bytes& file = twoStates();
  const std::vector<IndexEntry> entries = entriesOf(file, file.size());
  const VerifyReport report = verify(
      reindexed(file, [&](ExtentAppender& a, Compressor& c) { return written(entries, a, c); }));
  CHECK_MESSAGE(report.ok(), failuresOf(report));
}

TEST_CASE("chain verify: the previous state's root shared whole as a child is its history") {
  // State 1 adds urn:c after state 0's ids: its index may be state 0's root, shared, and a leaf.
  const Bytes file = chainOf({{article("urn:a"), article("urn:b")}, {article("urn:c")}});
  const Tail one = tailOf(file, file.size());
  const Tail zero = tailOf(file, one.seal.previousSeal->end());
  const std::vector<IndexEntry> entries = entriesOf(file, file.size());
  REQUIRE(entries.size() == 3);
  const auto sharing = [&](const std::string& firstId, std::uint64_t count) {
    return [&, firstId, count](ExtentAppender& a, Compressor& c) {
      PageTreeBuilder<IndexLeafBuilder, IndexInnerBuilder> tree(a, c);
      tree.addPage(0, PageChild<std::string>{firstId, zero.seal.index.root, count});
      tree.add(entries.back());
      return tree.finish();
    };
  };
  VerifyReport report = verify(reindexed(file, sharing("urn:a", 2)));
  CHECK_MESSAGE(report.ok(), failuresOf(report));
  // Described otherwise than it is.
  report = verify(reindexed(file, sharing("urn:0", 2)));
  CHECK_MESSAGE(failed(report, "history"), failuresOf(report));
  report = verify(reindexed(file, sharing("urn:a", 1)));
  CHECK_MESSAGE(failed(report, "history"), failuresOf(report));

  // New ids before state 0's first: a new leaf, then state 0's root.
  const Bytes before = chainOf({{article("urn:b"), article("urn:c")}, {article("urn:a")}});
  const Tail beforeZero = tailOf(before, tailOf(before, before.size()).seal.previousSeal->end());
  const std::vector<IndexEntry> beforeEntries = entriesOf(before, before.size());
  REQUIRE(beforeEntries.front().id == "urn:a");
  report = verify(reindexed(before, [&](ExtentAppender& a, Compressor& c) {
    PageTreeBuilder<IndexLeafBuilder, IndexInnerBuilder> tree(a, c);
    tree.add(beforeEntries.front());
    tree.addPage(0, PageChild<std::string>{"urn:b", beforeZero.seal.index.root, 2});
    return tree.finish();
  }));
  CHECK_MESSAGE(report.ok(), failuresOf(report));
}

TEST_CASE("chain verify: a history that drops an id fails history") {
  const Bytes& file = twoStates();
  std::vector<IndexEntry> entries = entriesOf(file, file.size());
  REQUIRE(entries.front().id == "urn:a");
  entries.erase(entries.begin());
  const VerifyReport report = verify(
      reindexed(file, [&](ExtentAppender& a, Compressor& c) { return written(entries, a, c); }));
  REQUIRE_MESSAGE(failed(report, "history"), failuresOf(report));
  const auto failures = report.failures();
  CHECK(std::any_of(failures.begin(), failures.end(), [](const Check& c) {
    return c.name == "history" && c.item == "urn:a" &&
           c.detail.find("missing from state 1") != std::string::npos;
  }));
}

TEST_CASE("chain verify: wrong versions and states of the index columns fail history") {
  const Bytes& file = twoStates();
  const std::vector<IndexEntry> intact = entriesOf(file, file.size());
  REQUIRE(intact.size() == 3);
  REQUIRE(intact[1].id == "urn:b");
  CHECK(intact[0].version == 1);
  CHECK(intact[0].state == 0);
  CHECK(intact[1].version == 2);
  CHECK(intact[1].state == 1);
  CHECK(intact[2].version == 1);
  CHECK(intact[2].state == 1);
  const std::vector<std::function<void(std::vector<IndexEntry>&)>> changes = {
      [](auto& e) { e[1].version = 3; },    // not the previous version plus one
      [](auto& e) { e[2].version = 2; },    // a new id's first version
      [](auto& e) { e[0].state = 1; },      // an old record claimed by this state
      [](auto& e) { e[1].state = 0; },      // a new record claimed by the state before
      [](auto& e) { e[2].state = 2; },      // a later state
      [](auto& e) { e[0].headline = "A"; }  // an unchanged record's entry changed
  };
  for (std::size_t i = 0; i < changes.size(); ++i) {
    CAPTURE(i);
    std::vector<IndexEntry> entries = intact;
    changes[i](entries);
    const VerifyReport report = verify(
        reindexed(file, [&](ExtentAppender& a, Compressor& c) { return written(entries, a, c); }));
    CHECK_MESSAGE(failed(report, "history"), failuresOf(report));
  }
}

TEST_CASE("chain verify: a state-0 entry of another version or state fails history") {
  const Bytes& file = twoStates();
  const Tail zero = tailOf(file, twoStates().size());
  const std::uint64_t end0 = zero.seal.previousSeal->offset + zero.seal.previousSeal->tailSize;
  const Bytes first(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(end0));
  REQUIRE(verify(first).ok());
  // State 0 rewritten with a version 2 entry (its whole index: its pages are all new).
  std::vector<IndexEntry> entries = entriesOf(first, first.size());
  entries[0].version = 2;
  const Tail tail = tailOf(first, first.size());
  const ExtentReader reader(first, kName, kHeaderSize, tail.footer.sealOffset, kOptions);
  IndexTreeReader index(reader, tail.seal.index, kOptions);
  std::uint64_t firstPage = tail.footer.sealOffset;
  index.onPage([&](const ExtentRef& page) { firstPage = std::min(firstPage, page.offset); });
  index.forEach([](const IndexEntry&) {});
  Bytes out(first.begin(), first.begin() + static_cast<std::ptrdiff_t>(firstPage));
  newsarc_test::VectorSink sink(out);
  ExtentAppender appender(sink, out.size());
  Compressor compressor(3);
  Seal seal = tail.seal;
  seal.index = written(entries, appender, compressor);
  writeTail(appender, seal, {}, kSigningTime);
  const VerifyReport report = verify(out);
  CHECK_MESSAGE(failed(report, "history"), failuresOf(report));
}

// State 0: enough articles with long headlines for several leaves; state 1 revises the first
// (its leaf replaced, the others shared); state 2 adds an id at the end.
const Bytes& sharingChain() {
  static const Bytes file = [] {
    std::vector<ArticleWithFiles> many;
    for (int i = 0; i < 200; ++i) {
      char id[16];
      std::snprintf(id, sizeof id, "urn:x:%03d", i);
      many.push_back(article(id, 1000));
    }
    ArticleWithFiles revised = article("urn:x:000", 1000);
    revised.article.headline = std::string(999, 'r');
    return chainOf({many, {revised}, {article("urn:x:999")}});
  }();
  return file;
}

TEST_CASE("chain verify: flips in the states that share pages of the state before all fail") {
  const Bytes& file = sharingChain();
  const VerifyReport intact = verify(file);
  REQUIRE_MESSAGE(intact.ok(), failuresOf(intact));
  const Tail two = tailOf(file, file.size());
  const std::uint64_t end0 = tailOf(file, two.seal.previousSeal->end()).seal.previousSeal->end();
  // Every 5th byte from state 0's seal on: its tail, the deltas of states 1 and 2 (clusters,
  // tables, the new leaves and roots naming the shared pages), their tails.
  const std::uint64_t from = tailOf(file, end0).footer.sealOffset;
  std::size_t undetected = 0;
  for (std::uint64_t at = from; at < file.size(); at += 5) {
    Bytes damaged = file;
    damaged[at] ^= 0x04;
    if (verify(damaged).ok()) {
      ++undetected;
      MESSAGE("flip at offset " << at << " went undetected");
    }
  }
  CHECK(undetected == 0);
}

TEST_CASE("chain verify: a shared page of an older state than the previous fails history") {
  const Bytes& file = sharingChain();
  REQUIRE(verify(file).ok());

  const Tail two = tailOf(file, file.size());
  const std::uint64_t end1 = two.seal.previousSeal->end();
  const Tail one = tailOf(file, end1);
  const std::uint64_t end0 = one.seal.previousSeal->end();
  const Tail zero = tailOf(file, end0);
  std::vector<IndexEntry> added;
  for (const IndexEntry& e : entriesOf(file, file.size())) {
    if (e.state == 2) added.push_back(e);
  }
  REQUIRE(added.size() == 1);
  // State 2's index merged over state 0's instead of state 1's: it shares state 0's first leaf,
  // which state 1 replaced.
  const auto mergedOver = [&](const Tail& base) {
    return [&](ExtentAppender& a, Compressor& c) {
      const ExtentReader reader(file, kName, kHeaderSize, base.footer.sealOffset, kOptions);
      IndexTreeReader tree(reader, base.seal.index, kOptions);
      std::size_t next = 0;
      const EntrySource source = [&](IndexEntry& entry) {
        if (next == added.size()) return false;
        entry = added[next++];
        return true;
      };
      return mergeIndex(tree, source, 2, a, c);
    };
  };
  const VerifyReport same = verify(reindexed(file, mergedOver(one)));
  CHECK_MESSAGE(same.ok(), failuresOf(same));
  const VerifyReport older = verify(reindexed(file, mergedOver(zero)));
  REQUIRE_MESSAGE(failed(older, "history"), failuresOf(older));
  const auto failures = older.failures();
  CHECK(std::any_of(failures.begin(), failures.end(), [&](const Check& c) {
    return c.name == "history" && c.item.starts_with("shared index page at ") &&
           c.offset.value_or(end0) < end0;
  }));
}
