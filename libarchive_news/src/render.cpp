// Plain text and Markdown renderings of an article, for `newsarc show`.
#include <archive_news/render.h>

#include <string>
#include <type_traits>
#include <variant>

namespace archive_news {
namespace {

std::string bylineText(const Byline& byline) {
  std::string out = byline.name;
  if (byline.role) out += " (" + *byline.role + ")";
  if (byline.email) out += " <" + *byline.email + ">";
  return out;
}

std::string dateLine(const Article& article) {
  std::string out;
  if (article.firstcreated) out = *article.firstcreated;
  if (article.versioncreated && article.versioncreated != article.firstcreated) {
    out += (out.empty() ? "updated " : ", updated ") + *article.versioncreated;
  }
  if (article.located) out += (out.empty() ? "" : ", ") + *article.located;
  return out;
}

std::string imageNote(const Image& image) {
  std::string out;
  if (image.caption) out = *image.caption;
  std::string credit = image.credit.value_or(image.byline.value_or(""));
  if (!credit.empty()) out += (out.empty() ? "" : " ") + std::string("(") + credit + ")";
  return out;
}

// Markdown's special characters at the start of a line or inside text, escaped so that text
// from an article is never read as markup.
std::string escapeMarkdown(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        c == '>' || c == '#' || c == '|') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A link target: spaces and parentheses percent-encoded so the file name stays one target.
std::string markdownTarget(const std::string& fileName) {
  std::string out;
  for (const char c : fileName) {
    if (c == ' ') {
      out += "%20";
    } else if (c == '(') {
      out += "%28";
    } else if (c == ')') {
      out += "%29";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string renderArticleText(const Article& article) {
  std::string out = article.headline + "\n";
  for (const std::string& sub : article.subheadlines) out += "  " + sub + "\n";
  out += "\n";
  for (const Byline& byline : article.bylines) out += "By " + bylineText(byline) + "\n";
  const std::string date = dateLine(article);
  if (!date.empty()) out += date + "\n";
  if (article.publisher) out += *article.publisher + "\n";
  if (article.url) out += *article.url + "\n";
  for (const Block& block : article.body) {
    out += "\n";
    std::visit(
        [&](const auto& item) {
          using T = std::decay_t<decltype(item)>;
          if constexpr (std::is_same_v<T, Paragraph>) {
            out += item.text + "\n";
          } else if constexpr (std::is_same_v<T, Heading>) {
            out += item.text + "\n" + std::string(item.text.size() > 0 ? 4 : 0, '-') + "\n";
          } else if constexpr (std::is_same_v<T, Quote>) {
            out += "  \"" + item.text + "\"";
            if (item.attribution) out += " — " + *item.attribution;
            out += "\n";
          } else if constexpr (std::is_same_v<T, ImageBlock>) {
            const Image& image = article.images[item.image];
            const std::string note = imageNote(image);
            out += "[image: " + image.fileName + "]" + (note.empty() ? "" : " " + note) + "\n";
          } else {
            const Attachment& attachment = article.attachments[item.attachment];
            out += "[attachment: " + attachment.fileName + "]" +
                   (attachment.description ? " " + *attachment.description : "") + "\n";
          }
        },
        block);
  }
  if (!article.attachments.empty()) {
    out += "\nAttachments:\n";
    for (const Attachment& attachment : article.attachments) {
      out += "  " + attachment.fileName + " (" + attachment.mediatype + ")" +
             (attachment.description ? ": " + *attachment.description : "") + "\n";
    }
  }
  if (article.copyrightnotice) out += "\n" + *article.copyrightnotice + "\n";
  return out;
}

std::string renderArticleMarkdown(const Article& article) {
  std::string out = "# " + escapeMarkdown(article.headline) + "\n\n";
  for (const std::string& sub : article.subheadlines) out += "## " + escapeMarkdown(sub) + "\n\n";
  for (const Byline& byline : article.bylines) {
    out += "*By " + escapeMarkdown(bylineText(byline)) + "*  \n";
  }
  const std::string date = dateLine(article);
  if (!date.empty()) out += escapeMarkdown(date) + "\n";
  for (const Block& block : article.body) {
    out += "\n";
    std::visit(
        [&](const auto& item) {
          using T = std::decay_t<decltype(item)>;
          if constexpr (std::is_same_v<T, Paragraph>) {
            out += escapeMarkdown(item.text) + "\n";
          } else if constexpr (std::is_same_v<T, Heading>) {
            out += std::string(item.level, '#') + " " + escapeMarkdown(item.text) + "\n";
          } else if constexpr (std::is_same_v<T, Quote>) {
            out += "> " + escapeMarkdown(item.text) + "\n";
            if (item.attribution) out += ">\n> — " + escapeMarkdown(*item.attribution) + "\n";
          } else if constexpr (std::is_same_v<T, ImageBlock>) {
            const Image& image = article.images[item.image];
            out += "![" + escapeMarkdown(image.alt.value_or(image.caption.value_or(image.name))) +
                   "](" + markdownTarget(image.fileName) + ")\n";
            const std::string note = imageNote(image);
            if (!note.empty()) out += "\n*" + escapeMarkdown(note) + "*\n";
          } else {
            const Attachment& attachment = article.attachments[item.attachment];
            out += "[" + escapeMarkdown(attachment.description.value_or(attachment.fileName)) +
                   "](" + markdownTarget(attachment.fileName) + ")\n";
          }
        },
        block);
  }
  if (!article.attachments.empty()) {
    out += "\n## Attachments\n\n";
    for (const Attachment& attachment : article.attachments) {
      out += "- [" + escapeMarkdown(attachment.fileName) + "](" +
             markdownTarget(attachment.fileName) + ") (" + attachment.mediatype + ")" +
             (attachment.description ? ": " + escapeMarkdown(*attachment.description) : "") + "\n";
    }
  }
  if (article.copyrightnotice) out += "\n" + escapeMarkdown(*article.copyrightnotice) + "\n";
  return out;
}

}  // namespace archive_news
