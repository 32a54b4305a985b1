#include "core/verify/index_pass.h"

#include <archive_news/error.h>

#include <optional>

#include "core/read/index_tree_reader.h"

namespace archive_news::internal {
namespace {

std::string clusterItem(std::uint64_t offset) { return "cluster at " + std::to_string(offset); }

class IndexPass {
 public:
  IndexPass(RecordContext& context, const ExtentFindings& table)
      : c_(context), table_(table), next_(table.clusters.begin()) {}

  void visit(const IndexEntry& entry) {
    ++entries_;
    if (!run_ || entry.cluster.offset != run_->ref.offset) {
      close();
      open(entry.cluster);
    } else if (entry.cluster != run_->ref) {
      c_.report.fail("cluster", clusterItem(entry.cluster.offset), entry.cluster.offset,
                     "the entry of " + entry.id +
                         " describes this cluster otherwise than the entry before it");
    }
    Run& run = *run_;
    if (entry.recordNumber != run.entries) {
      c_.report.fail("record", entry.id, entry.cluster.offset,
                     "record number " + std::to_string(entry.recordNumber) + "; expected " +
                         std::to_string(run.entries) +
                         " (the entries of a cluster name its records in order)");
    } else if (run.cluster && entry.recordNumber >= run.cluster->records.size()) {
      c_.report.fail("record", entry.id, entry.cluster.offset,
                     "record " + std::to_string(entry.recordNumber) + " of a cluster of " +
                         std::to_string(run.cluster->records.size()));
    } else if (run.cluster) {
      checkRecord(c_, entry, run.cluster->records[entry.recordNumber]);
    }
    ++run.entries;
  }

  // After a complete walk: the runs closed, every cluster of the table used.
  void finish() {
    close();
    if (!table_.complete) return;
    for (; next_ != table_.clusters.end(); ++next_) unused(*next_);
  }

  std::uint64_t entries() const { return entries_; }
  std::uint64_t clusters() const { return clusters_; }

 private:
  struct Run {
    ExtentRef ref;
    std::optional<OpenCluster> cluster;
    std::uint32_t entries = 0;
  };

  void open(const ExtentRef& ref) {
    ++clusters_;
    if (run_ && ref.offset <= run_->ref.offset) {
      c_.report.fail("cluster", clusterItem(ref.offset), ref.offset,
                     "named again or out of order after the cluster at " +
                         std::to_string(run_->ref.offset) +
                         "; expected each cluster's entries together, clusters in file order");
    } else if (table_.complete) {
      matchTable(ref);
    }
    run_.emplace(Run{ref, openCluster(c_, ref), 0});
  }

  // The table lists clusters in file order and the walk meets them in that order: one cursor.
  void matchTable(const ExtentRef& ref) {
    while (next_ != table_.clusters.end() && next_->offset < ref.offset) unused(*next_++);
    if (next_ == table_.clusters.end() || next_->offset != ref.offset) {
      c_.report.fail("cluster", clusterItem(ref.offset), ref.offset,
                     "no cluster extent of the table at this offset");
      return;
    }
    const ClusterFacts& listed = *next_++;
    if (listed.storedSize != ref.storedSize || listed.rawSize != ref.rawSize ||
        listed.storedDigest != ref.storedDigest ||
        ref.compressed != inferCompressed(listed.storedSize, listed.rawSize)) {
      c_.report.fail("cluster", clusterItem(ref.offset), ref.offset,
                     "the index names " + std::to_string(ref.storedSize) + " stored, " +
                         std::to_string(ref.rawSize) + " raw bytes, sha256 " +
                         hex(ref.storedDigest) + "; the table lists " +
                         std::to_string(listed.storedSize) + ", " + std::to_string(listed.rawSize) +
                         ", " + hex(listed.storedDigest));
    }
  }

  void unused(const ClusterFacts& cluster) {
    c_.report.fail("cluster", clusterItem(cluster.offset), cluster.offset,
                   "no index entry points into this cluster; expected every cluster used");
  }

  void close() {
    if (!run_ || !run_->cluster) return;
    const std::size_t records = run_->cluster->records.size();
    if (records != run_->entries) {
      c_.report.fail("cluster", clusterItem(run_->ref.offset), run_->ref.offset,
                     std::to_string(records) + " records; " + std::to_string(run_->entries) +
                         " index entries point into it");
    }
  }

  RecordContext& c_;
  const ExtentFindings& table_;
  std::vector<ClusterFacts>::const_iterator next_;
  std::optional<Run> run_;
  std::uint64_t entries_ = 0;
  std::uint64_t clusters_ = 0;
};

void expectCount(const std::string& what, std::uint64_t found, std::uint64_t sealed, Report& r) {
  if (found == sealed) return;
  r.fail("counts", what, std::nullopt,
         std::to_string(found) + " found; the seal says " + std::to_string(sealed));
}

}  // namespace

bool checkIndex(RecordContext& c, const Tail& tail, const ExtentFindings& table,
                Coverage& coverage) {
  IndexPass pass(c, table);
  bool complete = false;
  try {
    IndexTreeReader index(c.extents, tail.seal.index, c.options);
    index.onPage([&](const ExtentRef& page) {
      coverage.page(page.offset, page.storedSize, "index page at " + std::to_string(page.offset));
    });
    index.forEach([&](const IndexEntry& entry) { pass.visit(entry); });
    pass.finish();
    complete = true;
  } catch (const Error& e) {
    c.report.fail("index-page", "index", e.offset(), e.reason());
  }
  if (complete) {
    coverage.finish();
    expectCount("articles of the index", pass.entries(), tail.seal.index.count, c.report);
    expectCount("clusters the index uses", pass.clusters(), tail.seal.clusterCount, c.report);
  }
  Report& r = c.report;
  r.close("index-page", "index", "every page decodes, ids in order, counts as the parents say");
  // After a broken walk these checks were not made for every cluster: no line claims they were.
  auto close = [&](const std::string& name, const std::string& item, const std::string& detail) {
    if (complete || r.failures(name) > 0) r.close(name, item, detail);
  };
  close("cluster", "every cluster",
        std::to_string(pass.clusters()) +
            " clusters decode, each used, as many records as entries point into it");
  close("record", "every record",
        std::to_string(pass.entries()) + " records decode and match their index entries");
  close("content-digest", "every content reference",
        "each is a content extent of the table with the raw sha256 the record names");
  return complete;
}

}  // namespace archive_news::internal
