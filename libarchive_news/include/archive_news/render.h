// Articles as text for people: plain text for a terminal, Markdown and HTML. Each shows the
// headline, subheadlines, bylines, date and place, the body with each image's caption and credit
// at its place, and the list of attachments.
#ifndef ARCHIVE_NEWS_RENDER_H_
#define ARCHIVE_NEWS_RENDER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>

#include <cstddef>
#include <string>

namespace archive_news {

struct TextRenderOptions {
  // Wrap paragraphs, quotes and the copyright notice to this many columns (displayWidth), at
  // spaces; 0: lines are not wrapped.
  std::size_t width = 0;
};

// Plain text, paragraphs separated by blank lines. Images appear as
// "[image: name.jpg] caption (credit)"; attachments as "[attachment: file.pdf] description".
// Every text of the article is terminalSafe() (terminal_text.h): a field is always one line.
ARCHIVE_NEWS_EXPORT std::string renderArticleText(const Article& article,
                                                  const TextRenderOptions& options = {});

// CommonMark. Images are linked by their file name, relative to the article folder that extract
// writes, so the Markdown placed beside article.json shows them. Every text is terminalSafe() and
// then escaped, so that no text of the article makes markup or a line of its own.
ARCHIVE_NEWS_EXPORT std::string renderArticleMarkdown(const Article& article);

struct HtmlPageOptions {
  // Link to this style sheet (articleHtmlStyleSheet() as a file); empty: the style inline.
  std::string styleSheetHref;
  // Put before each image's and attachment's URL-encoded file name: "files/" when the files lie
  // in a folder beside the page; empty when they lie beside it, as extract's article folders do.
  std::string filesPrefix;
  // A link back to an index page; empty: none.
  std::string indexHref;
};

// A complete HTML5 page (UTF-8) that needs nothing outside the page, its style sheet and the
// article's files: no script, font or remote resource. Every image stands at its place with its
// alt text, caption, credit and byline (images the body does not place follow it); attachments
// are linked; the copyright notice, usage terms, keywords and source close the page. All article
// text is escaped; only http(s) URLs become links.
ARCHIVE_NEWS_EXPORT std::string renderArticleHtml(const Article& article,
                                                  const HtmlPageOptions& options = {});

// The style sheet the pages use, for a site that shares one file among its pages.
ARCHIVE_NEWS_EXPORT std::string articleHtmlStyleSheet();

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_RENDER_H_
