// The peer of search_latency (bench/search_bench.py): query latency of a ZIM file's full-text
// index (zimwriterfs builds one with Xapian) through libzim, in process. Opens the archive, then
// runs each query of a file once, in order, reading the first 10 results with their path, title
// and snippet, and times each.
//
//   build/zim_search_latency ZIM QUERIES     QUERIES: one query a line
//
// Prints what search_latency prints: one line a query, then the open time (zim::Archive, the
// Searcher and a first search that matches nothing, which opens the Xapian database).
#include <zim/archive.h>
#include <zim/search.h>

#include <chrono>
#include <cstdio>
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

long long microsecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: zim_search_latency ZIM QUERIES\n";
    return 2;
  }
  std::vector<std::string> queries;
  {
    std::ifstream in(argv[2]);
    if (!in) {
      std::cerr << "zim_search_latency: cannot read " << argv[2] << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) queries.push_back(line);
    }
  }
  try {
    const auto opening = Clock::now();
    const zim::Archive archive(argv[1]);
    zim::Searcher searcher(archive);
    (void)searcher.search(zim::Query("qqqqzzzzxxxx")).getResults(0, 10).size();
    const long long openUs = microsecondsSince(opening);

    for (const auto& query : queries) {
      const auto start = Clock::now();
      const auto search = searcher.search(zim::Query(query));
      const auto results = search.getResults(0, 10);
      std::size_t hits = 0;
      std::size_t snippetBytes = 0;
      for (auto it = results.begin(); it != results.end(); ++it) {
        const std::string path = it.getPath();
        const std::string title = it.getTitle();
        snippetBytes += it.getSnippet().size();
        hits += path.empty() && title.empty() ? 0 : 1;
      }
      const int matches = search.getEstimatedMatches();
      const long long us = microsecondsSince(start);
      std::printf("query us=%lld hits=%zu matches=%d snippet_bytes=%zu\n", us, hits, matches,
                  snippetBytes);
    }
    std::printf("open us=%lld\n", openUs);
  } catch (const std::exception& e) {
    std::cerr << "zim_search_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
