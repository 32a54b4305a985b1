#include "core/verify/index_pass.h"

#include <archive_news/error.h>

#include <optional>

#include "core/read/index_tree_reader.h"
#include "core/verify/history.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

std::string clusterItem(std::uint64_t offset) { return "cluster at " + std::to_string(offset); }

class IndexPass {
 public:
  IndexPass(RecordContext& context, const ExtentFindings& table, bool firstState)
      : c_(context), table_(table), next_(table.clusters.begin()), firstState_(firstState) {}

  void visit(const IndexEntry& entry) {
    ++entries_;
    if (firstState_ && (entry.version != 1 || entry.state != 0)) {
      c_.report.fail("history", entry.id, std::nullopt,
                     "version " + std::to_string(entry.version) + " of state " +
                         std::to_string(entry.state) +
                         "; expected version 1 of state 0 in a bundle's first state");
    }
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
  bool firstState_;
  std::uint64_t entries_ = 0;
  std::uint64_t clusters_ = 0;
};

void expectCount(const std::string& what, std::uint64_t found, std::uint64_t sealed, Report& r) {
  if (found == sealed) return;
  r.fail("counts", what, std::nullopt,
         std::to_string(found) + " found; the seal says " + std::to_string(sealed));
}

void closeIndexChecks(Report& r, bool complete, const IndexPass& pass) {
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
}

}  // namespace

bool checkIndex(RecordContext& c, const Tail& tail, const ExtentFindings& table,
                Coverage& coverage) {
  IndexPass pass(c, table, true);
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
  closeIndexChecks(c.report, complete, pass);
  return complete;
}

namespace {

// State k's tree in id order, descending into its new pages only (offset >= newFrom), each
// reported to coverage in post-order; the shared pages and the entries of new leaves go to the
// history check, and the entries whose cluster is new to the full checks.
class DeltaWalk {
 public:
  DeltaWalk(const std::string& name, IndexTreeReader& tree, IndexPass& pass, HistoryCheck& history,
            Coverage& coverage, std::uint64_t newFrom)
      : name_(name),
        tree_(tree),
        pass_(pass),
        history_(history),
        coverage_(coverage),
        newFrom_(newFrom) {}

  void run() { walk(tree_.root(), std::nullopt); }
  std::uint64_t entries() const { return entries_; }
  // The history check's first fault; it checks nothing after it.
  const std::optional<HistoryFault>& fault() const { return fault_; }

 private:
  void walk(const IndexTreeReader::PageAt& at, const std::optional<std::string>& upper) {
    if (at.level == 0) {
      const std::vector<IndexEntry> leaf = tree_.leaf(at);
      // Ids increase within a leaf (decode) and from the first, the parent's; the last must
      // stay below the next child's first id.
      if (upper && !leaf.empty() && !idLess(leaf.back().id, *upper)) {
        throw Error(ErrorCode::kCorruption, name_, at.ref.offset,
                    "index page: leaf's last id " + leaf.back().id +
                        " is not before the next page's first id " + *upper);
      }
      for (const IndexEntry& entry : leaf) {
        ++entries_;
        history(entry);
        if (entry.cluster.offset >= newFrom_) pass_.visit(entry);
      }
    } else {
      const IndexInnerPage page = tree_.inner(at);
      for (std::size_t i = 0; i < page.children.size(); ++i) {
        const IndexTreeReader::PageAt child = tree_.child(at, page, i);
        const bool last = i + 1 == page.children.size();
        const std::optional<std::string> childUpper =
            last ? upper : std::optional(page.children[i + 1].firstKey);
        if (child.ref.offset < newFrom_) {
          entries_ += child.count;
          shared(child);
        } else {
          walk(child, childUpper);
        }
      }
    }
    coverage_.page(at.ref.offset, at.ref.storedSize,
                   "index page at " + std::to_string(at.ref.offset));
  }

  void history(const IndexEntry& entry) {
    if (fault_) return;
    try {
      history_.entry(entry);
    } catch (const HistoryFault& f) {
      fault_ = f;
    } catch (const Error& e) {
      fault_ = HistoryFault{"index of the previous state", e.offset(), e.reason()};
    }
  }
  void shared(const IndexTreeReader::PageAt& page) {
    if (fault_) return;
    try {
      history_.shared(page);
    } catch (const HistoryFault& f) {
      fault_ = f;
    } catch (const Error& e) {
      fault_ = HistoryFault{"index of the previous state", e.offset(), e.reason()};
    }
  }

  const std::string& name_;
  IndexTreeReader& tree_;
  IndexPass& pass_;
  HistoryCheck& history_;
  Coverage& coverage_;
  std::uint64_t newFrom_;
  std::uint64_t entries_ = 0;
  std::optional<HistoryFault> fault_;
};

}  // namespace

bool checkIndexDelta(RecordContext& c, const Tail& tail, const ExtentFindings& table,
                     Coverage& coverage, const Tail& previous,
                     const ExtentReader& previousExtents) {
  const std::uint64_t newFrom = previous.footer.sealOffset;
  IndexPass pass(c, table, false);
  bool complete = false;
  Report& r = c.report;
  std::optional<HistoryFault> fault;
  std::uint64_t newIds = 0;
  std::uint64_t newVersions = 0;
  try {
    IndexTreeReader index(c.extents, tail.seal.index, c.options);
    IndexTreeReader before(previousExtents, previous.seal.index, c.options);
    std::optional<HistoryCheck> history;
    try {
      history.emplace(before, tail.seal.sequence, newFrom);
    } catch (const Error& e) {
      fault = HistoryFault{"index of the previous state", e.offset(), e.reason()};
    }
    if (history) {
      DeltaWalk walk(c.extents.name(), index, pass, *history, coverage, newFrom);
      try {
        walk.run();
      } catch (const Error&) {
        fault = walk.fault();
        throw;
      }
      pass.finish();
      complete = true;
      fault = walk.fault();
      if (!fault) {
        try {
          history->finish();
        } catch (const HistoryFault& f) {
          fault = f;
        } catch (const Error& e) {
          fault = HistoryFault{"index of the previous state", e.offset(), e.reason()};
        }
      }
      newIds = history->newIds();
      newVersions = history->newVersions();
      if (complete) {
        coverage.finish();
        expectCount("articles of the index", walk.entries(), tail.seal.index.count, r);
        expectCount("clusters the index uses", pass.clusters(), tail.seal.clusterCount, r);
      }
    }
  } catch (const Error& e) {
    r.fail("index-page", "index", e.offset(), e.reason());
  }
  if (fault) r.fail("history", fault->item, fault->offset, fault->detail);
  if (complete || r.failures("history") > 0) {
    r.close("history", "index",
            "state " + std::to_string(tail.seal.sequence - 1) +
                "'s entries, each unchanged or a new version (" + std::to_string(newVersions) +
                "), and " + std::to_string(newIds) +
                " new ids; shared pages where that state has them");
  }
  closeIndexChecks(r, complete, pass);
  return complete;
}

}  // namespace archive_news::internal
