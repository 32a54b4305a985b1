// The C API (archive_news.h), full-text search: searchers over open bundles and their results,
// over archive_news/search.h. Search lives in the toolkit, which a reader-only build leaves out:
// there the same entry points are stubs returning AN_ERR_UNSUPPORTED, so the C ABI is the same
// in both builds. an_bundle_has_search_index() needs only the core and is in c_api.cpp.
#include <archive_news/archive_news.h>
#include <archive_news/error.h>

#include <string>

#include "capi/c_api_internal.h"

#ifndef ARCHIVE_NEWS_READER_ONLY
#include <archive_news/search.h>

#include <memory>
#include <optional>
#include <vector>

struct an_searcher {
  // Each an_bundle's Bundle, kept alive for as long as the searcher reads them.
  std::vector<std::shared_ptr<const archive_news::Bundle>> bundles;
  std::optional<archive_news::Searcher> searcher;
};

struct an_search_results {
  archive_news::SearchResults results;
};

namespace archive_news::capi {
namespace {

an_status invalid(const char* function, const char* what) {
  return fail(AN_ERR_INVALID_ARGUMENT, std::string(function) + ": " + what);
}

const SearchHit* hitOf(const an_search_results* results, size_t hit) {
  if (!results || hit >= results->results.hits.size()) return nullptr;
  return &results->results.hits[hit];
}

SearchOptions searchOptions(const an_search_options* options) {
  SearchOptions o;
  if (!options) return o;
  for (uint32_t r : options->reserved) {
    if (r != 0) {
      throw Error(ErrorCode::kInvalidArgument, "an_search_options: reserved fields must be 0");
    }
  }
  o.offset = options->offset;
  o.limit = options->limit;
  switch (options->order) {
    case AN_ORDER_RELEVANCE:
      o.order = SearchOptions::Order::kRelevance;
      break;
    case AN_ORDER_NEWEST:
      o.order = SearchOptions::Order::kNewest;
      break;
    case AN_ORDER_OLDEST:
      o.order = SearchOptions::Order::kOldest;
      break;
    default:
      throw Error(ErrorCode::kInvalidArgument,
                  "an_search_options: unknown order " + std::to_string(options->order));
  }
  o.snippetBytes = options->snippet_bytes;
  return o;
}

const char* text(const std::string& value, size_t* len) {
  if (len) *len = value.size();
  return value.c_str();
}

}  // namespace
}  // namespace archive_news::capi

using namespace archive_news;
using archive_news::capi::guard;
using archive_news::capi::invalid;

extern "C" {

an_status an_searcher_open(const an_bundle* const* bundles, size_t count, an_searcher** out) {
  if (!bundles || !out) return invalid("an_searcher_open", "bundles and out must not be NULL");
  if (count == 0) return invalid("an_searcher_open", "at least one bundle is needed");
  for (size_t i = 0; i < count; ++i) {
    if (!bundles[i]) return invalid("an_searcher_open", "a bundle is NULL");
  }
  return guard("an_searcher_open", [&] {
    auto handle = std::make_unique<an_searcher>();
    std::vector<const Bundle*> plain;
    for (size_t i = 0; i < count; ++i) {
      handle->bundles.push_back(bundles[i]->bundle);
      plain.push_back(bundles[i]->bundle.get());
    }
    handle->searcher.emplace(std::move(plain));
    *out = handle.release();
  });
}

void an_searcher_free(an_searcher* searcher) { delete searcher; }

an_status an_search(const an_searcher* searcher, const char* query,
                    const an_search_options* options, an_search_results** out) {
  if (!searcher || !query || !out) {
    return invalid("an_search", "searcher, query and out must not be NULL");
  }
  return guard("an_search", [&] {
    const SearchOptions o = capi::searchOptions(options);
    auto handle = std::make_unique<an_search_results>();
    handle->results = searcher->searcher->search(query, o);
    *out = handle.release();
  });
}

void an_search_results_free(an_search_results* results) { delete results; }

size_t an_search_results_count(const an_search_results* results) {
  return results ? results->results.hits.size() : 0;
}

uint64_t an_search_results_matches(const an_search_results* results) {
  return results ? results->results.matches : 0;
}

const char* an_search_hit_text(const an_search_results* results, size_t hit, an_hit_field field,
                               size_t index, size_t* len) {
  if (len) *len = 0;
  const SearchHit* h = capi::hitOf(results, hit);
  if (!h) return nullptr;
  if (field != AN_HIT_BYLINE && index != 0) return nullptr;
  switch (field) {
    case AN_HIT_ID:
      return capi::text(h->id, len);
    case AN_HIT_HEADLINE:
      return capi::text(h->headline, len);
    case AN_HIT_DATE:
      return h->date ? capi::text(*h->date, len) : nullptr;
    case AN_HIT_SNIPPET:
      return capi::text(h->snippet, len);
    case AN_HIT_BYLINE:
      return index < h->bylines.size() ? capi::text(h->bylines[index], len) : nullptr;
  }
  return nullptr;
}

uint64_t an_search_hit_number(const an_search_results* results, size_t hit, an_hit_number field) {
  const SearchHit* h = capi::hitOf(results, hit);
  if (!h) return 0;
  switch (field) {
    case AN_HIT_BUNDLE:
      return h->bundle;
    case AN_HIT_POSITION:
      return h->position;
    case AN_HIT_PERCENT:
      return h->percent > 0 ? static_cast<uint64_t>(h->percent) : 0;
    case AN_HIT_BYLINE_COUNT:
      return h->bylines.size();
    case AN_HIT_HIGHLIGHT_COUNT:
      return h->highlights.size();
    case AN_HIT_CUT_BEFORE:
      return h->snippetCutBefore ? 1 : 0;
    case AN_HIT_CUT_AFTER:
      return h->snippetCutAfter ? 1 : 0;
  }
  return 0;
}

int an_search_hit_highlight(const an_search_results* results, size_t hit, size_t index,
                            size_t* start, size_t* end) {
  const SearchHit* h = capi::hitOf(results, hit);
  if (!h || !start || !end || index >= h->highlights.size()) return 0;
  *start = h->highlights[index].first;
  *end = h->highlights[index].second;
  return 1;
}

}  // extern "C"

#else  // ARCHIVE_NEWS_READER_ONLY

struct an_searcher {};
struct an_search_results {};

using archive_news::capi::leftOut;

extern "C" {

an_status an_searcher_open(const an_bundle* const*, size_t, an_searcher**) {
  return leftOut("an_searcher_open");
}
void an_searcher_free(an_searcher* searcher) { delete searcher; }
an_status an_search(const an_searcher*, const char*, const an_search_options*,
                    an_search_results**) {
  return leftOut("an_search");
}
void an_search_results_free(an_search_results* results) { delete results; }
size_t an_search_results_count(const an_search_results*) { return 0; }
uint64_t an_search_results_matches(const an_search_results*) { return 0; }
const char* an_search_hit_text(const an_search_results*, size_t, an_hit_field, size_t,
                               size_t* len) {
  if (len) *len = 0;
  return nullptr;
}
uint64_t an_search_hit_number(const an_search_results*, size_t, an_hit_number) { return 0; }
int an_search_hit_highlight(const an_search_results*, size_t, size_t, size_t*, size_t*) {
  return 0;
}

}  // extern "C"

#endif  // ARCHIVE_NEWS_READER_ONLY

extern "C" void an_search_options_default(an_search_options* options) {
  if (!options) return;
  *options = an_search_options{};
  options->limit = 10;
  options->order = AN_ORDER_RELEVANCE;
  options->snippet_bytes = 240;
}
