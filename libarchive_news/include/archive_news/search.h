// Full-text search of bundles that carry a search index (spec/FORMAT.md 5.10): `newsarc pack
// --index`, `newsarc index`. The index is a Xapian database stored as one extent of the bundle,
// covered by the seal like every other byte; this part of the toolkit builds it and searches it.
//
// Queries are Xapian's query language (docs/SEARCH.md): words, "phrases", AND/OR/NOT, -word,
// word*, field prefixes (headline:, subheadline:, body:, byline:, caption:, keyword:, id:) and
// date ranges (date:2019-06-01..2019-06-30, date:2019..2020, date:..2019-12). Case and accents
// are folded (é finds e, É finds é); Korean, Japanese and Chinese text is indexed as single
// characters and pairs of characters, so that a word of any length is found without a
// dictionary.
#ifndef ARCHIVE_NEWS_SEARCH_H_
#define ARCHIVE_NEWS_SEARCH_H_

#include <archive_news/export.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace archive_news {

// One article a query found.
struct SearchHit {
  std::size_t bundle =
      0;  // which of the Searcher's bundles, by its place in the constructor's list
  std::size_t position = 0;  // the article's place in that bundle: Bundle::summary(), article()
  std::string id;
  std::string headline;
  // firstcreated, else versioncreated, exactly as the source wrote it; absent when neither is.
  std::optional<std::string> date;
  std::vector<std::string> bylines;
  int percent = 0;  // relevance against the best hit, 1 to 100
  // A piece of the article's own text (subheadlines, body, captions, headline: the one with the
  // most matches, the first on a tie; the start of the first subheadline or paragraph when only
  // a byline, keyword or id matched) around the best matches, its bytes exactly as stored, cut at
  // character boundaries; about SearchOptions::snippetBytes long (Xapian may take a word more;
  // never more than half as long again). `highlights` are the byte ranges [first, second) of the
  // snippet that match the query, in order, not overlapping.
  std::string snippet;
  std::vector<std::pair<std::size_t, std::size_t>> highlights;
  bool snippetCutBefore = false;  // text of the article precedes the snippet
  bool snippetCutAfter = false;   // text of the article follows the snippet
};

struct SearchResults {
  std::vector<SearchHit> hits;
  // Articles that match in all, estimated (exact when small), across the bundles.
  std::uint64_t matches = 0;
};

struct SearchOptions {
  std::size_t offset = 0;  // hits to skip, for pages of results
  std::size_t limit = 10;  // hits to return at most
  enum class Order { kRelevance, kNewest, kOldest } order = Order::kRelevance;
  std::size_t snippetBytes = 240;  // 0: no snippet (no article record is read)
};

// Searches bundles, ranking the hits of all together. The bundles must outlive the Searcher.
// Opening checks each bundle's index extent against its digest (the seal covers it) before the
// search engine reads it, so an index damaged since the bundle was written is an error, never a
// wrong answer; for a remote bundle that fetches the whole index once.
//
// Throws Error(kNotFound) naming a bundle without a search index, kCorruption for an index that
// does not match its digest or that the search engine cannot read, kIOError when it cannot be
// read. search() throws Error(kInvalidArgument) for a query it cannot parse, with the reason.
// One Searcher may be used from several threads; searches are then run one at a time.
class ARCHIVE_NEWS_EXPORT Searcher {
 public:
  explicit Searcher(std::vector<const Bundle*> bundles);
  Searcher(Searcher&&) noexcept;
  Searcher& operator=(Searcher&&) noexcept;
  ~Searcher();

  SearchResults search(std::string_view query, const SearchOptions& options = {}) const;

  // The state whose articles each bundle's index covers (its current state when the index is
  // up to date): articles appended after it are not found until `newsarc index` runs again.
  std::vector<std::uint32_t> indexedStates() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// True when the bundle's current state, or an earlier one, holds a search index.
ARCHIVE_NEWS_EXPORT bool hasSearchIndex(const Bundle& bundle);

// Makes the full-text indexer a writer stores as the new state's search index
// (BundleWriter::setIndexer): pack --index. It indexes on one thread a core, each into a
// database of its own in $TMPDIR (or `tempDir`), while the writer works, and merges them into one
// compacted file at finish(). Memory stays bounded: 256 articles queued, and Xapian's changes
// committed every 8 MiB of text.
struct SearchIndexOptions {
  std::filesystem::path tempDir;  // empty: $TMPDIR, else /tmp
  // Word positions make "phrases" exact, and are most of the index's bytes (a full index is
  // about twice the text's size). Without them (a compact index, as ZIM's) the index is 30 to 40%
  // of the text's size and a phrase finds the articles holding all its words.
  bool positions = true;
  // Threads that index, each into a database of its own, merged at finish(); 0: one per core.
  unsigned threads = 0;
  // The text a thread indexes into one database before it starts another (0: 256 MiB): a commit
  // costs in proportion to its database's size, so bounded databases keep a large build linear;
  // finish() merges them all.
  std::size_t textPerDatabase = 0;
};
ARCHIVE_NEWS_EXPORT std::unique_ptr<ArticleIndexer> makeSearchIndexer(
    const SearchIndexOptions& options = {});

// `newsarc index`: appends to the bundle at `path` a state that changes no article and holds an
// index of every article of its current state. Signed by `keys` (each with its signer text).
struct IndexBundleResult {
  std::uint64_t articles = 0;    // articles indexed
  std::uint64_t indexBytes = 0;  // size of the index extent
  std::uint32_t state = 0;       // the new state
};
ARCHIVE_NEWS_EXPORT IndexBundleResult
indexBundle(const std::filesystem::path& path,
            const std::vector<std::pair<const SecretKey*, std::string>>& keys = {},
            const WriterOptions& options = {}, const SearchIndexOptions& indexOptions = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_SEARCH_H_
