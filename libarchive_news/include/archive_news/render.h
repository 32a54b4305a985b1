// Articles as text for people: plain text for a terminal and Markdown. Both show the headline,
// subheadlines, bylines, date and place, the body with each image's caption and credit at its
// place, and the list of attachments.
#ifndef ARCHIVE_NEWS_RENDER_H_
#define ARCHIVE_NEWS_RENDER_H_

#include <archive_news/article.h>
#include <archive_news/export.h>

#include <string>

namespace archive_news {

// Plain text, paragraphs separated by blank lines, lines not wrapped. Images appear as
// "[image: name.jpg] caption (credit)"; attachments as "[attachment: file.pdf] description".
ARCHIVE_NEWS_EXPORT std::string renderArticleText(const Article& article);

// CommonMark. Images are linked by their file name, relative to the article folder that extract
// writes, so the Markdown placed beside article.json shows them.
ARCHIVE_NEWS_EXPORT std::string renderArticleMarkdown(const Article& article);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_RENDER_H_
