// Fuzz target: the ninjs reader and writer. Asserts that parseNinjs on any text either throws
// archive_news::Error(kInvalidArgument) or returns articles that pass validateArticle, and that
// formatNinjs then parseNinjs gives each article back (and the same text when formatted again),
// whatever the HTML of its bodies or the JSON kept in its extra.
#include <archive_news/error.h>
#include <archive_news/ninjs.h>

#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  NinjsDocument document;
  try {
    document = parseNinjs(newsarc_fuzz::asText(data, size), "fuzz.ninjs.json", true);
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  for (const Article& article : document.articles) {
    validateArticle(article, "fuzz.ninjs.json");  // throws, and so aborts, if it does not hold
    const std::string text = formatNinjs(article);
    const NinjsDocument again = parseNinjs(text, "fuzz/formatted.json");
    FUZZ_ASSERT(again.articles.size() == 1 && again.articles[0] == article);
    FUZZ_ASSERT(formatNinjs(again.articles[0]) == text);
  }
  return 0;
}
