// Query latency of the library's full-text search, in process (bench/search_bench.py): opens a
// bundle packed with `newsarc pack --index`, then runs each query of a file once, in order, with
// the first 10 hits and their snippets (the defaults of SearchOptions), and times each search().
// Public API only: Bundle::open and Searcher.
//
//   build/search_latency BUNDLE QUERIES [SNIPPET_BYTES]
//       QUERIES: one query a line (Xapian's syntax); SNIPPET_BYTES: SearchOptions::snippetBytes
//       (240 by default; 0: no snippet, no record read), to see what the snippets cost
//
// Prints one line a query, in the order of the file:
//   query us=<microseconds> hits=<hits returned> matches=<estimated matches> snippet_bytes=<n>
// then: open us=<Bundle::open, the Searcher and a first search that matches nothing, which opens
// the index, so that no query of the file pays for it>; last: index bytes=<the size of the index
// extent, Bundle::searchIndex()> documents=<articles it holds> offset=<where it starts>.
#include <archive_news/reader.h>
#include <archive_news/search.h>

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
  if (argc != 3 && argc != 4) {
    std::cerr << "usage: search_latency BUNDLE QUERIES [SNIPPET_BYTES]\n";
    return 2;
  }
  std::vector<std::string> queries;
  {
    std::ifstream in(argv[2]);
    if (!in) {
      std::cerr << "search_latency: cannot read " << argv[2] << "\n";
      return 2;
    }
    for (std::string line; std::getline(in, line);) {
      if (!line.empty()) queries.push_back(line);
    }
  }
  try {
    const auto opening = Clock::now();
    const auto bundle = archive_news::Bundle::open(argv[1]);
    const archive_news::Searcher searcher({&bundle});
    (void)searcher.search("qqqqzzzzxxxx");
    const long long openUs = microsecondsSince(opening);

    archive_news::SearchOptions options;
    options.limit = 10;
    if (argc == 4) options.snippetBytes = std::stoul(argv[3]);
    for (const auto& query : queries) {
      const auto start = Clock::now();
      const auto results = searcher.search(query, options);
      const long long us = microsecondsSince(start);
      std::size_t snippetBytes = 0;
      for (const auto& hit : results.hits) snippetBytes += hit.snippet.size();
      std::printf("query us=%lld hits=%zu matches=%llu snippet_bytes=%zu\n", us,
                  results.hits.size(), static_cast<unsigned long long>(results.matches),
                  snippetBytes);
    }
    std::printf("open us=%lld\n", openUs);
    const auto index = bundle.searchIndex();
    if (!index) {
      std::cerr << "search_latency: " << argv[1] << " holds no search index\n";
      return 1;
    }
    std::printf("index bytes=%llu documents=%llu offset=%llu\n",
                static_cast<unsigned long long>(index->size),
                static_cast<unsigned long long>(index->documents),
                static_cast<unsigned long long>(index->offset));
  } catch (const std::exception& e) {
    std::cerr << "search_latency: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
