// date:FROM..TO in queries: each end a year, a month or a day (2019, 2019-06, 2019-06-30,
// 20190630), either may be left out; the range holds every day of both ends.
#ifndef ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_
#define ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_

#include <xapian.h>

#include <optional>
#include <string>

namespace archive_news::internal {

// YYYYMMDD of the first (`end` false) or last day that `text` names; nullopt when it names none.
std::optional<std::string> dayOfRange(const std::string& text, bool end);

class DateRangeProcessor : public Xapian::RangeProcessor {
 public:
  DateRangeProcessor();
  Xapian::Query operator()(const std::string& begin, const std::string& end) override;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SEARCH_DATE_RANGE_H_
