// The tool's progress bar: what it claims before it has seen enough work to know.
#include <doctest/doctest.h>

#include <functional>
#include <iostream>
#include <sstream>
#include <string>

#include "cli.h"

namespace {

// What the bar drew on stderr for these updates (done, total, bytes).
std::string drawn(const std::function<void(newsarc::Progress&)>& updates) {
  std::ostringstream captured;
  std::streambuf* const original = std::cerr.rdbuf(captured.rdbuf());
  {
    newsarc::Progress progress("packing", "articles", true);
    updates(progress);
  }
  std::cerr.rdbuf(original);
  return captured.str();
}

}  // namespace

TEST_CASE("tool: the first state of a progress bar guesses no rate or ETA") {
  // Timed from before its first update (the survey of the input), a pack once claimed
  // "ETA 203:42" for a minute's work.
  const std::string first = drawn([](newsarc::Progress& p) { p.update(1, 2500, 4096); });
  CHECK(first.find("1/2500 articles  --/s  ETA --:--") != std::string::npos);
  const std::string bytes = drawn([](newsarc::Progress& p) { p.updateBytes(10, 100000); });
  CHECK(bytes.find("--/s  ETA --:--") != std::string::npos);
}

TEST_CASE("tool: a complete progress bar shows ETA 0:00") {
  const std::string last = drawn([](newsarc::Progress& p) {
    p.update(1, 2, 100);
    p.update(2, 2, 200);
  });
  CHECK(last.find("2/2 articles  ") != std::string::npos);
  CHECK(last.find("ETA 0:00") != std::string::npos);
  CHECK(last.ends_with("\r\033[K"));  // cleared at the end, so the result line starts clean
}

TEST_CASE("tool: a disabled progress bar draws nothing") {
  std::ostringstream captured;
  std::streambuf* const original = std::cerr.rdbuf(captured.rdbuf());
  {
    newsarc::Progress progress("packing", "articles", false);
    progress.update(1, 2, 100);
    progress.update(2, 2, 200);
  }
  std::cerr.rdbuf(original);
  CHECK(captured.str().empty());
}
