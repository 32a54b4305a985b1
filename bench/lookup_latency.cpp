// What a reader pays to reach one article picked at random, as a search hit or a link does:
// Bundle::find(id), then its summary() and its article(), each timed apart, over ids picked
// evenly at random (a fixed seed) and visited in a shuffled order. Public API only.
//
//   build/lookup_latency BUNDLE [LOOKUPS]      LOOKUPS: 2000 by default
//
// Prints: lookups=<n> find_us=<mean> summary_us=<mean> article_us=<mean> (microseconds). The ids
// are collected first by position (summary), which warms nothing the timed loop uses beyond the
// pages near the root: a reader's page cache holds a few pages a thread.
#include <archive_news/reader.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

double microseconds(Clock::duration d) {
  return std::chrono::duration<double, std::micro>(d).count();
}

int run(const char* path, std::size_t lookups) {
  const archive_news::Bundle bundle = archive_news::Bundle::open(path);
  if (bundle.articleCount() == 0) {
    std::fprintf(stderr, "lookup_latency: %s holds no article\n", path);
    return 1;
  }
  std::mt19937_64 random(19);
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < lookups; ++i) {
    ids.push_back(bundle.summary(random() % bundle.articleCount()).id);
  }
  std::shuffle(ids.begin(), ids.end(), random);
  Clock::duration find{}, summary{}, article{};
  std::size_t bytes = 0;  // used, so that no read is optimised away
  for (const std::string& id : ids) {
    const Clock::time_point start = Clock::now();
    const std::optional<std::size_t> position = bundle.find(id);
    const Clock::time_point found = Clock::now();
    if (!position) {
      std::fprintf(stderr, "lookup_latency: %s: id %s not found\n", path, id.c_str());
      return 1;
    }
    bytes += bundle.summary(*position).headline.size();
    const Clock::time_point summarised = Clock::now();
    bytes += bundle.article(*position).body.size();
    const Clock::time_point read = Clock::now();
    find += found - start;
    summary += summarised - found;
    article += read - summarised;
  }
  const double n = static_cast<double>(ids.size());
  std::printf("lookups=%zu find_us=%.1f summary_us=%.1f article_us=%.1f (%zu)\n", ids.size(),
              microseconds(find) / n, microseconds(summary) / n, microseconds(article) / n, bytes);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: lookup_latency BUNDLE [LOOKUPS]\n");
    return 2;
  }
  try {
    const long lookups = argc == 3 ? std::stol(argv[2]) : 2000;
    if (lookups <= 0) throw std::invalid_argument("LOOKUPS must be positive");
    return run(argv[1], static_cast<std::size_t>(lookups));
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lookup_latency: %s\n", e.what());
    return 1;
  }
}
