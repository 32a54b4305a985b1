// The writer's article index while a bundle is written: one fixed-size entry an article, its
// texts (id, headline, dates, byline names) copied into one arena. The writer holds every entry
// until the manifest is built, so the cost an entry is what bounds pack's memory on a bundle of
// a million small articles: about 48 bytes plus the texts here, against 450 as std::strings.
#ifndef ARCHIVE_NEWS_CORE_WRITE_ARTICLE_INDEX_DRAFT_H_
#define ARCHIVE_NEWS_CORE_WRITE_ARTICLE_INDEX_DRAFT_H_

#include <archive_news/article.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/common/index_hash_set.h"

namespace archive_news::internal {

class ArticleIndexDraft {
 public:
  // What the manifest's ArticleEntry holds, viewed in place. Each text is followed by a NUL.
  struct EntryView {
    std::string_view id;
    std::string_view headline;
    std::optional<std::string_view> firstcreated;
    std::optional<std::string_view> versioncreated;
    std::uint32_t bylineCount;
    std::uint32_t imageCount;
    std::uint32_t attachmentCount;
    std::uint32_t record;
    std::uint64_t contentSize;
  };

  ArticleIndexDraft();

  // The entry number of a new entry for `article` (record not set, content size 0), or
  // std::nullopt when an entry has the same id already.
  std::optional<std::uint32_t> add(const Article& article);

  void addContentSize(std::uint32_t entry, std::uint64_t bytes);
  void setRecord(std::uint32_t entry, std::uint32_t blob);

  std::size_t size() const { return entries_.size(); }
  // Bytes of text held: for sizing the manifest.
  std::uint64_t textBytes() const { return textBytes_; }

  EntryView entry(std::uint32_t number) const;
  // Calls `name` with each byline name of the entry, in order.
  void forEachByline(std::uint32_t number,
                     const std::function<void(std::uint32_t, std::string_view)>& name) const;

  // Entry numbers in the manifest's order: ascending id bytes.
  std::vector<std::uint32_t> idOrder() const;

 private:
  static constexpr std::uint32_t kAbsent = 0xffffffff;

  struct Entry {
    const char* texts;  // id, headline, firstcreated, versioncreated, then each byline's size
                        // (4 bytes) and name; each text followed by a NUL
    std::uint64_t contentSize;
    std::uint32_t idSize;
    std::uint32_t headlineSize;
    std::uint32_t firstcreatedSize;  // kAbsent: none
    std::uint32_t versioncreatedSize;
    std::uint32_t bylineCount;
    std::uint32_t imageCount;
    std::uint32_t attachmentCount;
    std::uint32_t record;
  };

  struct IdOf {
    const ArticleIndexDraft* draft;
    std::string_view operator()(std::uint32_t number) const {
      const Entry& e = draft->entries_[number];
      return {e.texts, e.idSize};
    }
  };

  char* allocate(std::size_t bytes);

  std::deque<Entry> entries_;  // no reallocation: a vector would briefly hold them all twice
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* free_ = nullptr;
  std::size_t freeBytes_ = 0;
  std::uint64_t textBytes_ = 0;
  IndexHashSet<std::string_view, IdOf> ids_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_ARTICLE_INDEX_DRAFT_H_
