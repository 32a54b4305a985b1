// A hit's snippet: Xapian chooses the piece of text and the words that match (stemmed and
// folded as the query was, CJK n-grams included); this turns its HTML answer back into the
// article's own bytes and the byte ranges to highlight.
#ifndef ARCHIVE_NEWS_TOOLKIT_SEARCH_SNIPPET_H_
#define ARCHIVE_NEWS_TOOLKIT_SEARCH_SNIPPET_H_

#include <archive_news/search.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace archive_news::internal {

// Fills hit.snippet, highlights and the cut flags from the best of `texts` (the one with the most
// matches, the first on a tie), or from the start of the first text when none matches.
void makeSnippet(const Xapian::MSet& matches, const std::vector<const std::string*>& texts,
                 std::size_t bytes, SearchHit& hit);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SEARCH_SNIPPET_H_
