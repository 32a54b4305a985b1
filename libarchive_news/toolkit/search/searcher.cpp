// Searching the full-text indexes of several bundles as one: Xapian ranks the hits of all
// together; each hit is then found in its bundle by id, which gives its summary and, for the
// snippet, its record.
#include <archive_news/error.h>
#include <archive_news/search.h>
#include <unistd.h>
#include <xapian.h>

#include <mutex>

#include "toolkit/search/date_range.h"
#include "toolkit/search/search_fields.h"
#include "toolkit/search/snippet.h"
#include "toolkit/search/text_folding.h"

namespace archive_news {
namespace {

// The newest earlier state of `bundle` that holds an index, or nothing.
std::optional<Bundle> earlierIndexedState(const Bundle& bundle) {
  for (std::uint32_t state = bundle.info().state; state-- > 0;) {
    Bundle earlier = bundle.atState(state);
    if (earlier.searchIndex()) return earlier;
  }
  return std::nullopt;
}

// The state whose index a Searcher reads: nothing for the bundle itself (no copy needed), else
// the newest earlier state holding one.
std::optional<Bundle> indexedState(const Bundle& bundle) {
  if (bundle.searchIndex()) return std::nullopt;
  std::optional<Bundle> earlier = earlierIndexedState(bundle);
  if (!earlier) {
    throw Error(ErrorCode::kNotFound, bundle.name(), std::nullopt,
                "holds no search index; expected one (newsarc index, or pack --index)");
  }
  return earlier;
}

struct OpenIndex {
  const Bundle* bundle;
  std::uint32_t state;  // the state whose articles it holds
  bool stale;           // the bundle has states after it
};

Xapian::Database openDatabase(const Bundle& bundle, const Bundle& holder) {
  const std::optional<SearchIndexInfo> info = holder.searchIndex();
  if (info->engine != internal::kSearchEngine) {
    throw Error(ErrorCode::kUnsupported, bundle.name(), info->offset,
                "search index of engine '" + info->engine + "'; this reader reads " +
                    std::string(internal::kSearchEngine));
  }
  const int fd = holder.openSearchIndex();
  try {
    return Xapian::Database(fd);  // takes the descriptor
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kCorruption, bundle.name(), info->offset,
                "search index cannot be read: " + e.get_description());
  }
}

// Drops the hits whose article has a newer version than the index saw (an index older than the
// bundle's current state).
class CurrentVersionsOnly : public Xapian::MatchDecider {
 public:
  explicit CurrentVersionsOnly(const std::vector<OpenIndex>& indexes) : indexes_(indexes) {}
  bool operator()(const Xapian::Document& document) const override {
    const OpenIndex& index = indexes_[(document.get_docid() - 1) % indexes_.size()];
    if (!index.stale) return true;
    const std::optional<std::size_t> position = index.bundle->find(document.get_data());
    return position && index.bundle->summary(*position).state <= index.state;
  }

 private:
  const std::vector<OpenIndex>& indexes_;
};

// "id:URI": the term the indexer gave the id (idTerm), which for an id too long to be a term is
// its digest; a plain boolean prefix would look for the id itself and never find those.
class IdField : public Xapian::FieldProcessor {
 public:
  Xapian::Query operator()(const std::string& id) override {
    return Xapian::Query(internal::idTerm(id));
  }
};

Xapian::QueryParser makeParser(const Xapian::Database& database, Xapian::RangeProcessor& dates) {
  Xapian::QueryParser parser;
  parser.set_database(database);
  parser.set_stemmer(internal::accentFoldingStemmer());
  parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
  parser.set_default_op(Xapian::Query::OP_AND);
  for (const internal::SearchField& field : internal::kSearchFields) {
    parser.add_prefix(std::string(field.name), std::string(field.prefix));
  }
  parser.add_boolean_prefix(std::string(internal::kIdField), (new IdField)->release());
  parser.add_boolean_prefix(std::string(internal::kDateName), std::string(internal::kDatePrefix));
  parser.add_rangeprocessor(&dates);
  return parser;
}

constexpr unsigned kQueryFlags =
    Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
    Xapian::QueryParser::FLAG_PURE_NOT | Xapian::QueryParser::FLAG_CJK_NGRAM;

}  // namespace

struct Searcher::Impl {
  std::vector<const Bundle*> bundles;
  std::vector<OpenIndex> indexes;
  Xapian::Database database;
  internal::DateRangeProcessor dates{database};
  std::mutex mutex;  // Xapian's objects are not for concurrent use

  SearchHit hitOf(const Xapian::MSetIterator& match, const Xapian::MSet& snippets,
                  const SearchOptions& options) const;
  Xapian::MSet snippetMatches(const Xapian::Query& query) const;
};

// What snippets highlight: Xapian's snippet maker finds a word of the text by its lowercase form
// ("café") or by "Z" and its stem ("Zcafe"), while the index holds folded words without the Z
// ("cafe", STEM_ALL): the query plus each of its words with a Z makes "Café" match "cafe".
Xapian::MSet Searcher::Impl::snippetMatches(const Xapian::Query& query) const {
  std::vector<Xapian::Query> words{query};
  for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
    const std::string& text = *term;
    if (!text.empty() && !(text[0] >= 'A' && text[0] <= 'Z')) words.emplace_back("Z" + text);
  }
  Xapian::Enquire enquire(database);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()));
  return enquire.get_mset(0, 0);
}

Searcher::Searcher(std::vector<const Bundle*> bundles) : impl_(std::make_unique<Impl>()) {
  impl_->bundles = std::move(bundles);
  for (const Bundle* bundle : impl_->bundles) {
    const std::optional<Bundle> earlier = indexedState(*bundle);
    const Bundle& holder = earlier ? *earlier : *bundle;
    impl_->database.add_database(openDatabase(*bundle, holder));
    const std::uint32_t state = holder.searchIndex()->state;
    impl_->indexes.push_back({bundle, state, state != bundle->info().state});
  }
}

Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

std::vector<std::uint32_t> Searcher::indexedStates() const {
  std::vector<std::uint32_t> states;
  for (const OpenIndex& index : impl_->indexes) states.push_back(index.state);
  return states;
}

SearchHit Searcher::Impl::hitOf(const Xapian::MSetIterator& match, const Xapian::MSet& snippets,
                                const SearchOptions& options) const {
  SearchHit hit;
  hit.bundle = (*match - 1) % indexes.size();
  const Bundle& bundle = *bundles[hit.bundle];
  hit.id = match.get_document().get_data();
  const std::optional<std::size_t> position = bundle.find(hit.id);
  if (!position) {
    throw Error(ErrorCode::kCorruption, bundle.name(), std::nullopt,
                "search index names article '" + hit.id + "', which the bundle does not hold");
  }
  hit.position = *position;
  hit.percent = match.get_percent();
  const ArticleSummary summary = bundle.summary(hit.position);
  hit.headline = summary.headline;
  hit.date = summary.firstcreated ? summary.firstcreated : summary.versioncreated;
  hit.bylines = summary.bylines;
  if (options.snippetBytes > 0) {
    const Article article = bundle.article(hit.position);
    hit.headline = article.headline;  // whole: the index's may be cut
    internal::makeSnippet(snippets, internal::snippetTexts(article), options.snippetBytes, hit);
  }
  return hit;
}

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) const {
  std::lock_guard lock(impl_->mutex);
  SearchResults results;
  try {
    Xapian::QueryParser parser = makeParser(impl_->database, impl_->dates);
    const Xapian::Query parsed = parser.parse_query(std::string(query), kQueryFlags);
    Xapian::Enquire enquire(impl_->database);
    enquire.set_query(parsed);
    if (options.order == SearchOptions::Order::kNewest) {
      enquire.set_sort_by_value_then_relevance(internal::kDateSlot, true);
    } else if (options.order == SearchOptions::Order::kOldest) {
      enquire.set_sort_by_value_then_relevance(internal::kDateSlot, false);
    }
    const bool anyStale = std::any_of(impl_->indexes.begin(), impl_->indexes.end(),
                                      [](const OpenIndex& index) { return index.stale; });
    const CurrentVersionsOnly current(impl_->indexes);
    const Xapian::MSet matches = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                                  static_cast<Xapian::doccount>(options.limit), 100,
                                                  nullptr, anyStale ? &current : nullptr);
    results.matches = matches.get_matches_estimated();
    const Xapian::MSet snippets =
        options.snippetBytes > 0 && !matches.empty() ? impl_->snippetMatches(parsed) : matches;
    for (auto match = matches.begin(); match != matches.end(); ++match) {
      results.hits.push_back(impl_->hitOf(match, snippets, options));
    }
  } catch (const Xapian::QueryParserError& e) {
    throw Error(ErrorCode::kInvalidArgument, "query: " + e.get_msg());
  } catch (const Xapian::Error& e) {
    throw Error(ErrorCode::kCorruption, "search index: " + e.get_description());
  }
  return results;
}

bool hasSearchIndex(const Bundle& bundle) {
  return bundle.searchIndex() || earlierIndexedState(bundle);
}

}  // namespace archive_news
