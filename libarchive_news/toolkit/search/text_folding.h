// Case and accents folded as a reader of any language expects of a search: "Éclair", "eclair"
// and "ÉCLAIR" are one word. Xapian lowercases each word itself; this removes what NFD
// decomposition shows to be marks (é -> e, ñ -> n, Å -> A), keeping Hangul syllables, which NFD
// would split into their letters.
#ifndef ARCHIVE_NEWS_TOOLKIT_SEARCH_TEXT_FOLDING_H_
#define ARCHIVE_NEWS_TOOLKIT_SEARCH_TEXT_FOLDING_H_

#include <xapian.h>

#include <string>
#include <string_view>

namespace archive_news::internal {

// `word` (UTF-8) without its combining marks.
std::string withoutAccents(std::string_view word);

// The same as a Xapian stemmer, so that the term generator, the query parser and the snippet
// maker fold every word the same way (STEM_ALL: the folded form is the only term).
Xapian::Stem accentFoldingStemmer();

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_SEARCH_TEXT_FOLDING_H_
