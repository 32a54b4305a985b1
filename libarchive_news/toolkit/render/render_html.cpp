// An article as an HTML page that opens straight from disk: no script, no remote resource, every
// piece of article text escaped.
#include <archive_news/render.h>

#include <map>
#include <set>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "toolkit/render/html_page.h"
#include "toolkit/render/html_text.h"

namespace archive_news {
namespace {

using internal::escapeHtml;
using internal::escapeHtmlLines;

std::string lowerAscii(std::string text) {
  for (char& c : text) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return text;
}

bool isSvgName(const std::string& fileName) {
  return fileName.size() > 4 && lowerAscii(fileName.substr(fileName.size() - 4)) == ".svg";
}

// Where a page's images and attachments lie: the prefix and the names htmlFiles() gives them.
class FileLinks {
 public:
  FileLinks(const Article& article, const HtmlPageOptions& options)
      : prefix_(options.filesPrefix), files_(htmlFiles(article)) {}

  // The escaped URL of an image's (or an attachment's) file.
  std::string href(const std::string& fileName, bool image) const {
    for (const HtmlFile& file : files_) {
      if (file.fileName == fileName && file.image == image) {
        return escapeHtml(prefix_ + internal::urlPath(file.htmlName));
      }
    }
    // Not reached: htmlFiles() lists every image and attachment. Inert all the same.
    return escapeHtml(prefix_ + internal::urlPath(fileName + ".txt"));
  }

  // An attachment's link: a download, under the file's own name, of the file written under a
  // name that opens inertly should the browser ignore "download" (as it may for file:// URLs).
  std::string attachmentLink(const Attachment& attachment, const std::string& textHtml) const {
    const std::string& name = attachment.fileName;
    return "<a href=\"" + href(name, false) + "\" download=\"" +
           escapeHtml(name.substr(name.rfind('/') + 1)) + "\">" + textHtml + "</a>";
  }

 private:
  std::string prefix_;
  std::vector<HtmlFile> files_;
};

std::string timeElement(const std::string& time) {
  return "<time datetime=\"" + escapeHtml(time) + "\">" + escapeHtml(internal::displayTime(time)) +
         "</time>";
}

std::string bylineHtml(const Byline& byline) {
  std::string out = "<span class=\"name\">" + escapeHtml(byline.name) + "</span>";
  if (byline.role) out += " <span class=\"role\">(" + escapeHtml(*byline.role) + ")</span>";
  if (byline.email) {
    // Percent-encoded whole but for the '@' that mail programs look for.
    std::string address = internal::urlPath(*byline.email);
    for (std::size_t at = address.find("%40"); at != std::string::npos; at = address.find("%40"))
      address.replace(at, 3, "@");
    out += " <a class=\"email\" href=\"mailto:" + escapeHtml(address) + "\">" +
           escapeHtml(*byline.email) + "</a>";
  }
  return out;
}

// A withheld or canceled article says so above its headline, before anything is read as news.
std::string statusNotice(const Article& article) {
  if (article.pubstatus == "withheld") {
    return "<p class=\"pubstatus\" role=\"note\"><strong>Withheld</strong>: the source marked "
           "this article not to be published for now.</p>\n";
  }
  if (article.pubstatus == "canceled") {
    return "<p class=\"pubstatus\" role=\"note\"><strong>Canceled</strong>: the source "
           "withdrew this article.</p>\n";
  }
  return {};
}

std::string header(const Article& article) {
  std::string out = "<header>\n" + statusNotice(article);
  if (article.section) out += "<p class=\"section\">" + escapeHtml(*article.section) + "</p>\n";
  out += "<h1>" + escapeHtml(article.headline) + "</h1>\n";
  for (const std::string& sub : article.subheadlines) {
    out += "<p class=\"subheadline\">" + escapeHtml(sub) + "</p>\n";
  }
  if (!article.bylines.empty()) {
    out += "<p class=\"bylines\">By ";
    for (std::size_t i = 0; i < article.bylines.size(); ++i) {
      out += (i == 0                            ? ""
              : i + 1 == article.bylines.size() ? " and "
                                                : ", ") +
             bylineHtml(article.bylines[i]);
    }
    out += "</p>\n";
  }
  std::string meta;
  if (article.firstcreated) meta = timeElement(*article.firstcreated);
  if (article.versioncreated && article.versioncreated != article.firstcreated) {
    meta += (meta.empty() ? "Updated " : ", updated ") + timeElement(*article.versioncreated);
  }
  for (const std::optional<std::string>& part : {article.located, article.publisher}) {
    if (part) meta += (meta.empty() ? "" : " · ") + escapeHtml(*part);
  }
  if (!meta.empty()) out += "<p class=\"dateline\">" + meta + "</p>\n";
  return out + "</header>\n";
}

std::string figure(const Image& image, const FileLinks& links) {
  std::string out = "<figure class=\"image\">\n<img src=\"" + links.href(image.fileName, true) +
                    "\" alt=\"" + escapeHtml(image.alt.value_or("")) + "\"";
  if (image.width > 0 && image.height > 0) {
    out += " width=\"" + std::to_string(image.width) + "\" height=\"" +
           std::to_string(image.height) + "\"";
  }
  out += ">\n";
  std::string caption;
  if (image.caption) {
    caption = "<span class=\"caption\">" + escapeHtmlLines(*image.caption) + "</span>";
  } else if (image.alt) {
    // Without a caption the alt text is the only description there is: shown, not just kept.
    caption = "<span class=\"alt\">" + escapeHtml(*image.alt) + "</span>";
  }
  std::string credits;
  if (image.byline) credits = "<span class=\"byline\">" + escapeHtml(*image.byline) + "</span>";
  if (image.credit) {
    credits += (credits.empty() ? "" : " / ") + std::string("<span class=\"credit\">") +
               escapeHtml(*image.credit) + "</span>";
  }
  if (!credits.empty()) credits = "<span class=\"credits\">" + credits + "</span>";
  if (!caption.empty() || !credits.empty()) {
    out += "<figcaption>" + caption + (caption.empty() || credits.empty() ? "" : " ") + credits +
           "</figcaption>\n";
  }
  return out + "</figure>\n";
}

std::string fileFacts(const Attachment& attachment) {
  return "<span class=\"facts\">" + escapeHtml(attachment.mediatype) + ", " +
         displaySize(attachment.content.size) + "</span>";
}

std::string attachmentParagraph(const Attachment& attachment, const FileLinks& links) {
  return "<p class=\"attachment\">" +
         links.attachmentLink(attachment,
                              escapeHtml(attachment.description.value_or(attachment.fileName))) +
         " " + fileFacts(attachment) + "</p>\n";
}

std::string quote(const Quote& item) {
  std::string out = "<figure class=\"quote\">\n<blockquote><p>" + escapeHtmlLines(item.text) +
                    "</p></blockquote>\n";
  if (item.attribution) {
    out += "<figcaption>— " + escapeHtml(*item.attribution) + "</figcaption>\n";
  }
  return out + "</figure>\n";
}

std::string block(const Article& article, const Block& block, const FileLinks& links) {
  return std::visit(
      [&](const auto& item) -> std::string {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, Paragraph>) {
          return "<p>" + escapeHtmlLines(item.text) + "</p>\n";
        } else if constexpr (std::is_same_v<T, Heading>) {
          // The headline is the page's only <h1>: body headings start at <h2>.
          const std::string tag = "h" + std::to_string(item.level < 2 ? 2 : item.level);
          return "<" + tag + ">" + escapeHtml(item.text) + "</" + tag + ">\n";
        } else if constexpr (std::is_same_v<T, Quote>) {
          return quote(item);
        } else if constexpr (std::is_same_v<T, ImageBlock>) {
          return figure(article.images.at(item.image), links);
        } else {
          return attachmentParagraph(article.attachments.at(item.attachment), links);
        }
      },
      block);
}

std::string body(const Article& article, const FileLinks& links) {
  std::string out = "<div class=\"body\">\n";
  std::set<std::uint32_t> placed;
  for (const Block& item : article.body) {
    out += block(article, item, links);
    if (const auto* image = std::get_if<ImageBlock>(&item)) placed.insert(image->image);
  }
  out += "</div>\n";
  if (placed.size() < article.images.size()) {
    out += "<section class=\"images\">\n<h2>Images</h2>\n";
    for (std::uint32_t i = 0; i < article.images.size(); ++i) {
      if (placed.count(i) == 0) out += figure(article.images[i], links);
    }
    out += "</section>\n";
  }
  if (!article.attachments.empty()) {
    out += "<section class=\"attachments\">\n<h2>Attachments</h2>\n<ul>\n";
    for (const Attachment& attachment : article.attachments) {
      out += "<li>" + links.attachmentLink(attachment, escapeHtml(attachment.fileName)) + " " +
             fileFacts(attachment);
      if (attachment.description) {
        out += "<br><span class=\"description\">" + escapeHtml(*attachment.description) + "</span>";
      }
      out += "</li>\n";
    }
    out += "</ul>\n</section>\n";
  }
  return out;
}

std::string term(const std::string& name, const std::string& valueHtml) {
  return "<dt>" + escapeHtml(name) + "</dt><dd>" + valueHtml + "</dd>\n";
}

// A link only for a web address: a "javascript:" or "data:" URL in an article stays text.
std::string sourceHtml(const std::string& url) {
  if (!internal::isWebUrl(url)) return escapeHtml(url);
  return "<a href=\"" + escapeHtml(url) + "\" rel=\"noreferrer\">" + escapeHtml(url) + "</a>";
}

std::string record(const Article& article) {
  std::string out = "<footer class=\"record\">\n";
  if (article.copyrightnotice) {
    out += "<p class=\"rights\">" + escapeHtmlLines(*article.copyrightnotice) + "</p>\n";
  }
  if (article.usageterms) {
    out += "<p class=\"usage\">" + escapeHtmlLines(*article.usageterms) + "</p>\n";
  }
  out += "<dl>\n";
  if (!article.keywords.empty()) {
    std::string list = "<ul class=\"keywords\">";
    for (const std::string& keyword : article.keywords) {
      list += "<li>" + escapeHtml(keyword) + "</li>";
    }
    out += term("Keywords", list + "</ul>");
  }
  if (article.url) out += term("Source", sourceHtml(*article.url));
  if (article.language) out += term("Language", escapeHtml(*article.language));
  if (article.pubstatus) out += term("Status", escapeHtml(*article.pubstatus));
  out += term("Article id", "<code>" + escapeHtml(article.uri) + "</code>");
  for (const KeyValue& extra : article.extra) out += term(extra.key, escapeHtml(extra.value));
  return out + "</dl>\n</footer>\n";
}

}  // namespace

std::vector<HtmlFile> htmlFiles(const Article& article) {
  std::vector<HtmlFile> files;
  auto add = [&files](const std::string& fileName, bool image) {
    for (const HtmlFile& file : files) {
      if (file.fileName == fileName && file.image == image) return;
    }
    files.push_back({fileName, "", image});
  };
  for (const Image& image : article.images) add(image.fileName, true);
  for (const Attachment& attachment : article.attachments) add(attachment.fileName, false);
  // The names that stay first, so that no ".txt" added can take one of them.
  std::set<std::string> taken;
  for (HtmlFile& file : files) {
    if (internal::isInertFileName(file.fileName) || (file.image && isSvgName(file.fileName))) {
      file.htmlName = file.fileName;
      taken.insert(lowerAscii(file.fileName));
    }
  }
  std::map<std::string, std::string> renamed;  // one file used as image and attachment: one name
  for (HtmlFile& file : files) {
    if (!file.htmlName.empty()) continue;
    std::string& name = renamed[file.fileName];
    if (name.empty()) {
      name = file.fileName + ".txt";
      for (int n = 2; taken.count(lowerAscii(name)) > 0; ++n) {
        name = file.fileName + "-" + std::to_string(n) + ".txt";
      }
      taken.insert(lowerAscii(name));
    }
    file.htmlName = name;
  }
  return files;
}

std::string renderArticleHtml(const Article& article, const HtmlPageOptions& options) {
  std::string out = internal::pageStart(article.headline, options.styleSheetHref);
  if (!options.indexHref.empty()) {
    out += "<nav><a href=\"" + escapeHtml(options.indexHref) + "\">← All articles</a></nav>\n";
  }
  // The article's own language for its text; the page's few labels are English.
  out += "<article lang=\"" + escapeHtml(article.language.value_or("")) + "\" dir=\"auto\">\n";
  out += header(article) + body(article, FileLinks(article, options)) + record(article);
  return out + "</article>\n" + internal::pageEnd();
}

}  // namespace archive_news
