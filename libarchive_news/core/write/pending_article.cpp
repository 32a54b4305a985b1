#include "core/write/pending_article.h"

#include <algorithm>
#include <stdexcept>

#include "core/common/little_endian.h"

namespace archive_news::internal {
namespace {

class Out {
 public:
  void u8(std::uint8_t value) { bytes.push_back(value); }
  void u32(std::uint32_t value) {
    std::uint8_t b[4];
    putU32(b, value);
    bytes.insert(bytes.end(), b, b + 4);
  }
  void u64(std::uint64_t value) {
    std::uint8_t b[8];
    putU64(b, value);
    bytes.insert(bytes.end(), b, b + 8);
  }
  void raw(std::span<const std::uint8_t> data) {
    bytes.insert(bytes.end(), data.begin(), data.end());
  }
  void text(std::string_view value) {
    u32(static_cast<std::uint32_t>(value.size()));
    raw({reinterpret_cast<const std::uint8_t*>(value.data()), value.size()});
  }
  std::vector<std::uint8_t> bytes;
};

class In {
 public:
  explicit In(std::span<const std::uint8_t> bytes) : bytes_(bytes) {}
  std::span<const std::uint8_t> take(std::size_t n) {
    if (n > bytes_.size() - at_) throw std::logic_error("pending article: truncated");
    const auto piece = bytes_.subspan(at_, n);
    at_ += n;
    return piece;
  }
  std::uint8_t u8() { return take(1)[0]; }
  std::uint32_t u32() { return getU32(take(4).data()); }
  std::uint64_t u64() { return getU64(take(8).data()); }
  std::string text() {
    const auto piece = take(u32());
    return {reinterpret_cast<const char*>(piece.data()), piece.size()};
  }
  std::span<const std::uint8_t> rest() { return take(bytes_.size() - at_); }

 private:
  std::span<const std::uint8_t> bytes_;
  std::size_t at_ = 0;
};

constexpr std::uint8_t kHeadlineCut = 1;
constexpr std::uint8_t kHasFirstcreated = 2;
constexpr std::uint8_t kHasVersioncreated = 4;

void putExtent(Out& out, const ExtentRef& extent) {
  out.u64(extent.offset);
  out.u64(extent.storedSize);
  out.u64(extent.rawSize);
  out.u8(static_cast<std::uint8_t>(extent.compressed | extent.withDictionary << 1));
  out.raw(extent.storedDigest);
}

ExtentRef getExtent(In& in) {
  ExtentRef extent;
  extent.offset = in.u64();
  extent.storedSize = in.u64();
  extent.rawSize = in.u64();
  const std::uint8_t flags = in.u8();
  extent.compressed = (flags & 1) != 0;
  extent.withDictionary = (flags & 2) != 0;
  const auto digest = in.take(extent.storedDigest.size());
  std::copy(digest.begin(), digest.end(), extent.storedDigest.begin());
  return extent;
}

}  // namespace

std::vector<std::uint8_t> encodePendingArticle(const IndexEntry& entry,
                                               std::span<const std::uint8_t> record) {
  Out out;
  out.u8(static_cast<std::uint8_t>((entry.headlineCut ? kHeadlineCut : 0) |
                                   (entry.firstcreated ? kHasFirstcreated : 0) |
                                   (entry.versioncreated ? kHasVersioncreated : 0)));
  out.text(entry.headline);
  out.text(entry.firstcreated.value_or(""));
  out.text(entry.versioncreated.value_or(""));
  out.u32(static_cast<std::uint32_t>(entry.bylineNames.size()));
  for (const std::string& name : entry.bylineNames) out.text(name);
  out.u32(entry.imageCount);
  out.u32(entry.attachmentCount);
  out.u64(entry.contentSize);
  putExtent(out, entry.cluster);
  out.u32(entry.recordNumber);
  out.u8(static_cast<std::uint8_t>(entry.pubstatus));
  out.raw(record);
  return std::move(out.bytes);
}

PendingArticle decodePendingArticle(std::string_view id, std::span<const std::uint8_t> bytes) {
  In in(bytes);
  PendingArticle pending;
  IndexEntry& e = pending.entry;
  e.id = id;
  const std::uint8_t flags = in.u8();
  e.headlineCut = (flags & kHeadlineCut) != 0;
  e.headline = in.text();
  std::string firstcreated = in.text();
  std::string versioncreated = in.text();
  if ((flags & kHasFirstcreated) != 0) e.firstcreated = std::move(firstcreated);
  if ((flags & kHasVersioncreated) != 0) e.versioncreated = std::move(versioncreated);
  e.bylineNames.resize(in.u32());
  for (std::string& name : e.bylineNames) name = in.text();
  e.imageCount = in.u32();
  e.attachmentCount = in.u32();
  e.contentSize = in.u64();
  e.cluster = getExtent(in);
  e.recordNumber = in.u32();
  e.pubstatus = static_cast<PubStatus>(in.u8());  // written above from a valid code
  pending.record = in.rest();
  return pending;
}

std::vector<std::uint8_t> extentLogKey(std::uint64_t offset) {
  std::vector<std::uint8_t> key(8);
  for (int i = 0; i < 8; ++i) key[i] = static_cast<std::uint8_t>(offset >> (56 - 8 * i));
  return key;
}

std::vector<std::uint8_t> encodeLoggedExtent(const TableExtent& extent) {
  Out out;
  out.u64(extent.storedSize);
  out.u64(extent.rawSize);
  out.u8(static_cast<std::uint8_t>(extent.kind));
  out.raw(extent.storedDigest);
  return std::move(out.bytes);
}

TableExtent decodeLoggedExtent(std::string_view key, std::span<const std::uint8_t> bytes) {
  if (key.size() != 8)
    throw std::logic_error("logged extent: key of " + std::to_string(key.size()));
  TableExtent extent;
  for (char c : key) extent.offset = extent.offset << 8 | static_cast<std::uint8_t>(c);
  In in(bytes);
  extent.storedSize = in.u64();
  extent.rawSize = in.u64();
  extent.kind = static_cast<ExtentKind>(in.u8());
  const auto digest = in.take(extent.storedDigest.size());
  std::copy(digest.begin(), digest.end(), extent.storedDigest.begin());
  return extent;
}

}  // namespace archive_news::internal
