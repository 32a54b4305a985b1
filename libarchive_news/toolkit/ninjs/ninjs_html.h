// Body text as HTML, for ninjs `bodies`: the article's blocks written as HTML, and blocks read back
// from HTML. What the model has no block for is read as text (spec/NINJS.md, HTML bodies).
#ifndef ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_HTML_H_
#define ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_HTML_H_

#include <archive_news/article.h>

#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal::ninjs {

// The blocks as HTML, one element a line: <p>, <h1>..<h6>, <blockquote> (attribution in a
// <footer>), images as <figure><img data-assoc-ref="name" ...> and attachments as
// <p><a data-assoc-ref="name" ...>. blocksFromHtml(bodyHtml(a), a) == a.body.
std::string bodyHtml(const Article& article);

// Blocks from HTML. Images and attachments are those of `article`, found by data-assoc-ref (their
// name) or else by src / href (their file name). Never throws: markup it does not know is read for
// its text.
std::vector<Block> blocksFromHtml(std::string_view html, const Article& article);

// Paragraphs from plain text: one a line, lines holding only white space skipped.
std::vector<Block> blocksFromPlainText(std::string_view text);

// HTML text with &, <, > (and " in attributes) escaped, and nothing else changed. Not
// internal::escapeHtml (html_text.h), which turns control bytes into U+FFFD for display: a ninjs
// body must read back (blocksFromHtml) to exactly the text it was written from.
std::string encodeHtmlLossless(std::string_view text, bool attribute);

}  // namespace archive_news::internal::ninjs

#endif  // ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_HTML_H_
