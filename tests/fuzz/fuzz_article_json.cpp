// Fuzz target: the article.json parser. Asserts that parseArticleJson on any text either throws
// archive_news::Error(kInvalidArgument) or returns an article that passes validateArticle, and
// that formatting that article and parsing the result again gives the same article.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>

#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Article article;
  try {
    article = parseArticleJson(newsarc_fuzz::asText(data, size), "fuzz/article.json");
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  validateArticle(article, "fuzz/article.json");  // throws, and so aborts, if it does not hold
  std::string again = formatArticleJson(article);
  FUZZ_ASSERT(parseArticleJson(again, "fuzz/formatted.json") == article);
  return 0;
}
