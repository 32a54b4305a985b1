#include "core/write/index_page_builder.h"

#include <capnp/message.h>

#include <algorithm>
#include <numeric>
#include <stdexcept>

#include "core/common/canonical_message.h"
#include "format2.capnp.h"

namespace archive_news::internal {
namespace {

constexpr std::uint64_t kLeafPointers = 20;   // IndexLeafPage: no data section
constexpr std::uint64_t kInnerWords = 1 + 4;  // IndexInnerPage: level, then 4 pointers

kj::ArrayPtr<const kj::byte> bytesOf(std::string_view text) {
  return {reinterpret_cast<const kj::byte*>(text.data()), text.size()};
}

template <typename List, typename Values>
void fill(List list, const Values& values) {
  for (unsigned i = 0; i < values.size(); ++i) list.set(i, values[i]);
}

// Sets a Data column and its ends through the two setters of the field pair.
template <typename SetData, typename InitEnds>
void setText(const TextColumn& column, SetData setData, InitEnds initEnds) {
  setData(bytesOf(column.data));
  fill(initEnds(static_cast<unsigned>(column.ends.size())), column.ends);
}

std::uint64_t boolListSize(std::uint64_t n) { return wordPadded((n + 7) / 8); }

}  // namespace

void TextColumn::add(std::string_view value) {
  data += value;
  ends.push_back(static_cast<std::uint32_t>(data.size()));
}

std::uint64_t IndexLeafBuilder::sizeOf(const Totals& t) {
  const std::uint64_t n = t.entries;
  const std::uint64_t text = wordPadded(t.ids) + wordPadded(t.headlines) +
                             wordPadded(t.firstcreated) + wordPadded(t.versioncreated) +
                             wordPadded(t.nameBytes);
  const std::uint64_t ends = 4 * wordPadded(4 * n) + wordPadded(4 * t.names);
  const std::uint64_t flags = 3 * boolListSize(n);
  const std::uint64_t numbers = wordPadded(n) /* bylineCounts */ +
                                3 * wordPadded(4 * n) /* images, attachments, recordNumbers */ +
                                8 * n /* contentSizes */ + wordPadded(2 * n) /* recordClusters */;
  return kMessageOverhead + 8 * kLeafPointers + text + ends + flags + numbers +
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
  return t;
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
  const auto [at, added] =
      slot_.emplace(e.cluster.offset, static_cast<std::uint16_t>(clusters_.size()));
  if (added) {
    clusters_.push_back(e.cluster);
  } else if (clusters_[at->second] != e.cluster) {
    throw std::logic_error("two clusters at offset " + std::to_string(e.cluster.offset));
  }
  recordClusters_.push_back(at->second);
  recordNumbers_.push_back(e.recordNumber);
}

std::vector<std::uint8_t> IndexLeafBuilder::encode() const {
  capnp::MallocMessageBuilder message;
  auto page = message.initRoot<schema2::IndexLeafPage>();
  const auto n = static_cast<unsigned>(count());
  setText(
      ids_, [&](auto d) { page.setIds(d); }, [&](unsigned k) { return page.initIdEnds(k); });
  setText(
      headlines_, [&](auto d) { page.setHeadlines(d); },
      [&](unsigned k) { return page.initHeadlineEnds(k); });
  fill(page.initHeadlineCut(n), headlineCut_);
  setText(
      firstcreated_, [&](auto d) { page.setFirstcreated(d); },
      [&](unsigned k) { return page.initFirstcreatedEnds(k); });
  fill(page.initFirstcreatedPresent(n), firstcreatedPresent_);
  setText(
      versioncreated_, [&](auto d) { page.setVersioncreated(d); },
      [&](unsigned k) { return page.initVersioncreatedEnds(k); });
  fill(page.initVersioncreatedPresent(n), versioncreatedPresent_);
  setText(
      bylineNames_, [&](auto d) { page.setBylineNames(d); },
      [&](unsigned k) { return page.initBylineNameEnds(k); });
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
  auto recordClusters = page.initRecordClusters(n);
  for (unsigned i = 0; i < n; ++i) recordClusters.set(i, rank[recordClusters_[i]]);
  fill(page.initRecordNumbers(n), recordNumbers_);
  return canonicalMessage(page.asReader());
}

std::uint64_t IndexInnerBuilder::sizeOf(std::uint64_t children, std::uint64_t idBytes) {
  return kMessageOverhead + 8 * kInnerWords + wordPadded(idBytes) + wordPadded(4 * children) +
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
  auto page = message.initRoot<schema2::IndexInnerPage>();
  page.setLevel(level_);
  const auto n = static_cast<unsigned>(children_.size());
  setText(
      firstIds_, [&](auto d) { page.setFirstIds(d); },
      [&](unsigned k) { return page.initFirstIdEnds(k); });
  auto children = page.initChildren(n);
  for (unsigned i = 0; i < n; ++i) encodeExtentRef(children_[i], children[i]);
  fill(page.initArticleCounts(n), counts_);
  return canonicalMessage(page.asReader());
}

}  // namespace archive_news::internal
