#include "core/verify/article_proof.h"

#include <archive_news/error.h>

#include "core/read/index_tree_reader.h"

namespace archive_news::internal {
namespace {

// Failures so far of the checks a proof can fail, to tell whether this article's added any.
std::size_t failuresSoFar(const Report& r) {
  std::size_t total = 0;
  for (const char* name : {"index-page", "cluster", "record", "content-digest"}) {
    total += r.failures(name);
  }
  return total;
}

bool proveOne(RecordContext& c, IndexTreeReader& index, const std::string& id) {
  std::optional<IndexEntry> entry;
  try {
    entry = index.find(id);
  } catch (const Error& e) {
    c.report.fail("index-page", "index, looking for " + id, e.offset(), e.reason());
    return false;
  }
  if (!entry) {
    c.report.fail("article", id, std::nullopt, "no article with this id in the bundle");
    return false;
  }
  const std::size_t before = failuresSoFar(c.report);
  const std::optional<OpenCluster> cluster = openCluster(c, entry->cluster);
  if (!cluster) return false;
  if (entry->recordNumber >= cluster->records.size()) {
    c.report.fail("record", id, entry->cluster.offset,
                  "record " + std::to_string(entry->recordNumber) + " of a cluster of " +
                      std::to_string(cluster->records.size()));
    return false;
  }
  checkRecord(c, *entry, cluster->records[entry->recordNumber]);
  return failuresSoFar(c.report) == before;
}

}  // namespace

void proveArticles(RecordContext& c, const Tail& tail, const std::vector<std::string>& ids) {
  std::optional<IndexTreeReader> index;
  try {
    index.emplace(c.extents, tail.seal.index, c.options);
  } catch (const Error& e) {
    c.report.fail("index-page", "index", e.offset(), e.reason());
    return;
  }
  for (const std::string& id : ids) {
    const std::size_t before = failuresSoFar(c.report);
    if (proveOne(c, *index, id)) {
      c.report.pass("article", id, std::nullopt,
                    "proved: its path of pages from the seal, its cluster, its record and its "
                    "contents");
    } else if (failuresSoFar(c.report) != before) {
      c.report.fail("article", id, std::nullopt, "not proved: see the failures above");
    }
  }
}

}  // namespace archive_news::internal
