#include "toolkit/search/date_range.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

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

DateRangeProcessor::DateRangeProcessor()
    : Xapian::RangeProcessor(kDateSlot, std::string(kDateField)) {}

Xapian::Query DateRangeProcessor::operator()(const std::string& begin, const std::string& end) {
  const std::optional<std::string> from = begin.empty() ? std::nullopt : dayOfRange(begin, false);
  const std::optional<std::string> to = end.empty() ? std::nullopt : dayOfRange(end, true);
  if ((!begin.empty() && !from) || (!end.empty() && !to) || (begin.empty() && end.empty())) {
    return Xapian::Query(Xapian::Query::OP_INVALID);
  }
  if (!from) return Xapian::Query(Xapian::Query::OP_VALUE_LE, kDateSlot, *to);
  if (!to) return Xapian::Query(Xapian::Query::OP_VALUE_GE, kDateSlot, *from);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDateSlot, *from, *to);
}

}  // namespace archive_news::internal
