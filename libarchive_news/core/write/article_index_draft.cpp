#include "core/write/article_index_draft.h"

#include <archive_news/error.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

namespace archive_news::internal {
namespace {

// Large enough that the chunk count stays small, small enough that the last chunk's unused
// tail does not matter.
constexpr std::size_t kChunkBytes = 256 << 10;

std::uint32_t sizeOf(std::string_view text, const std::string& uri) {
  if (text.size() >= std::numeric_limits<std::uint32_t>::max()) {
    throw Error(ErrorCode::kLimitExceeded, uri, std::nullopt,
                "a text of the article index is 4 GiB or longer");
  }
  return static_cast<std::uint32_t>(text.size());
}

}  // namespace

ArticleIndexDraft::ArticleIndexDraft() : ids_(IdOf{this}) {}

char* ArticleIndexDraft::allocate(std::size_t bytes) {
  if (bytes > freeBytes_) {
    const std::size_t size = std::max(bytes, kChunkBytes);
    chunks_.push_back(std::make_unique_for_overwrite<char[]>(size));
    free_ = chunks_.back().get();
    freeBytes_ = size;
  }
  char* at = free_;
  free_ += bytes;
  freeBytes_ -= bytes;
  return at;
}

std::optional<std::uint32_t> ArticleIndexDraft::add(const Article& article) {
  if (ids_.find(article.uri)) return std::nullopt;
  Entry e{};
  e.idSize = sizeOf(article.uri, article.uri);
  e.headlineSize = sizeOf(article.headline, article.uri);
  e.firstcreatedSize = article.firstcreated ? sizeOf(*article.firstcreated, article.uri) : kAbsent;
  e.versioncreatedSize =
      article.versioncreated ? sizeOf(*article.versioncreated, article.uri) : kAbsent;
  e.bylineCount = static_cast<std::uint32_t>(article.bylines.size());
  e.imageCount = static_cast<std::uint32_t>(article.images.size());
  e.attachmentCount = static_cast<std::uint32_t>(article.attachments.size());
  e.record = kNoBlob;

  // Each text ends with a NUL, as Cap'n Proto's text setters require of their argument.
  std::size_t bytes = e.idSize + e.headlineSize + 2;
  if (article.firstcreated) bytes += e.firstcreatedSize + 1;
  if (article.versioncreated) bytes += e.versioncreatedSize + 1;
  for (const Byline& byline : article.bylines) bytes += 5 + sizeOf(byline.name, article.uri);
  char* out = allocate(bytes);
  e.texts = out;
  auto put = [&out](std::string_view text) {
    std::memcpy(out, text.data(), text.size());
    out += text.size();
    *out++ = '\0';
  };
  put(article.uri);
  put(article.headline);
  if (article.firstcreated) put(*article.firstcreated);
  if (article.versioncreated) put(*article.versioncreated);
  for (const Byline& byline : article.bylines) {
    const std::uint32_t size = sizeOf(byline.name, article.uri);
    std::memcpy(out, &size, sizeof size);
    out += sizeof size;
    put(byline.name);
  }
  textBytes_ += bytes;

  const auto number = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(e);
  ids_.insert(number);
  return number;
}

void ArticleIndexDraft::addContentSize(std::uint32_t entry, std::uint64_t bytes) {
  entries_[entry].contentSize += bytes;
}

void ArticleIndexDraft::setRecord(std::uint32_t entry, std::uint32_t blob) {
  entries_[entry].record = blob;
}

ArticleIndexDraft::EntryView ArticleIndexDraft::entry(std::uint32_t number) const {
  const Entry& e = entries_[number];
  const char* at = e.texts;
  auto take = [&at](std::uint32_t size) {
    std::string_view text(at, size);
    at += size + 1;
    return text;
  };
  EntryView view{};
  view.id = take(e.idSize);
  view.headline = take(e.headlineSize);
  if (e.firstcreatedSize != kAbsent) view.firstcreated = take(e.firstcreatedSize);
  if (e.versioncreatedSize != kAbsent) view.versioncreated = take(e.versioncreatedSize);
  view.bylineCount = e.bylineCount;
  view.imageCount = e.imageCount;
  view.attachmentCount = e.attachmentCount;
  view.record = e.record;
  view.contentSize = e.contentSize;
  return view;
}

void ArticleIndexDraft::forEachByline(
    std::uint32_t number, const std::function<void(std::uint32_t, std::string_view)>& name) const {
  const Entry& e = entries_[number];
  const char* at = e.texts + e.idSize + e.headlineSize + 2;
  if (e.firstcreatedSize != kAbsent) at += e.firstcreatedSize + 1;
  if (e.versioncreatedSize != kAbsent) at += e.versioncreatedSize + 1;
  for (std::uint32_t i = 0; i < e.bylineCount; ++i) {
    std::uint32_t size = 0;
    std::memcpy(&size, at, sizeof size);
    at += sizeof size;
    name(i, std::string_view(at, size));
    at += size + 1;
  }
}

std::vector<std::uint32_t> ArticleIndexDraft::idOrder() const {
  std::vector<std::uint32_t> order(entries_.size());
  for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  const IdOf id{this};
  std::sort(order.begin(), order.end(),
            [&id](std::uint32_t a, std::uint32_t b) { return id(a) < id(b); });
  return order;
}

}  // namespace archive_news::internal
