// Rules of the article model that readers of other formats (ninjs) check themselves, so that
// their messages can name the field as their own format spells it.
#ifndef ARCHIVE_NEWS_SRC_ARTICLE_RULES_H_
#define ARCHIVE_NEWS_SRC_ARTICLE_RULES_H_

#include <optional>
#include <string>
#include <string_view>

namespace archive_news::internal {

// An RFC 3339 date-time with a zone, or a full-date alone (spec/ARTICLE-JSON.md, Times).
bool isRfc3339Time(std::string_view text);

// What makes `name` unfit as a file name inside an article folder ("has a \"..\" component"),
// or nothing (spec/ARTICLE-JSON.md, File names).
std::optional<std::string> fileNameProblem(std::string_view name);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_SRC_ARTICLE_RULES_H_
