// Articles as text for people: plain text for a terminal, Markdown and HTML. Each shows the
// headline, subheadlines, bylines, date and place, the body with each image's caption and credit
// at its place, and the list of attachments.
#ifndef ARCHIVE_NEWS_RENDER_H_
#define ARCHIVE_NEWS_RENDER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

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
// are linked, as downloads under their own names; the copyright notice, usage terms, keywords and
// source close the page. All article text is escaped; only http(s) URLs become links. The page
// expects each file under the htmlName that htmlFiles() gives it.
ARCHIVE_NEWS_EXPORT std::string renderArticleHtml(const Article& article,
                                                  const HtmlPageOptions& options = {});

// A file of an article as the HTML page links it: `fileName` as the article names it, written
// as `htmlName` (after HtmlPageOptions::filesPrefix) so that opening it from the page runs
// nothing. htmlName is fileName itself when browsers show such a file passively or only offer to
// save it (photo.jpg, report.pdf, notes.txt), and for an SVG image (an <img> runs no script, and
// no link leads to it); otherwise fileName with ".txt" added (page.html.txt, x.svg.txt,
// README.txt), which browsers show as plain text, or "-2.txt", "-3.txt"... when the article has
// that name already (ASCII case ignored).
struct HtmlFile {
  std::string fileName;
  std::string htmlName;
  bool image = false;  // an image's file, shown by an <img>; else an attachment's, linked
};

// Every image's file, then every attachment's, in the article's order, each (fileName, image)
// once: the files a page of renderArticleHtml() links, and the names it links them by.
ARCHIVE_NEWS_EXPORT std::vector<HtmlFile> htmlFiles(const Article& article);

// The style sheet the pages use, for a site that shares one file among its pages.
ARCHIVE_NEWS_EXPORT std::string articleHtmlStyleSheet();

// A size for people, in decimal units as file managers show them: "17 B", "6.2 KB", "15 KB",
// "355 KB", "1.4 MB". One decimal below 10 of a unit, none from 10 on, rounded as printf rounds
// (to the nearest, ties to even, on the exact binary value: 1,250 bytes is "1.2 KB"). Pages show
// attachments' sizes so, and newsarc its sizes (list, info, pack, progress).
ARCHIVE_NEWS_EXPORT std::string displaySize(std::uint64_t bytes);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_RENDER_H_
