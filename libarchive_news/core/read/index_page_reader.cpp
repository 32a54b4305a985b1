#include "core/read/index_page_reader.h"

#include <limits>

#include "core/common/canonical_message.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {
namespace {

using LeafReader = schema::IndexLeafPage::Reader;

constexpr std::uint64_t kMaxCount = std::uint64_t{1} << 63;

// The entries' text copies: ids strictly increasing, every value within its limit.
void readTexts(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const std::size_t n = entries.size();
  const auto ids = check.text("ids", page.getIds(), page.getIdLengths(), n);
  const auto headlines = check.text("headlines", page.getHeadlines(), page.getHeadlineLengths(), n);
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
               check.text("firstcreated", page.getFirstcreated(), page.getFirstcreatedLengths(), n),
               page.getFirstcreatedPresent(),
               [&](std::size_t i, std::string v) { entries[i].firstcreated = std::move(v); });
  readOptional(
      check, "versioncreated",
      check.text("versioncreated", page.getVersioncreated(), page.getVersioncreatedLengths(), n),
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
      check.text("byline names", page.getBylineNames(), page.getBylineNameLengths(), total);
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
  const auto pubstatus = page.getPubstatus();
  const auto versions = page.getVersions();
  const auto states = page.getStates();
  check.expectLength("pubstatus", pubstatus.size(), n);
  check.expectLength("versions", versions.size(), n);
  check.expectLength("states", states.size(), n);
  check.expectLength("headline cut flags", cut.size(), n);
  check.expectLength("image counts", images.size(), n);
  check.expectLength("attachment counts", attachments.size(), n);
  check.expectLength("content sizes", sizes.size(), n);
  for (unsigned i = 0; i < n; ++i) {
    entries[i].headlineCut = cut[i];
    entries[i].imageCount = images[i];
    entries[i].attachmentCount = attachments[i];
    entries[i].contentSize = sizes[i];
    if (pubstatus[i] > kMaxPubStatusCode) {
      check.fail("pubstatus " + std::to_string(i) + " is " + std::to_string(pubstatus[i]) +
                 "; expected 0 to " + std::to_string(kMaxPubStatusCode));
    }
    entries[i].pubstatus = static_cast<PubStatus>(pubstatus[i]);
    if (versions[i] == 0) check.fail("version " + std::to_string(i) + " is 0; expected 1 or more");
    entries[i].version = versions[i];
    entries[i].state = states[i];
  }
}

// The cluster table: in strictly increasing offset order (each cluster once).
std::vector<ExtentRef> readClusterTable(const PageChecker& check, LeafReader page) {
  const auto table = page.getClusters();
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
  return clusters;
}

// One run checked on its own: at least one entry, within the page's entries from `next`, its
// cluster in the table, its last record number within uint32.
void checkRun(const PageChecker& check, unsigned r, std::uint16_t cluster, std::uint32_t length,
              std::uint32_t first, std::size_t clusters, std::size_t next, std::size_t n) {
  const std::string run = "run " + std::to_string(r);
  if (length == 0) check.fail(run + " has length 0; expected at least 1");
  if (length > n - next) {
    check.fail(run + " has length " + std::to_string(length) + " past the entries; expected " +
               "the run lengths to sum to " + std::to_string(n) + ", the entries");
  }
  if (cluster >= clusters) {
    check.fail(run + " has cluster " + std::to_string(cluster) + "; expected less than " +
               std::to_string(clusters) + ", the clusters");
  }
  if (std::uint64_t{first} + length - 1 > std::numeric_limits<std::uint32_t>::max()) {
    check.fail(run + " starts at record " + std::to_string(first) + " with length " +
               std::to_string(length) + "; expected its last record number below 2^32");
  }
}

// The runs, turned back into each entry's cluster and record number; every cluster of the
// table used by a run.
void readClusters(const PageChecker& check, LeafReader page, std::vector<IndexEntry>& entries) {
  const std::vector<ExtentRef> clusters = readClusterTable(check, page);
  const auto runClusters = page.getRunClusters();
  const auto runLengths = page.getRunLengths();
  const auto runFirsts = page.getRunFirstRecords();
  check.expectLength("run lengths", runLengths.size(), runClusters.size());
  check.expectLength("run first records", runFirsts.size(), runClusters.size());
  std::vector<bool> used(clusters.size());
  std::size_t next = 0;
  for (unsigned r = 0; r < runClusters.size(); ++r) {
    checkRun(check, r, runClusters[r], runLengths[r], runFirsts[r], clusters.size(), next,
             entries.size());
    used[runClusters[r]] = true;
    for (std::uint32_t k = 0; k < runLengths[r]; ++k, ++next) {
      entries[next].cluster = clusters[runClusters[r]];
      entries[next].recordNumber = runFirsts[r] + k;
    }
  }
  if (next != entries.size()) {
    check.fail("run lengths sum to " + std::to_string(next) + "; expected " +
               std::to_string(entries.size()) + ", the entries");
  }
  for (std::size_t c = 0; c < used.size(); ++c) {
    if (!used[c]) check.fail("cluster " + std::to_string(c) + " is used by no run");
  }
}

}  // namespace

std::vector<IndexEntry> decodeIndexLeafPage(std::span<const std::uint8_t> raw,
                                            const PagePlace& place, const ReaderOptions& options) {
  const PageChecker check(place, "index leaf page");
  CanonicalMessageView view(raw, place.name, place.offset, options, check.what());
  return guardCapnp(place.name, place.offset, check.what(), [&] {
    const LeafReader page = view.root<schema::IndexLeafPage>();
    std::vector<IndexEntry> entries(page.getIdLengths().size());
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
    const auto page = view.root<schema::IndexInnerPage>();
    IndexInnerPage inner;
    inner.level = page.getLevel();
    if (inner.level == 0) check.fail("level 0; expected 1 or more (level 0 is a leaf)");
    const auto children = page.getChildren();
    const auto counts = page.getArticleCounts();
    const std::size_t n = children.size();
    if (n == 0) check.fail("no child; expected at least one");
    check.expectLength("article counts", counts.size(), n);
    const auto ids = check.text("first ids", page.getFirstIds(), page.getFirstIdLengths(), n);
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
