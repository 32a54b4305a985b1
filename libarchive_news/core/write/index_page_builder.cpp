#include "core/write/index_page_builder.h"

#include <capnp/message.h>

#include <algorithm>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "core/common/canonical_message.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {
namespace {

constexpr std::uint64_t kLeafPointers = 24;   // IndexLeafPage: no data section
constexpr std::uint64_t kInnerWords = 1 + 4;  // IndexInnerPage: level, then 4 pointers

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view text) {
  return {reinterpret_cast<const kj::byte*>(text.data()), text.size()};
}

template <typename List, typename Values>
void fill(List list, const Values& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
}

// Sets a Data column and its lengths through the two setters of the field pair.
template <typename SetData, typename InitLengths>
void setText(const TextColumn& column, SetData setData, InitLengths initLengths) {
  setData(bytesOf(column.data));
  fill(initLengths(static_cast<unsigned>(column.lengths.size())), column.lengths);
}

std::uint64_t boolListSize(std::uint64_t n) { return wordPadded((n + 7) / 8); }

}  // namespace

void TextColumn::add(std::string_view value) {
  if (value.size() > std::numeric_limits<std::uint16_t>::max()) {
    throw std::logic_error("index text value of " + std::to_string(value.size()) + " bytes");
  }
  data += value;
  lengths.push_back(static_cast<std::uint16_t>(value.size()));
}

bool RecordRuns::startsRun(std::uint16_t cluster, std::uint32_t record) const {
  if (lengths.empty() || clusters.back() != cluster) return true;
  // In 64 bits: the run's next record number may be 2^32, which no record has.
  return std::uint64_t{firstRecords.back()} + lengths.back() != record;
}

void RecordRuns::add(std::uint16_t cluster, std::uint32_t record) {
  if (!startsRun(cluster, record)) {
    ++lengths.back();
    return;
  }
  clusters.push_back(cluster);
  lengths.push_back(1);
  firstRecords.push_back(record);
}

std::uint64_t IndexLeafBuilder::sizeOf(const Totals& t) {
  const std::uint64_t n = t.entries;
  const std::uint64_t text = wordPadded(t.ids) + wordPadded(t.headlines) +
                             wordPadded(t.firstcreated) + wordPadded(t.versioncreated) +
                             wordPadded(t.nameBytes);
  const std::uint64_t lengths = 4 * wordPadded(2 * n) + wordPadded(2 * t.names);
  const std::uint64_t flags = 3 * boolListSize(n);
  const std::uint64_t numbers = wordPadded(n) /* bylineCounts */ +
                                2 * wordPadded(4 * n) /* images, attachments */ +
                                8 * n /* contentSizes */ + wordPadded(n) /* pubstatus */ +
                                2 * wordPadded(4 * n) /* versions, states */;
  const std::uint64_t runs = wordPadded(2 * t.runs) + 2 * wordPadded(4 * t.runs);
  return kMessageOverhead + 8 * kLeafPointers + text + lengths + flags + numbers + runs +
         extentRefListSize(t.clusters);
}

IndexLeafBuilder::Totals IndexLeafBuilder::totalsWith(const IndexEntry& e) const {
  Totals t = totals_;
  t.entries += 1;
  t.ids += e.id.size();
  t.headlines += e.headline.size();
  t.firstcreated += e.firstcreated ? e.firstcreated->size() : 0;
  t.versioncreated += e.versioncreated ? e.versioncreated->size() : 0;
  t.names += e.bylineNames.size();
  for (const std::string& name : e.bylineNames) t.nameBytes += name.size();
  t.clusters += slot_.count(e.cluster.offset) == 0 ? 1 : 0;
  t.runs += runs_.startsRun(slotOf(e.cluster), e.recordNumber) ? 1 : 0;
  return t;
}

std::uint16_t IndexLeafBuilder::slotOf(const ExtentRef& cluster) const {
  const auto at = slot_.find(cluster.offset);
  return at == slot_.end() ? static_cast<std::uint16_t>(clusters_.size()) : at->second;
}

std::uint64_t IndexLeafBuilder::size() const { return sizeOf(totals_); }

std::uint64_t IndexLeafBuilder::sizeWith(const IndexEntry& entry) const {
  return sizeOf(totalsWith(entry));
}

void IndexLeafBuilder::add(const IndexEntry& e) {
  if (e.bylineNames.size() > kMaxIndexBylines) throw std::logic_error("too many byline names");
  totals_ = totalsWith(e);
  if (empty()) firstId_ = e.id;
  ids_.add(e.id);
  headlines_.add(e.headline);
  headlineCut_.push_back(e.headlineCut);
  firstcreated_.add(e.firstcreated.value_or(""));
  firstcreatedPresent_.push_back(e.firstcreated.has_value());
  versioncreated_.add(e.versioncreated.value_or(""));
  versioncreatedPresent_.push_back(e.versioncreated.has_value());
  for (const std::string& name : e.bylineNames) bylineNames_.add(name);
  bylineCounts_.push_back(static_cast<std::uint8_t>(e.bylineNames.size()));
  imageCounts_.push_back(e.imageCount);
  attachmentCounts_.push_back(e.attachmentCount);
  contentSizes_.push_back(e.contentSize);
  pubstatus_.push_back(static_cast<std::uint8_t>(e.pubstatus));
  versions_.push_back(e.version);
  states_.push_back(e.state);
  const auto [at, added] =
      slot_.emplace(e.cluster.offset, static_cast<std::uint16_t>(clusters_.size()));
  if (added) {
    clusters_.push_back(e.cluster);
  } else if (clusters_[at->second] != e.cluster) {
    throw std::logic_error("two clusters at offset " + std::to_string(e.cluster.offset));
  }
  runs_.add(at->second, e.recordNumber);
}

std::vector<std::uint8_t> IndexLeafBuilder::encode() const {
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<schema::IndexLeafPage>();
  const auto n = static_cast<unsigned>(count());
  setText(
      ids_, [&](auto d) { page.setIds(d); }, [&](unsigned k) { return page.initIdLengths(k); });
  setText(
      headlines_, [&](auto d) { page.setHeadlines(d); },
      [&](unsigned k) { return page.initHeadlineLengths(k); });
  fill(page.initHeadlineCut(n), headlineCut_);
  setText(
      firstcreated_, [&](auto d) { page.setFirstcreated(d); },
      [&](unsigned k) { return page.initFirstcreatedLengths(k); });
  fill(page.initFirstcreatedPresent(n), firstcreatedPresent_);
  setText(
      versioncreated_, [&](auto d) { page.setVersioncreated(d); },
      [&](unsigned k) { return page.initVersioncreatedLengths(k); });
  fill(page.initVersioncreatedPresent(n), versioncreatedPresent_);
  setText(
      bylineNames_, [&](auto d) { page.setBylineNames(d); },
      [&](unsigned k) { return page.initBylineNameLengths(k); });
  fill(page.initBylineCounts(n), bylineCounts_);
  fill(page.initImageCounts(n), imageCounts_);
  fill(page.initAttachmentCounts(n), attachmentCounts_);
  fill(page.initContentSizes(n), contentSizes_);
  // The table in file order: slot_ is ordered by offset, so its rank is the final index.
  std::vector<std::uint16_t> rank(clusters_.size());
  auto clusters = page.initClusters(static_cast<unsigned>(clusters_.size()));
  unsigned next = 0;
  for (const auto& [offset, index] : slot_) {
    rank[index] = static_cast<std::uint16_t>(next);
    encodeExtentRef(clusters_[index], clusters[next++]);
  }
  const auto runCount = static_cast<unsigned>(runs_.lengths.size());
  auto runClusters = page.initRunClusters(runCount);
  for (unsigned r = 0; r < runCount; ++r) runClusters.set(r, rank[runs_.clusters[r]]);
  fill(page.initRunLengths(runCount), runs_.lengths);
  fill(page.initRunFirstRecords(runCount), runs_.firstRecords);
  fill(page.initPubstatus(n), pubstatus_);
  fill(page.initVersions(n), versions_);
  fill(page.initStates(n), states_);
  return canonicalMessage(page.asReader());
}

std::uint64_t IndexInnerBuilder::sizeOf(std::uint64_t children, std::uint64_t idBytes) {
  return kMessageOverhead + 8 * kInnerWords + wordPadded(idBytes) + wordPadded(2 * children) +
         extentRefListSize(children) + 8 * children;
}

void IndexInnerBuilder::add(const Item& child) {
  if (empty()) firstId_ = child.firstKey;
  firstIds_.add(child.firstKey);
  children_.push_back(child.ref);
  counts_.push_back(child.count);
  count_ += child.count;
}

std::vector<std::uint8_t> IndexInnerBuilder::encode() const {
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<schema::IndexInnerPage>();
  page.setLevel(level_);
  const auto n = static_cast<unsigned>(children_.size());
  setText(
      firstIds_, [&](auto d) { page.setFirstIds(d); },
      [&](unsigned k) { return page.initFirstIdLengths(k); });
  auto children = page.initChildren(n);
  for (unsigned i = 0; i < n; ++i) encodeExtentRef(children_[i], children[i]);
  fill(page.initArticleCounts(n), counts_);
  return canonicalMessage(page.asReader());
}

}  // namespace archive_news::internal
