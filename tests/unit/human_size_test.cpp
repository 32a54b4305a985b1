// displaySize(), the one size formatter of the toolkit and the tool (list, info, pack, progress,
// the attachments of HTML pages): decimal units, one decimal below 10 of a unit, none from 10 on,
// rounded as printf rounds on the exact binary value.
#include <archive_news/render.h>
#include <doctest/doctest.h>

#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>

using archive_news::displaySize;

TEST_CASE("displaySize: units, decimals and rounding at the boundaries") {
  CHECK(displaySize(0) == "0 B");
  CHECK(displaySize(17) == "17 B");
  CHECK(displaySize(999) == "999 B");
  CHECK(displaySize(1000) == "1.0 KB");
  CHECK(displaySize(1049) == "1.0 KB");
  CHECK(displaySize(1050) == "1.1 KB");   // 1.05 is stored just above: rounds up
  CHECK(displaySize(1250) == "1.2 KB");   // a tie, exact in binary: to even
  CHECK(displaySize(1750) == "1.8 KB");   // a tie, exact in binary: to even
  CHECK(displaySize(9950) == "9.9 KB");   // 9.95 is stored just below
  CHECK(displaySize(9960) == "10.0 KB");  // below 10 before rounding: one decimal
  CHECK(displaySize(10'000) == "10 KB");
  CHECK(displaySize(15'123) == "15 KB");  // from 10 on: no decimal (info's "15 KB raw")
  CHECK(displaySize(63'305) == "63 KB");
  CHECK(displaySize(354'717) == "355 KB");
  CHECK(displaySize(999'499) == "999 KB");
  CHECK(displaySize(1'000'000) == "1.0 MB");
  CHECK(displaySize(1'234'567) == "1.2 MB");
  CHECK(displaySize(2'458'108'288) == "2.5 GB");
  CHECK(displaySize(std::uint64_t{1'500'000'000'000}) == "1.5 TB");
  CHECK(displaySize(~std::uint64_t{0}) == "18446744 TB");  // no unit above TB
}

namespace {

// The value and unit of "12.3 KB" in bytes, and how many decimals it has.
struct Shown {
  double bytes;
  double unit;
  int decimals;
};
Shown parse(const std::string& text) {
  const std::size_t space = text.find(' ');
  REQUIRE(space != std::string::npos);
  const std::string number = text.substr(0, space);
  const std::string unit = text.substr(space + 1);
  const std::string units[] = {"B", "KB", "MB", "GB", "TB"};
  double scale = 1;
  bool known = false;
  for (const std::string& u : units) {
    if (u == unit) {
      known = true;
      break;
    }
    scale *= 1000;
  }
  REQUIRE(known);
  const std::size_t dot = number.find('.');
  const int decimals = dot == std::string::npos ? 0 : static_cast<int>(number.size() - dot - 1);
  return {std::strtod(number.c_str(), nullptr) * scale, scale, decimals};
}

// What any size must look like: within half of the last digit shown of the size, one decimal
// exactly when under 10 of the unit, the largest unit that keeps the number under 1000 (bar the
// rounding up to "1000").
void checkShape(std::uint64_t bytes) {
  const std::string text = displaySize(bytes);
  const Shown shown = parse(text);
  const double exact = static_cast<double>(bytes);
  INFO(bytes, " shown as ", text);
  if (shown.unit == 1) {
    CHECK(text == std::to_string(bytes) + " B");
    return;
  }
  const double value = exact / shown.unit;
  CHECK(value >= 1);
  if (shown.unit < 1e12) CHECK(value < 1000);
  CHECK(shown.decimals == (value < 10 ? 1 : 0));
  const double step = shown.decimals == 1 ? shown.unit / 10 : shown.unit;
  CHECK(std::abs(shown.bytes - exact) <= step / 2 * (1 + 1e-9));
}

}  // namespace

TEST_CASE("displaySize: every size up to 200,000 and random sizes of every magnitude") {
  for (std::uint64_t bytes = 0; bytes <= 200'000; ++bytes) checkShape(bytes);
  std::mt19937_64 random(2026);
  for (int i = 0; i < 100'000; ++i) checkShape(random() >> (random() % 64));
}
