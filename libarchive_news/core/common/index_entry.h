// One article as the index describes it (format/newsarc.capnp IndexLeafPage): what `list`
// prints without opening a cluster, and where the record is. The copies are bounded, so that an
// entry is at most about 7 KiB and a 64 KiB leaf page always holds several entries.
#ifndef ARCHIVE_NEWS_CORE_COMMON_INDEX_ENTRY_H_
#define ARCHIVE_NEWS_CORE_COMMON_INDEX_ENTRY_H_

#include <archive_news/article.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

// Limits of the format: a writer never exceeds them and a reader rejects a page that does.
inline constexpr std::size_t kMaxIndexIdSize = 1024;        // ids are URIs: refused when longer
inline constexpr std::size_t kMaxIndexHeadlineSize = 1024;  // the copy is cut, with a flag
inline constexpr std::size_t kMaxIndexBylines = 16;         // the first 16 are kept
inline constexpr std::size_t kMaxIndexBylineSize = 256;     // each name is cut
// Times are RFC 3339 text, some 35 bytes at most in practice; the bound keeps an entry small
// whatever fraction of a second a source writes. Refused when longer.
inline constexpr std::size_t kMaxIndexTimeSize = 64;

// The index's code of a record's pubstatus (IndexLeafPage.pubstatus).
enum class PubStatus : std::uint8_t { kAbsent = 0, kUsable = 1, kWithheld = 2, kCanceled = 3 };
inline constexpr std::uint8_t kMaxPubStatusCode = 3;

// The code of an Article::pubstatus text, kAbsent for none; std::nullopt for a text outside the
// enumeration (which validateArticle refuses).
std::optional<PubStatus> pubStatusCode(const std::optional<std::string>& text);
// The text of a code: "usable", "withheld", "canceled"; std::nullopt for kAbsent.
std::optional<std::string> pubStatusText(PubStatus code);

struct IndexEntry {
  std::string id;
  std::string headline;  // the copy: at most kMaxIndexHeadlineSize bytes
  bool headlineCut = false;
  std::optional<std::string> firstcreated;
  std::optional<std::string> versioncreated;
  std::vector<std::string> bylineNames;  // the copies
  std::uint32_t imageCount = 0;
  std::uint32_t attachmentCount = 0;
  std::uint64_t contentSize = 0;
  ExtentRef cluster;
  std::uint32_t recordNumber = 0;
  PubStatus pubstatus = PubStatus::kAbsent;
  // The history (spec/FORMAT.md section 15): records the id has had up to this state, this one
  // included, and the sequence of the state that wrote this one.
  std::uint32_t version = 1;
  std::uint32_t state = 0;

  bool operator==(const IndexEntry&) const = default;
};

// The longest prefix of `text` of at most `limit` bytes that ends at a UTF-8 character boundary
// (never before a continuation byte 10xxxxxx). `text` is assumed valid UTF-8, as the article
// validator requires.
std::string_view cutUtf8(std::string_view text, std::size_t limit);

// What the index copies of an article: the headline and byline names cut by the rules above,
// the first kMaxIndexBylines names only. Throws Error(kInvalidArgument) for an id over
// kMaxIndexIdSize or a time over kMaxIndexTimeSize: those are not cut but refused.
struct IndexSource {
  std::string_view id;
  std::string_view headline;
  std::optional<std::string_view> firstcreated;
  std::optional<std::string_view> versioncreated;
  std::vector<std::string_view> bylineNames;
  std::uint32_t imageCount = 0;
  std::uint32_t attachmentCount = 0;
  std::uint64_t contentSize = 0;
  ExtentRef cluster;
  std::uint32_t recordNumber = 0;
};
IndexEntry makeIndexEntry(const IndexSource& source);

// The entry of an article whose record has `recordSize` bytes: what the writer puts in the index
// and the verifier expects there. Its cluster and record number are left for the caller. Throws
// Error(kInvalidArgument) for a pubstatus outside the enumeration as well.
IndexEntry indexEntryOf(const Article& article, std::uint64_t recordSize);

// memcmp order, a shorter id before its extensions: the order of the index.
inline bool idLess(std::string_view a, std::string_view b) { return a < b; }

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_INDEX_ENTRY_H_
