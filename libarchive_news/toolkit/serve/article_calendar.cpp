// The articles of the served bundles by month, made from one pass over each bundle's index.
#include <archive_news/browse.h>

#include <algorithm>
#include <cstdio>
#include <tuple>

#include "toolkit/render/html_text.h"

namespace archive_news {
namespace {

constexpr std::int32_t kUndatedKey = -1;  // below every year: the undated come last

// 24 bytes an article: a million articles take 24 MB, whatever their text.
struct Entry {
  std::int64_t time;   // seconds since 1970 in UTC of the date; 0 when undated or unreadable
  std::int32_t month;  // year * 100 + month, or kUndatedKey
  std::uint32_t bundle;
  std::uint64_t position;
};

int digitsAt(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The month the date writes ("2019-06-30T..." -> 201906): the source's own calendar day, not the
// UTC one, so that an article stays in the month its page says.
std::int32_t monthKeyOf(std::string_view date) {
  const int year = digitsAt(date, 0, 4);
  const int month = digitsAt(date, 5, 2);
  if (year < 0 || month < 1 || month > 12 || date.size() < 7 || date[4] != '-') return kUndatedKey;
  return year * 100 + month;
}

std::string monthName(std::int32_t key) {
  if (key == kUndatedKey) return std::string(kUndatedMonth);
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02d", key / 100, key % 100);
  return text;
}

Entry entryOf(const ArticleSummary& summary, std::uint32_t bundle, std::uint64_t position) {
  const std::optional<std::string>& date =
      summary.firstcreated ? summary.firstcreated : summary.versioncreated;
  Entry entry{0, kUndatedKey, bundle, position};
  if (date) {
    entry.month = monthKeyOf(*date);
    entry.time = internal::utcSeconds(*date).value_or(0);
  }
  return entry;
}

}  // namespace

struct ArticleCalendar::Impl {
  std::vector<Entry> entries;  // newest month first; newest first within a month
  std::vector<MonthCount> months;
  std::vector<std::size_t> firsts;  // where each month of `months` starts in `entries`

  // The index in `months` of `month`, or months.size().
  std::size_t find(std::string_view month) const {
    for (std::size_t i = 0; i < months.size(); ++i) {
      if (months[i].month == month) return i;
    }
    return months.size();
  }
};

ArticleCalendar::ArticleCalendar(const std::vector<const Bundle*>& bundles)
    : impl_(std::make_unique<Impl>()) {
  std::vector<Entry>& entries = impl_->entries;
  for (std::size_t b = 0; b < bundles.size(); ++b) {
    entries.reserve(entries.size() + bundles[b]->articleCount());
    std::uint64_t position = 0;
    bundles[b]->forEachArticle(0, [&](const ArticleSummary& summary) {
      entries.push_back(entryOf(summary, static_cast<std::uint32_t>(b), position++));
      return true;
    });
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return std::tie(b.month, b.time, a.bundle, a.position) <
           std::tie(a.month, a.time, b.bundle, b.position);
  });
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (i == 0 || entries[i].month != entries[i - 1].month) {
      impl_->months.push_back({monthName(entries[i].month), 0});
      impl_->firsts.push_back(i);
    }
    ++impl_->months.back().count;
  }
}

ArticleCalendar::ArticleCalendar(ArticleCalendar&&) noexcept = default;
ArticleCalendar& ArticleCalendar::operator=(ArticleCalendar&&) noexcept = default;
ArticleCalendar::~ArticleCalendar() = default;

const std::vector<MonthCount>& ArticleCalendar::months() const { return impl_->months; }

std::uint64_t ArticleCalendar::count(std::string_view month) const {
  const std::size_t i = impl_->find(month);
  return i < impl_->months.size() ? impl_->months[i].count : 0;
}

std::vector<BrowsedArticle> ArticleCalendar::articles(std::string_view month, std::size_t offset,
                                                      std::size_t limit) const {
  std::vector<BrowsedArticle> out;
  const std::size_t i = impl_->find(month);
  if (i == impl_->months.size() || offset >= impl_->months[i].count) return out;
  const std::size_t first = impl_->firsts[i] + offset;
  const std::size_t end =
      impl_->firsts[i] + std::min<std::uint64_t>(impl_->months[i].count, offset + limit);
  for (std::size_t e = first; e < end; ++e) {
    out.push_back({impl_->entries[e].bundle, impl_->entries[e].position});
  }
  return out;
}

}  // namespace archive_news
