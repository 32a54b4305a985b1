#include "core/verify/extent_pass.h"

#include <archive_news/error.h>

#include "core/common/info_message.h"
#include "core/common/sha256.h"
#include "core/read/extent_table_reader.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

const std::string kDigest = "extent-digest";

std::string kindName(ExtentKind kind) {
  switch (kind) {
    case ExtentKind::kContent:
      return "content";
    case ExtentKind::kCluster:
      return "cluster";
    case ExtentKind::kDictionary:
      return "dictionary";
    case ExtentKind::kSchema:
      return "schema";
    case ExtentKind::kInfo:
      return "bundle information";
    case ExtentKind::kPreviousTail:
      return "previous tail";
    case ExtentKind::kSearchIndex:
      return "search index";
  }
  return "extent";
}

std::string itemOf(const TableExtent& e) {
  return kindName(e.kind) + " at " + std::to_string(e.offset);
}

ExtentRef refOf(const TableExtent& e) {
  return {e.offset, e.storedSize,  e.rawSize, inferCompressed(e.storedSize, e.rawSize),
          false,    e.storedDigest};
}

// One pass over the table's extents, each checked as its kind requires.
class TablePass {
 public:
  TablePass(const ExtentReader& extents, const Tail& tail, const Seal* previous,
            const ReaderOptions& options, Coverage& coverage, Report& report)
      : extents_(extents),
        tail_(tail),
        previous_(previous),
        options_(options),
        coverage_(coverage),
        r_(report) {}

  void visit(const TableExtent& e) {
    coverage_.extent(e.offset, e.storedSize, itemOf(e));
    found_.rawBytes += e.rawSize;
    found_.storedBytes += e.storedSize;
    const bool first = listed_++ == 0;
    try {
      if (previous_ && first && e.kind != ExtentKind::kPreviousTail) {
        throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                    kindName(e.kind) +
                        " listed first; expected the previous state's tail (sequence " +
                        std::to_string(tail_.seal.sequence) + ")");
      }
      check(e, first);
    } catch (const Error& error) {
      // The reader's errors start with what they concern, which the item already says.
      const std::string item = itemOf(e);
      std::string detail = error.reason();
      if (detail.starts_with(item + ": ")) detail.erase(0, item.size() + 2);
      r_.fail(kDigest, item, error.offset().value_or(e.offset), std::move(detail));
    }
  }

  void finish() {
    // Each state names its own index, or none: never an earlier state's.
    expectOnce(ExtentKind::kSearchIndex, searchIndexes_, tail_.seal.searchIndex ? 1 : 0);
    if (!previous_) {
      expectOnce(ExtentKind::kSchema, schemas_, 1);
      expectOnce(ExtentKind::kInfo, infos_, 1);
      expectOnce(ExtentKind::kDictionary, dictionaries_, tail_.seal.dictionary ? 1 : 0);
      return;
    }
    // An appended state lists the schema and the information only when they changed, and the
    // first state's dictionary never.
    expectOnce(ExtentKind::kSchema, schemas_, tail_.seal.schema == previous_->schema ? 0 : 1);
    expectOnce(ExtentKind::kInfo, infos_, tail_.seal.info == previous_->info ? 0 : 1);
    expectOnce(ExtentKind::kDictionary, dictionaries_, 0);
    expectOnce(ExtentKind::kPreviousTail, previousTails_, 1);
  }

  ExtentFindings& found() { return found_; }

 private:
  void check(const TableExtent& e, bool first) {
    switch (e.kind) {
      case ExtentKind::kContent:
        return content(e);
      case ExtentKind::kCluster:
        // Hashed when the index walk decodes it (check "cluster"): once, not twice.
        found_.clusters.push_back({e.offset, e.storedSize, e.rawSize, e.storedDigest});
        return;
      case ExtentKind::kDictionary:
        ++dictionaries_;
        if (previous_) {
          throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                      "dictionary listed by an appended state; expected none (the first "
                      "state's is used)");
        }
        return sealed(e, tail_.seal.dictionary ? &*tail_.seal.dictionary : nullptr);
      case ExtentKind::kSchema:
        ++schemas_;
        sealed(e, &tail_.seal.schema);
        extents_.decode(tail_.seal.schema, options_.maxRecordSize, nullptr, decompressor_,
                        "schema");
        return;
      case ExtentKind::kInfo: {
        ++infos_;
        sealed(e, &tail_.seal.info);
        const std::vector<std::uint8_t> raw = extents_.decode(
            tail_.seal.info, options_.maxRecordSize, nullptr, decompressor_, "bundle information");
        decodeInfo(raw, extents_.name(), e.offset, options_);
        return;
      }
      case ExtentKind::kPreviousTail:
        ++previousTails_;
        if (!previous_) {
          r_.fail(kDigest, itemOf(e), e.offset,
                  "an earlier state's tail; expected none in a bundle's first state (sequence " +
                      std::to_string(tail_.seal.sequence) + ")");
          return;
        }
        return previousTail(e, first);
      case ExtentKind::kSearchIndex:
        // Its bytes are the search engine's: the digest is what the format promises of them.
        ++searchIndexes_;
        sealed(e, tail_.seal.searchIndex ? &tail_.seal.searchIndex->extent : nullptr);
        extents_.checked(tail_.seal.searchIndex->extent, "search index");
        return;
    }
  }

  // The previous state's tail, as the seal's link names it: [S(k-1), E(k-1)), stored raw.
  void previousTail(const TableExtent& e, bool first) {
    const SealRef& link = *tail_.seal.previousSeal;  // present: the seal's rules
    if (!first) {
      throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                  "previous tail listed after other extents; expected it first");
    }
    if (e.offset != link.offset || e.storedSize != link.tailSize || e.rawSize != link.tailSize) {
      throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                  "previous tail of " + std::to_string(e.storedSize) + " stored, " +
                      std::to_string(e.rawSize) + " raw bytes at " + std::to_string(e.offset) +
                      "; the seal's previousSeal names " + std::to_string(link.tailSize) +
                      " bytes at " + std::to_string(link.offset));
    }
    extents_.checked(refOf(e), itemOf(e));
  }

  // Stored digest, then the raw SHA-256 that records' references name.
  void content(const TableExtent& e) {
    const ExtentRef ref = refOf(e);
    // Listed whatever its bytes hold, so that the counts and the records' references are
    // checked against the table, and damage is reported once, here.
    ++found_.contentCount;
    found_.contents.push_back({e.offset, e.storedSize, e.rawSize, e.storedDigest, e.storedDigest});
    ContentFacts& facts = found_.contents.back();
    facts.damaged = true;
    const std::span<const std::uint8_t> stored = extents_.checked(ref, itemOf(e));
    if (ref.compressed)
      facts.rawDigest = rawSha256(stored, ref, decompressor_, options_, extents_.name());
    facts.damaged = false;
  }

  // An extent the seal references: the table must list it as the seal does.
  void sealed(const TableExtent& e, const ExtentRef* seal) {
    if (seal == nullptr) {
      throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                  kindName(e.kind) + " listed by the extent table; the seal names none");
    }
    if (seal->offset != e.offset || seal->storedSize != e.storedSize ||
        seal->rawSize != e.rawSize || seal->storedDigest != e.storedDigest) {
      throw Error(ErrorCode::kCorruption, extents_.name(), e.offset,
                  kindName(e.kind) + " of " + std::to_string(e.storedSize) +
                      " stored bytes, sha256 " + hex(e.storedDigest) + "; the seal names " +
                      std::to_string(seal->storedSize) + " bytes at " +
                      std::to_string(seal->offset) + ", sha256 " + hex(seal->storedDigest));
    }
    if (e.kind == ExtentKind::kDictionary) extents_.checked(*seal, "dictionary");
  }

  void expectOnce(ExtentKind kind, int count, int expected) {
    if (count == expected) return;
    r_.fail("counts", kindName(kind), std::nullopt,
            std::to_string(count) + " extents of this kind in the table; expected " +
                std::to_string(expected) + " (the seal's reference)");
  }

  const ExtentReader& extents_;
  const Tail& tail_;
  const Seal* previous_;
  const ReaderOptions& options_;
  Coverage& coverage_;
  Report& r_;
  Decompressor decompressor_;
  ExtentFindings found_;
  int schemas_ = 0;
  int infos_ = 0;
  int dictionaries_ = 0;
  int previousTails_ = 0;
  int searchIndexes_ = 0;
  std::uint64_t listed_ = 0;
};

void expectCount(const std::string& what, std::uint64_t found, std::uint64_t sealed, Report& r) {
  if (found == sealed) return;
  r.fail("counts", what, std::nullopt,
         std::to_string(found) + " found; the seal says " + std::to_string(sealed));
}

}  // namespace

Digest rawSha256(std::span<const std::uint8_t> stored, const ExtentRef& extent,
                 Decompressor& decompressor, const ReaderOptions& options,
                 const std::string& name) {
  if (!extent.compressed) return sha256(stored);
  Sha256 hash;
  const std::string why =
      decompressor.decompress(stored, nullptr, FrameLimits{extent.rawSize, options.maxWindowLog},
                              std::size_t{1} << 20, [&](auto piece) { hash.update(piece); });
  if (!why.empty()) throw Error(ErrorCode::kCorruption, name, extent.offset, why);
  return hash.finish();
}

ExtentFindings checkExtentTable(const ExtentReader& extents, const Tail& tail, const Seal* previous,
                                const ReaderOptions& options, Coverage& coverage, Report& report,
                                VerifyProgress& progress, std::vector<ContentFacts> earlier) {
  TablePass pass(extents, tail, previous, options, coverage, report);
  pass.found().contents = std::move(earlier);
  try {
    ExtentTableReader table(extents, tail.seal.extents, options);
    table.onPage([&](const ExtentRef& page) {
      coverage.page(page.offset, page.storedSize,
                    "extent table page at " + std::to_string(page.offset));
    });
    table.forEach([&](const TableExtent& e) {
      pass.visit(e);
      if (e.kind != ExtentKind::kCluster) progress.add(e.storedSize);
    });
    pass.found().complete = true;
    pass.finish();
  } catch (const Error& e) {
    report.fail("extent-table-page", "extent table", e.offset(), e.reason());
    coverage.stop();
  }
  report.close("extent-table-page", "extent table",
               "every page decodes, in order, as its parent and the seal describe it");
  if (pass.found().complete || report.failures(kDigest) > 0) {
    report.close(kDigest, "every extent",
                 "every listed extent has its stored sha256; content, schema and information "
                 "decode");
  }
  return std::move(pass.found());
}

void checkTableCounts(const ExtentFindings& found, const Seal& seal, Report& report) {
  expectCount("content extents", found.contentCount, seal.contentCount, report);
  expectCount("cluster extents", found.clusters.size(), seal.clusterCount, report);
  expectCount("raw bytes of the extents", found.rawBytes, seal.rawBytes, report);
  expectCount("stored bytes of the extents", found.storedBytes, seal.storedBytes, report);
}

}  // namespace archive_news::internal
