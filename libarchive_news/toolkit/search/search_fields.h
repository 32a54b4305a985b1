// How an article becomes a document of the full-text index, and how a query names its parts:
// one table, so that the indexer and the query parser cannot disagree (docs/SEARCH.md).
#ifndef ARCHIVE_NEWS_TOOLKIT_SEARCH_SEARCH_FIELDS_H_
#define ARCHIVE_NEWS_TOOLKIT_SEARCH_SEARCH_FIELDS_H_

#include <archive_news/article.h>
#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// The engine name a seal gives the index (Seal.searchIndex.engine).
inline constexpr std::string_view kSearchEngine = "xapian-glass-1.4";

// A field a query may name ("headline:word"), and the prefix of its terms in the index.
struct SearchField {
  std::string_view name;
  std::string_view prefix;
};
inline constexpr SearchField kSearchFields[] = {
    {"headline", "S"}, {"subheadline", "XS"}, {"caption", "XC"},
    {"byline", "A"},   {"keyword", "K"},      {"section", "XSECTION"},
};
// "id:URI" finds the article with exactly that id (a boolean term, not folded).
inline constexpr std::string_view kIdField = "id";
inline constexpr std::string_view kIdPrefix = "Q";
// The day an article was first created (else of its version) as YYYYMMDD: date ranges, and the
// order by date.
inline constexpr Xapian::valueno kDateSlot = 0;
inline constexpr std::string_view kDateField = "date:";
// "date:2019", "date:2019-06", "date:2019-06-30": boolean terms D and the year, month and day.
inline constexpr std::string_view kDateName = "date";
inline constexpr std::string_view kDatePrefix = "D";
// The date term of a year ("2019"), of a month of it ("2019", "06") or of a day ("2019", "06",
// "30"): what the indexer gives each article and a date range's query looks for.
std::string dateTerm(std::string_view year, std::string_view month = {}, std::string_view day = {});

// The id's boolean term: Q and the id, or, for an id longer than a term may be, Q and the hex
// SHA-256 of the id (ids are at most 1024 bytes; Xapian terms at most 245).
std::string idTerm(std::string_view id);

// YYYYMMDD of an RFC 3339 time as the source wrote it (its own day, not UTC's).
std::optional<std::string> dateValue(const std::optional<std::string>& time);

// The term generator's flags and stemmer, shared with the query parser and the snippets.
Xapian::TermGenerator makeTermGenerator();

// The article as a document: its id as data and boolean term, its date as a value, every text
// field once without a prefix (plain queries search all of them) and the short fields once more
// under their prefix.
// Without `positions`, the terms carry none (a compact index: phrases match as all their words).
Xapian::Document makeSearchDocument(const Article& article, Xapian::TermGenerator& terms,
                                    bool positions = true);

// Bytes of the texts the index holds, for the indexer's batches.
std::size_t textSize(const Article& article);

// The texts a snippet may be cut from, in order: subheadlines, body, captions, headline.
std::vector<const std::string*> snippetTexts(const Article& article);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SEARCH_SEARCH_FIELDS_H_
