#include "core/read/index_page_reader.h"

#include "core/common/canonical_message.h"
#include "format2.capnp.h"

namespace archive_news::internal {
namespace {

using LeafReader = schema2::IndexLeafPage::Reader;

constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 63;

// The entries' text copies: ids strictly increasing, every value within its limit.
void readTexts(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const std::size_t n = entries.size();
  const auto ids = check.text("ids", page.getIds(), page.getIdEnds(), n);
  const auto headlines = check.text("headlines", page.getHeadlines(), page.getHeadlineEnds(), n);
  for (std::size_t i = 0; i < n; ++i) {
    check.expectText("id", i, ids[i], kMaxIndexIdSize);
    if (i > 0 && !idLess(ids[i - 1], ids[i])) {
      check.fail("id " + std::to_string(i) + " is not after id " + std::to_string(i - 1) +
                 "; expected ids strictly increasing in byte order");
    }
    check.expectText("headline", i, headlines[i], kMaxIndexHeadlineSize);
    entries[i].id = ids[i];
    entries[i].headline = headlines[i];
  }
}

// An optional text column: a value where its flag is set, empty where it is not.
template <typename Set>
void readOptional(const PageChecker& check, std::string_view column,
                  const std::vector<std::string_view>& values, capnp::List<bool>::Reader present,
                  Set set) {
  check.expectLength(std::string(column) + " present", present.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!present[static_cast<unsigned>(i)]) {
      if (!values[i].empty()) {
        check.fail(std::string(column) + " " + std::to_string(i) + " is absent but has " +
                   std::to_string(values[i].size()) + " bytes; expected none");
      }
      continue;
    }
    check.expectText(column, i, values[i], kMaxIndexTimeSize);
    set(i, std::string(values[i]));
  }
}

void readTimes(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const std::size_t n = entries.size();
  readOptional(check, "firstcreated",
               check.text("firstcreated", page.getFirstcreated(), page.getFirstcreatedEnds(), n),
               page.getFirstcreatedPresent(),
               [&](std::size_t i, std::string v) { entries[i].firstcreated = std::move(v); });
  readOptional(
      check, "versioncreated",
      check.text("versioncreated", page.getVersioncreated(), page.getVersioncreatedEnds(), n),
      page.getVersioncreatedPresent(),
      [&](std::size_t i, std::string v) { entries[i].versioncreated = std::move(v); });
}

void readBylines(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const auto counts = page.getBylineCounts();
  check.expectLength("byline counts", counts.size(), entries.size());
  std::size_t total = 0;
  for (unsigned i = 0; i < counts.size(); ++i) {
    if (counts[i] > kMaxIndexBylines) {
      check.fail("byline count " + std::to_string(i) + " is " + std::to_string(counts[i]) +
                 "; expected at most " + std::to_string(kMaxIndexBylines));
    }
    total += counts[i];
  }
  const auto names =
      check.text("byline names", page.getBylineNames(), page.getBylineNameEnds(), total);
  std::size_t next = 0;
  for (unsigned i = 0; i < counts.size(); ++i) {
    for (unsigned k = 0; k < counts[i]; ++k, ++next) {
      check.expectText("byline name", next, names[next], kMaxIndexBylineSize);
      entries[i].bylineNames.emplace_back(names[next]);
    }
  }
}

void readNumbers(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const std::size_t n = entries.size();
  const auto cut = page.getHeadlineCut();
  const auto images = page.getImageCounts();
  const auto attachments = page.getAttachmentCounts();
  const auto sizes = page.getContentSizes();
  const auto numbers = page.getRecordNumbers();
  check.expectLength("headline cut flags", cut.size(), n);
  check.expectLength("image counts", images.size(), n);
  check.expectLength("attachment counts", attachments.size(), n);
  check.expectLength("content sizes", sizes.size(), n);
  check.expectLength("record numbers", numbers.size(), n);
  for (unsigned i = 0; i < n; ++i) {
    entries[i].headlineCut = cut[i];
    entries[i].imageCount = images[i];
    entries[i].attachmentCount = attachments[i];
    entries[i].contentSize = sizes[i];
    entries[i].recordNumber = numbers[i];
  }
}

// The cluster table: in strictly increasing offset order (each cluster once), each used.
void readClusters(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const auto table = page.getClusters();
  const auto indexes = page.getRecordClusters();
  check.expectLength("record clusters", indexes.size(), entries.size());
  std::vector<ExtentRef> clusters;
  clusters.reserve(table.size());
  for (unsigned c = 0; c < table.size(); ++c) {
    clusters.push_back(check.ref(table[c], "cluster " + std::to_string(c)));
    if (c > 0 && clusters[c].offset <= clusters[c - 1].offset) {
      check.fail("cluster " + std::to_string(c) + " at offset " +
                 std::to_string(clusters[c].offset) +
                 " is not after the previous one; expected the clusters in file order, each once");
    }
  }
  std::vector<bool> used(clusters.size());
  for (unsigned i = 0; i < indexes.size(); ++i) {
    if (indexes[i] >= clusters.size()) {
      check.fail("record cluster " + std::to_string(i) + " is " + std::to_string(indexes[i]) +
                 "; expected less than " + std::to_string(clusters.size()) + ", the clusters");
    }
    entries[i].cluster = clusters[indexes[i]];
    used[indexes[i]] = true;
  }
  for (std::size_t c = 0; c < used.size(); ++c) {
    if (!used[c]) check.fail("cluster " + std::to_string(c) + " is used by no entry");
  }
}

}  // namespace

std::vector<IndexEntry> decodeIndexLeafPage(std::span<const std::uint8_t> raw,
                                            const PagePlace& place, const ReaderOptions& options) {
  const PageChecker check(place, "index leaf page");
  CanonicalMessageView view(raw, place.name, place.offset, options, check.what());
  return guardCapnp(place.name, place.offset, check.what(), [&] {
    const LeafReader page = view.root<schema2::IndexLeafPage>();
    std::vector<IndexEntry> entries(page.getIdEnds().size());
    readTexts(check, page, entries);
    readTimes(check, page, entries);
    readBylines(check, page, entries);
    readNumbers(check, page, entries);
    readClusters(check, page, entries);
    return entries;
  });
}

IndexInnerPage decodeIndexInnerPage(std::span<const std::uint8_t> raw, const PagePlace& place,
                                    const ReaderOptions& options) {
  const PageChecker check(place, "index inner page");
  CanonicalMessageView view(raw, place.name, place.offset, options, check.what());
  return guardCapnp(place.name, place.offset, check.what(), [&] {
    const auto page = view.root<schema2::IndexInnerPage>();
    IndexInnerPage inner;
    inner.level = page.getLevel();
    if (inner.level == 0) check.fail("level 0; expected 1 or more (level 0 is a leaf)");
    const auto children = page.getChildren();
    const auto counts = page.getArticleCounts();
    const std::size_t n = children.size();
    if (n == 0) check.fail("no child; expected at least one");
    check.expectLength("article counts", counts.size(), n);
    const auto ids = check.text("first ids", page.getFirstIds(), page.getFirstIdEnds(), n);
    std::uint64_t total = 0;
    for (unsigned i = 0; i < n; ++i) {
      check.expectText("first id", i, ids[i], kMaxIndexIdSize);
      if (i > 0 && !idLess(ids[i - 1], ids[i])) {
        check.fail("first id " + std::to_string(i) +
                   " is not after the previous one; expected first ids strictly increasing");
      }
      const std::string what = "child " + std::to_string(i);
      const ExtentRef ref = check.ref(children[i], what);
      if (ref.withDictionary)
        check.fail(what + " is compressed with the dictionary; expected none");
      if (counts[i] == 0 || counts[i] >= kMaxCount - total) {
        check.fail("article count " + std::to_string(i) + " is " + std::to_string(counts[i]) +
                   "; expected at least 1, the page's sum below 2^63");
      }
      total += counts[i];
      inner.children.push_back({std::string(ids[i]), ref, counts[i]});
    }
    return inner;
  });
}

}  // namespace archive_news::internal
