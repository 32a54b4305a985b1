#include "core/verify/record_check.h"

#include <archive_news/error.h>

#include <algorithm>

#include "core/read/cluster_view.h"
#include "core/read/record_decode.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

std::string clusterItem(const ExtentRef& cluster) {
  return "cluster at " + std::to_string(cluster.offset);
}

std::string recordItem(const IndexEntry& entry) {
  return "record " + std::to_string(entry.recordNumber) + " of cluster at " +
         std::to_string(entry.cluster.offset) + " (" + entry.id + ")";
}

std::string quoted(const std::optional<std::string>& text) {
  return text ? "\"" + *text + "\"" : "none";
}

// What the index should hold for this record: the writer's own rules (makeIndexEntry).
IndexEntry impliedEntry(const ArticleRecord& record, std::uint64_t recordSize,
                        const IndexEntry& entry) {
  IndexEntry implied = indexEntryOf(record.article, recordSize);
  implied.cluster = entry.cluster;
  implied.recordNumber = entry.recordNumber;
  // The history columns are not the record's: the history check holds them to the states.
  implied.version = entry.version;
  implied.state = entry.state;
  return implied;
}

// The first field in which the entry differs from what its record implies, or empty.
std::string difference(const IndexEntry& found, const IndexEntry& implied) {
  auto number = [](const char* what, std::uint64_t f, std::uint64_t i) {
    return std::string(what) + " " + std::to_string(f) + "; the record implies " +
           std::to_string(i);
  };
  if (found.id != implied.id) return "id differs from the record's uri \"" + implied.id + "\"";
  if (found.headline != implied.headline || found.headlineCut != implied.headlineCut) {
    return "headline copy differs from the record's headline cut to 1 KiB (cut flag " +
           std::to_string(found.headlineCut) + "; expected " + std::to_string(implied.headlineCut) +
           ")";
  }
  if (found.firstcreated != implied.firstcreated) {
    return "firstcreated " + quoted(found.firstcreated) + "; the record has " +
           quoted(implied.firstcreated);
  }
  if (found.versioncreated != implied.versioncreated) {
    return "versioncreated " + quoted(found.versioncreated) + "; the record has " +
           quoted(implied.versioncreated);
  }
  if (found.bylineNames != implied.bylineNames) {
    return "byline names differ from the record's first 16, each cut to 256 bytes";
  }
  if (found.imageCount != implied.imageCount) {
    return number("image count", found.imageCount, implied.imageCount);
  }
  if (found.attachmentCount != implied.attachmentCount) {
    return number("attachment count", found.attachmentCount, implied.attachmentCount);
  }
  if (found.contentSize != implied.contentSize) {
    return number("content size", found.contentSize, implied.contentSize);
  }
  if (found.pubstatus != implied.pubstatus) {
    auto code = [](PubStatus p) {
      return std::to_string(static_cast<unsigned>(p)) + " (" + quoted(pubStatusText(p)) + ")";
    };
    return "pubstatus " + code(found.pubstatus) + "; the record implies " + code(implied.pubstatus);
  }
  return {};
}

bool failContent(RecordContext& c, const std::string& item, std::uint64_t offset,
                 const std::string& detail) {
  c.report.fail("content-digest", item, offset, detail);
  return false;
}

// Against the table's content extent at the same offset, checked by the extent pass.
bool checkTabled(RecordContext& c, const ExtentRef& ref, const ContentRef& content,
                 const std::string& item) {
  const std::vector<ContentFacts>& contents = *c.contents;
  const auto at = std::lower_bound(
      contents.begin(), contents.end(), ref.offset,
      [](const ContentFacts& f, std::uint64_t offset) { return f.offset < offset; });
  if (at == contents.end() || at->offset != ref.offset) {
    return failContent(c, item, ref.offset, "no content extent of the table at this offset");
  }
  if (at->storedSize != ref.storedSize || at->rawSize != ref.rawSize ||
      at->storedDigest != ref.storedDigest ||
      ref.compressed != inferCompressed(at->storedSize, at->rawSize) || ref.withDictionary) {
    return failContent(c, item, ref.offset,
                       "reference of " + std::to_string(ref.storedSize) + " stored, " +
                           std::to_string(ref.rawSize) + " raw bytes, sha256 " +
                           hex(ref.storedDigest) + "; the table lists " +
                           std::to_string(at->storedSize) + ", " + std::to_string(at->rawSize) +
                           ", " + hex(at->storedDigest));
  }
  if (at->damaged) {
    return failContent(c, item, ref.offset,
                       "its content extent is damaged (check extent-digest at this offset)");
  }
  if (at->rawDigest != content.digest) {
    return failContent(
        c, item, ref.offset,
        "raw bytes have sha256 " + hex(at->rawDigest) + "; the record says " + hex(content.digest));
  }
  return true;
}

// From the content's own bytes, when proving single articles.
bool checkAlone(RecordContext& c, const ExtentRef& ref, const ContentRef& content,
                const std::string& item) {
  try {
    const std::span<const std::uint8_t> stored = c.extents.checked(ref, item);
    const Digest raw = rawSha256(stored, ref, c.decompressor, c.options, c.extents.name());
    if (raw == content.digest) return true;
    return failContent(
        c, item, ref.offset,
        "raw bytes have sha256 " + hex(raw) + "; the record says " + hex(content.digest));
  } catch (const Error& e) {
    return failContent(c, item, e.offset().value_or(ref.offset), e.reason());
  }
}

bool checkContent(RecordContext& c, const ExtentRef& ref, const ContentRef& content,
                  const std::string& item) {
  if (content.size != ref.rawSize) {
    return failContent(c, item, ref.offset,
                       "content size " + std::to_string(content.size) + "; its extent holds " +
                           std::to_string(ref.rawSize) + " raw bytes");
  }
  if (isEmptyExtent(ref)) return true;  // no bytes, and decoding checked the digest of none
  return c.contents ? checkTabled(c, ref, content, item) : checkAlone(c, ref, content, item);
}

bool checkContents(RecordContext& c, const ArticleRecord& record, const std::string& id) {
  bool ok = true;
  const Article& a = record.article;
  for (std::size_t i = 0; i < a.images.size(); ++i) {
    ok &= checkContent(c, record.imageExtents[i], a.images[i].content,
                       "image " + std::to_string(i) + " of " + id);
  }
  for (std::size_t i = 0; i < a.attachments.size(); ++i) {
    ok &= checkContent(c, record.attachmentExtents[i], a.attachments[i].content,
                       "attachment " + std::to_string(i) + " of " + id);
  }
  return ok;
}

}  // namespace

std::optional<OpenCluster> openCluster(RecordContext& c, const ExtentRef& cluster) {
  const std::string item = clusterItem(cluster);
  try {
    if (cluster.withDictionary && c.dictionary == nullptr) {
      throw Error(ErrorCode::kCorruption, c.extents.name(), cluster.offset,
                  "compressed with the bundle's dictionary; the bundle has none (or it is "
                  "unreadable)");
    }
    if (c.progress) c.progress->add(cluster.storedSize);
    OpenCluster open;
    open.raw =
        c.extents.decode(cluster, c.options.maxClusterSize, c.dictionary, c.decompressor, item);
    const ClusterView view(open.raw, c.extents.name(), cluster.offset, item);
    view.forEach([&](std::uint32_t, std::span<const std::uint8_t> record) {
      open.records.push_back(record);
    });
    return open;
  } catch (const Error& e) {
    c.report.fail("cluster", item, e.offset().value_or(cluster.offset), e.reason());
    return std::nullopt;
  }
}

bool checkRecord(RecordContext& c, const IndexEntry& entry, std::span<const std::uint8_t> bytes) {
  const std::string item = recordItem(entry);
  try {
    const ArticleRecord record =
        decodeArticleRecord(bytes, c.extents.name(), entry.cluster.offset, c.options, item);
    // The article's own rules (spec/FORMAT.md 5.7), which a conforming writer never breaks.
    validateArticle(record.article, item);
    const std::string why = difference(entry, impliedEntry(record, bytes.size(), entry));
    if (!why.empty()) {
      c.report.fail("record", item, entry.cluster.offset, "index entry's " + why);
      return false;
    }
    return checkContents(c, record, entry.id);
  } catch (const Error& e) {
    c.report.fail("record", item, e.offset().value_or(entry.cluster.offset), e.reason());
    return false;
  }
}

}  // namespace archive_news::internal
