// Read errors that name the article they were met in.
#ifndef ARCHIVE_NEWS_CORE_READ_ARTICLE_ERROR_H_
#define ARCHIVE_NEWS_CORE_READ_ARTICLE_ERROR_H_

#include <archive_news/error.h>

#include <string>

namespace archive_news::internal {

// The error with "article '<id>': " before its reason, once: a damaged record or image deep in a
// bundle of thousands is found by its article's id, not by an offset alone.
inline Error inArticle(const Error& error, const std::string& id) {
  const std::string prefix = "article '" + id + "': ";
  if (error.reason().starts_with(prefix)) return error;
  return Error(error.code(), error.file(), error.offset(), prefix + error.reason());
}

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_ARTICLE_ERROR_H_
