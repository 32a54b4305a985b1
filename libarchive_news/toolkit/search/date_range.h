// date:FROM..TO in queries: each end a year, a month or a day (2019, 2019-06, 2019-06-30,
// 20190630), either may be left out; the range holds every day of both ends.
#ifndef ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_
#define ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_

#include <xapian.h>

#include <optional>
#include <string>
#include <vector>

namespace archive_news::internal {

// YYYYMMDD of the first (`end` false) or last day that `text` names; nullopt when it names none.
std::optional<std::string> dayOfRange(const std::string& text, bool end);

// The days from `from` to `to` (YYYYMMDD, both included) as the fewest date terms of the index
// (D and a year, a month or a day): whole years, then whole months, then days at either end, so
// at most 22 months and 60 days beside the years. Empty when from > to.
std::vector<std::string> dateTermsOf(const std::string& from, const std::string& to);

// A range as a filter of those terms, not as a value range: Xapian reads a value range's values
// document by document (90 ms for a month at a million articles), a term's postings by skipping.
// An open end is closed at the dates the database holds (its value bounds), so that the years
// a range names stay few.
class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  explicit DateRangeProcessor(const Xapian::Database& database);
  Xapian::Query operator()(const std::string& begin, const std::string& end) override;

 private:
  const Xapian::Database& database_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_
