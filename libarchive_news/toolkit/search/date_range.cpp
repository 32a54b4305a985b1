#include "toolkit/search/date_range.h"

#include <algorithm>
#include <cctype>
#include <tuple>

#include "toolkit/search/search_fields.h"

namespace archive_news::internal {
namespace {

bool allDigits(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int daysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

struct Day {
  int year;
  int month;
  int day;
};

Day dayOf(const std::string& digits) {
  return {std::stoi(digits.substr(0, 4)), std::stoi(digits.substr(4, 2)),
          std::stoi(digits.substr(6, 2))};
}

bool operator<=(const Day& a, const Day& b) {
  return std::tie(a.year, a.month, a.day) <= std::tie(b.year, b.month, b.day);
}

Day firstOfNextMonth(const Day& at) {
  return at.month == 12 ? Day{at.year + 1, 1, 1} : Day{at.year, at.month + 1, 1};
}

std::string twoDigits(int n) { return (n < 10 ? "0" : "") + std::to_string(n); }

std::string yearText(int year) {
  std::string text = std::to_string(year);
  return std::string(4 - std::min<std::size_t>(4, text.size()), '0') + text;
}

}  // namespace

std::vector<std::string> dateTermsOf(const std::string& from, const std::string& to) {
  std::vector<std::string> terms;
  Day at = dayOf(from);
  const Day last = dayOf(to);
  while (at <= last) {
    const std::string year = yearText(at.year);
    if (at.month == 1 && at.day == 1 && Day{at.year, 12, 31} <= last) {
      terms.push_back(dateTerm(year));
      at = {at.year + 1, 1, 1};
    } else if (at.day == 1 && Day{at.year, at.month, daysIn(at.year, at.month)} <= last) {
      terms.push_back(dateTerm(year, twoDigits(at.month)));
      at = firstOfNextMonth(at);
    } else {
      terms.push_back(dateTerm(year, twoDigits(at.month), twoDigits(at.day)));
      at = at.day < daysIn(at.year, at.month) ? Day{at.year, at.month, at.day + 1}
                                              : firstOfNextMonth(at);
    }
  }
  return terms;
}

std::optional<std::string> dayOfRange(const std::string& text, bool end) {
  std::string digits;
  if (text.size() == 7 && text[4] == '-') {
    digits = text.substr(0, 4) + text.substr(5, 2);
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    digits = text.substr(0, 4) + text.substr(5, 2) + text.substr(8, 2);
  } else {
    digits = text;
  }
  if (!allDigits(digits) || (digits.size() != 4 && digits.size() != 6 && digits.size() != 8)) {
    return std::nullopt;
  }
  const int year = std::stoi(digits.substr(0, 4));
  if (digits.size() == 4) return digits + (end ? "1231" : "0101");
  const int month = std::stoi(digits.substr(4, 2));
  if (month < 1 || month > 12) return std::nullopt;
  if (digits.size() == 6) {
    return digits + (end ? std::to_string(daysIn(year, month)) : std::string("01"));
  }
  const int day = std::stoi(digits.substr(6, 2));
  if (day < 1 || day > daysIn(year, month)) return std::nullopt;
  return digits;
}

DateRangeProcessor::DateRangeProcessor(const Xapian::Database& database)
    : Xapian::RangeProcessor(kDateSlot, std::string(kDateField)), database_(database) {}

Xapian::Query DateRangeProcessor::operator()(const std::string& begin, const std::string& end) {
  std::optional<std::string> from = begin.empty() ? std::nullopt : dayOfRange(begin, false);
  std::optional<std::string> to = end.empty() ? std::nullopt : dayOfRange(end, true);
  // Only ranges with "date:" reach here: anything else in one is the user's mistake to show.
  if ((!begin.empty() && !from) || (!end.empty() && !to) || (begin.empty() && end.empty())) {
    throw Xapian::QueryParserError("date:" + begin + ".." + end +
                                   ": expected each end to be YYYY, YYYY-MM or YYYY-MM-DD");
  }
  // The dates the index holds bound the range: values are YYYYMMDD, which compare as days. No
  // value: no article has a date. A value that is no day (the index's bytes are the signer's)
  // bounds nothing.
  const std::string lowest = database_.get_value_lower_bound(kDateSlot);
  const std::string highest = database_.get_value_upper_bound(kDateSlot);
  if (lowest.empty() || highest.empty()) return Xapian::Query::MatchNothing;
  const std::string first = dayOfRange(lowest, false).value_or("00000101");
  const std::string last = dayOfRange(highest, true).value_or("99991231");
  if (!from || *from < first) from = first;
  if (!to || *to > last) to = last;
  const std::vector<std::string> terms = dateTermsOf(*from, *to);
  if (terms.empty()) return Xapian::Query::MatchNothing;
  // A filter: the dates weigh nothing in the ranking.
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                       Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), 0.0);
}

}  // namespace archive_news::internal
