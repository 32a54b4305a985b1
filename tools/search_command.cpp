// newsarc search: ranked hits across bundles from their full-text indexes; newsarc index: an
// index for a bundle packed without one.
#include <archive_news/error.h>
#include <archive_news/render.h>
#include <archive_news/search.h>
#include <archive_news/terminal_text.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;

struct SearchCommandOptions {
  std::vector<std::string> arguments;  // the bundles, then the query
  bool json = false;
  std::size_t limit = 10;
  std::size_t offset = 0;
  std::string order = "relevance";
  std::size_t snippetBytes = 240;
};

archive_news::SearchOptions searchOptions(const SearchCommandOptions& o) {
  archive_news::SearchOptions options;
  options.limit = o.limit;
  options.offset = o.offset;
  options.snippetBytes = o.snippetBytes;
  if (o.order == "newest") options.order = archive_news::SearchOptions::Order::kNewest;
  if (o.order == "oldest") options.order = archive_news::SearchOptions::Order::kOldest;
  return options;
}

Json hitJson(const archive_news::SearchHit& hit, const archive_news::Bundle& bundle) {
  Json j;
  j["bundle"] = bundle.name();
  j["position"] = hit.position;
  j["id"] = hit.id;
  j["headline"] = hit.headline;
  j["date"] = hit.date ? Json(*hit.date) : Json(nullptr);
  j["bylines"] = hit.bylines;
  j["percent"] = hit.percent;
  j["snippet"] = hit.snippet;
  Json highlights = Json::array();
  for (const auto& [begin, end] : hit.highlights) highlights.push_back({begin, end});
  j["highlights"] = highlights;
  j["snippetCutBefore"] = hit.snippetCutBefore;
  j["snippetCutAfter"] = hit.snippetCutAfter;
  return j;
}

// The snippet as one inert line; highlights in bold on a terminal.
std::string shownSnippet(const archive_news::SearchHit& hit, bool terminal) {
  std::string line = hit.snippetCutBefore ? "…" : "";
  std::size_t at = 0;
  for (const auto& [begin, end] : hit.highlights) {
    line += archive_news::terminalSafe(std::string_view(hit.snippet).substr(at, begin - at));
    const std::string match =
        archive_news::terminalSafe(std::string_view(hit.snippet).substr(begin, end - begin));
    line += terminal ? "\x1b[1m" + match + "\x1b[0m" : match;
    at = end;
  }
  line += archive_news::terminalSafe(std::string_view(hit.snippet).substr(at));
  if (hit.snippetCutAfter) line += "…";
  return line;
}

void printHits(const archive_news::SearchResults& results,
               const std::vector<archive_news::Bundle>& bundles, const SearchCommandOptions& o) {
  const bool terminal = ::isatty(STDOUT_FILENO) == 1;
  std::size_t rank = o.offset;
  for (const archive_news::SearchHit& hit : results.hits) {
    std::cout << ++rank << ". " << (hit.date ? archive_news::terminalSafe(*hit.date) : "(no date)")
              << "  " << archive_news::terminalSafe(hit.headline) << "\n";
    std::cout << "   " << archive_news::terminalSafe(hit.id);
    if (bundles.size() > 1) std::cout << "  in " << shown(bundles[hit.bundle].name());
    if (!hit.bylines.empty()) {
      std::cout << "  by ";
      for (std::size_t i = 0; i < hit.bylines.size(); ++i) {
        std::cout << (i > 0 ? ", " : "") << archive_news::terminalSafe(hit.bylines[i]);
      }
    }
    std::cout << "\n";
    if (!hit.snippet.empty()) std::cout << "   " << shownSnippet(hit, terminal) << "\n";
    std::cout << "\n";
  }
  const std::size_t shownFrom = results.hits.empty() ? 0 : o.offset + 1;
  std::cout << results.matches << (results.matches == 1 ? " article matches" : " articles match");
  if (!results.hits.empty()) std::cout << "; " << shownFrom << " to " << rank << " shown";
  std::cout << "\n";
}

int runSearch(const SearchCommandOptions& o) {
  if (o.arguments.size() < 2) {
    throw archive_news::Error(archive_news::ErrorCode::kInvalidArgument,
                              "search takes one or more bundles, then the query");
  }
  const std::string& query = o.arguments.back();
  std::vector<archive_news::Bundle> bundles;
  for (std::size_t i = 0; i + 1 < o.arguments.size(); ++i) {
    bundles.push_back(openBundle(o.arguments[i]));
  }
  std::vector<const archive_news::Bundle*> pointers;
  for (const archive_news::Bundle& bundle : bundles) pointers.push_back(&bundle);
  const archive_news::Searcher searcher(pointers);
  const std::vector<std::uint32_t> states = searcher.indexedStates();
  for (std::size_t i = 0; i < bundles.size(); ++i) {
    const std::uint32_t current = bundles[i].info().state;
    if (states[i] != current) {
      std::cerr << "newsarc: note: " << shown(bundles[i].name())
                << ": the search index is of state " << states[i] << " of " << current
                << "; articles added or changed since are not found (newsarc index updates it)\n";
    }
  }
  const archive_news::SearchResults results = searcher.search(query, searchOptions(o));
  if (o.json) {
    Json j;
    j["query"] = query;
    j["matches"] = results.matches;
    j["offset"] = o.offset;
    Json hits = Json::array();
    for (const auto& hit : results.hits) hits.push_back(hitJson(hit, bundles[hit.bundle]));
    j["hits"] = hits;
    std::cout << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  } else {
    printHits(results, bundles, o);
  }
  return results.hits.empty() && o.offset == 0 ? kExitNotFound : kExitOk;
}

struct IndexCommandOptions {
  std::string bundle;
  std::vector<std::string> keys;
  std::string signer;
  bool compact = false;
};

int runIndex(const IndexCommandOptions& o) {
  std::vector<archive_news::SecretKey> keys;
  for (const std::string& path : o.keys) keys.push_back(loadSecretKeyInteractively(path));
  std::vector<std::pair<const archive_news::SecretKey*, std::string>> signers;
  for (const auto& key : keys) {
    signers.emplace_back(&key, signerText(key, o.signer));
  }
  archive_news::SearchIndexOptions index;
  index.positions = !o.compact;
  const archive_news::IndexBundleResult result =
      archive_news::indexBundle(o.bundle, signers, {}, index);
  std::cout << "indexed " << result.articles << (result.articles == 1 ? " article" : " articles")
            << " of " << shown(o.bundle) << ": state " << result.state << ", a search index of "
            << archive_news::displaySize(result.indexBytes) << ", " << keys.size()
            << (keys.size() == 1 ? " signature" : " signatures") << "\n";
  return kExitOk;
}

}  // namespace

Command addSearchCommand(CLI::App& app) {
  auto o = std::make_shared<SearchCommandOptions>();
  CLI::App* sub = app.add_subcommand("search", "Search the full-text index of bundles");
  sub->add_option("BUNDLE... QUERY", o->arguments,
                  "Bundles (paths or http(s) URLs) packed with --index or indexed with newsarc "
                  "index, then the query")
      ->required();
  sub->add_flag("--json", o->json, "One JSON object: the number of matches and the hits");
  sub->add_option("-n,--limit", o->limit, "Hits to show at most (default 10)")
      ->check(CLI::Range(1, 10000));
  sub->add_option("--offset", o->offset, "Hits to skip first, for the next page");
  sub->add_option("--order", o->order, "relevance (default), newest or oldest")
      ->check(CLI::IsMember({"relevance", "newest", "oldest"}));
  sub->add_option("--snippet-bytes", o->snippetBytes,
                  "Bytes of text around the matches (default 240; 0: no snippet)")
      ->check(CLI::Range(0, 4096));
  sub->footer(
      "Examples:\n  newsarc search 2019-06.newsarc 'election results'\n"
      "  newsarc search *.newsarc 'headline:\"prime minister\" date:2019-06..2019-07'\n"
      "  newsarc search archive.newsarc 'byline:kim -sports' --order newest --json\n"
      "Words must all match (AND, OR, NOT and -word change that); \"a phrase\"; word* for any\n"
      "ending; fields headline:, subheadline:, caption:, byline:, keyword:, section:, id:;\n"
      "date:2019-06 (a year, month or day) or date:FROM..TO (date:2019-06..2019-08, date:..2018).\n"
      "Case and accents are folded; Korean, Japanese and Chinese are found by any part of a\n"
      "word. Exit 7 when nothing matches.");
  return {sub, [o] { return runSearch(*o); }};
}

Command addIndexCommand(CLI::App& app) {
  auto o = std::make_shared<IndexCommandOptions>();
  CLI::App* sub = app.add_subcommand(
      "index", "Add a full-text index of every article to a bundle, as a new state");
  sub->add_option("BUNDLE", o->bundle, "The bundle to index (.newsarc)")->required();
  sub->add_option("-s,--sign", o->keys, "Sign the new state with this secret key (repeatable)");
  sub->add_option("-c,--comment,--signer", o->signer,
                  "Who signs: the signer text of the trusted comment (default: the key id)");
  sub->add_flag("--compact", o->compact,
                "No word positions: about a third of the size, and a \"phrase\" finds the "
                "articles holding all its words");
  sub->footer(
      "Example:\n  newsarc index 2019-06.newsarc --sign archive.key\n"
      "The new state changes no article: earlier states and their signatures stay valid.\n"
      "Articles appended later are found once newsarc index runs again.");
  return {sub, [o] { return runIndex(*o); }};
}

}  // namespace newsarc
