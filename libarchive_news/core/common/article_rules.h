// Rules of the article model that readers of other formats (ninjs) check themselves, so that
// their messages can name the field as their own format spells it.
#ifndef ARCHIVE_NEWS_CORE_COMMON_ARTICLE_RULES_H_
#define ARCHIVE_NEWS_CORE_COMMON_ARTICLE_RULES_H_

#include <optional>
#include <string>
#include <string_view>

namespace archive_news::internal {

// An RFC 3339 date-time with a zone, or a full-date alone (spec/ARTICLE-JSON.md, Times): its
// parts, for those who show or compare times; every time of the model is checked by this one
// parser.
struct Rfc3339Time {
  int year = 0;
  int month = 0;
  int day = 0;
  std::optional<int> hour, minute, second;  // absent for a date alone
  std::string_view zone;                    // "Z", "z" or "+09:00"; empty for a date alone
};
std::optional<Rfc3339Time> parseRfc3339Time(std::string_view text);
inline bool isRfc3339Time(std::string_view text) { return parseRfc3339Time(text).has_value(); }

// What makes `name` unfit as a file name inside an article folder ("has a \"..\" component"),
// or nothing (spec/ARTICLE-JSON.md, File names).
std::optional<std::string> fileNameProblem(std::string_view name);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_ARTICLE_RULES_H_
