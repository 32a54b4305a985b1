// An article of a served bundle: the HTML export's page, its files below its own URL.
#include <archive_news/browse.h>
#include <archive_news/render.h>

namespace archive_news {

std::string renderBrowsedArticle(const Article& article, const std::string& backHref) {
  HtmlPageOptions options;
  options.styleSheetHref = "/style.css";
  options.filesPrefix = "files/";  // below articlePath(), which ends with '/'
  options.indexHref = backHref;
  return renderArticleHtml(article, options);
}

}  // namespace archive_news
