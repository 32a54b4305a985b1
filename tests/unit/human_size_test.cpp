// The sizes the tool prints (list, info, progress): humanSize() rounds in integers so that the
// tool need not load libm, and must print what printf's "%.1f" / "%.0f" prints.
#include <doctest/doctest.h>

#include <cstdio>
#include <random>
#include <string>

#include "cli.h"

namespace {

// The reference: the same scaling, rounded by printf on the exact binary value.
std::string printed(std::uint64_t bytes) {
  static const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  int unit = 0;
  while (value >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[64];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.*f %s", value < 10 ? 1 : 0, value, kUnits[unit]);
  }
  return text;
}

}  // namespace

TEST_CASE("tool: humanSize prints sizes as printf rounds them") {
  CHECK(newsarc::humanSize(0) == "0 B");
  CHECK(newsarc::humanSize(999) == "999 B");
  CHECK(newsarc::humanSize(1000) == "1.0 KB");
  CHECK(newsarc::humanSize(1050) == "1.1 KB");  // 1.05 is stored just above: rounds up
  CHECK(newsarc::humanSize(1250) == "1.2 KB");  // a tie, exact in binary: to even
  CHECK(newsarc::humanSize(9950) == "9.9 KB");  // 9.95 is stored just below
  CHECK(newsarc::humanSize(9960) == "10.0 KB");
  CHECK(newsarc::humanSize(2'458'108'288) == "2.5 GB");
  CHECK(newsarc::humanSize(~std::uint64_t{0}) == printed(~std::uint64_t{0}));

  // Every size up to 100,000, then random sizes of every magnitude.
  for (std::uint64_t bytes = 0; bytes <= 100'000; ++bytes) {
    REQUIRE(newsarc::humanSize(bytes) == printed(bytes));
  }
  std::mt19937_64 random(2026);
  for (int i = 0; i < 200'000; ++i) {
    const std::uint64_t bytes = random() >> (random() % 64);
    REQUIRE(newsarc::humanSize(bytes) == printed(bytes));
  }
}
