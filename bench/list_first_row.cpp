// How soon a listing starts, inside the process: the time from main() to the first row of a
// listing written to stdout, and to the last, over the public API (Bundle::open, then
// Bundle::forEachArticle from the first article, one id and headline a row). Timed from main(),
// it leaves out what a whole process pays first (exec, the dynamic loader, static constructors)
// and whatever a tool does besides streaming the index: it is the library's own time to a first
// row, which bench.py's whole-process rows of `newsarc list` cannot separate.
//
//   build/list_first_row BUNDLE > /dev/null
//   prints to stderr: "list_first_row: rows=N open_us=... first_row_us=... all_us=...
//   peak_kib=... anon_kib=..."
//   peak_kib: the process's peak resident memory (getrusage), which counts the mapped bundle's
//   pages the listing touched (the index pages); anon_kib: the most anonymous resident memory
//   (RssAnon: the heap, stacks) seen during the listing, sampled every 65,536 rows.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

namespace {

using Clock = std::chrono::steady_clock;

// RssAnon of /proc/self/status, in KiB; 0 when it cannot be read.
long anonymousKib() {
  std::FILE* status = std::fopen("/proc/self/status", "r");
  if (status == nullptr) return 0;
  char line[256];
  long kib = 0;
  while (std::fgets(line, sizeof line, status) != nullptr) {
    if (std::sscanf(line, "RssAnon: %ld kB", &kib) == 1) break;
  }
  std::fclose(status);
  return kib;
}

long long microsecondsSince(Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  const Clock::time_point started = Clock::now();
  if (argc != 2) {
    std::cerr << "usage: list_first_row BUNDLE\n";
    return 2;
  }
  try {
    using namespace archive_news;
    const Bundle bundle = Bundle::open(argv[1]);
    const long long opened = microsecondsSince(started);
    unsigned long long rows = 0;
    long long firstRow = 0;
    long anonKib = 0;
    bundle.forEachArticle(0, [&](const ArticleSummary& a) {
      std::fwrite(a.id.data(), 1, a.id.size(), stdout);
      std::fputc('\t', stdout);
      std::fwrite(a.headline.data(), 1, a.headline.size(), stdout);
      std::fputc('\n', stdout);
      if (rows++ == 0) {
        std::fflush(stdout);
        firstRow = microsecondsSince(started);
      }
      if (rows % 65536 == 1) anonKib = std::max(anonKib, anonymousKib());
      return true;
    });
    std::fflush(stdout);
    const long long all = microsecondsSince(started);
    anonKib = std::max(anonKib, anonymousKib());
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    std::fprintf(stderr,
                 "list_first_row: rows=%llu open_us=%lld first_row_us=%lld all_us=%lld "
                 "peak_kib=%ld anon_kib=%ld\n",
                 rows, opened, firstRow, all, usage.ru_maxrss, anonKib);
  } catch (const archive_news::Error& e) {
    std::cerr << "list_first_row: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
