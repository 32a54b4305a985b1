// Plain text and Markdown renderings of an article, for `newsarc show`.
#include <archive_news/render.h>
#include <archive_news/terminal_text.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <variant>

namespace archive_news {
namespace {

// Every piece of article text below goes through safe(): both renderings are read in terminals
// (Markdown is often just paged), and the article is someone else's text.
std::string safe(const std::string& text) { return terminalSafe(text); }

std::string bylineText(const Byline& byline) {
  std::string out = safe(byline.name);
  if (byline.role) out += " (" + safe(*byline.role) + ")";
  if (byline.email) out += " <" + safe(*byline.email) + ">";
  return out;
}

std::string dateLine(const Article& article) {
  std::string out;
  if (article.firstcreated) out = safe(*article.firstcreated);
  if (article.versioncreated && article.versioncreated != article.firstcreated) {
    out += (out.empty() ? "updated " : ", updated ") + safe(*article.versioncreated);
  }
  if (article.located) out += (out.empty() ? "" : ", ") + safe(*article.located);
  return out;
}

std::string imageNote(const Image& image) {
  std::string out;
  if (image.caption) out = safe(*image.caption);
  std::string credit = safe(image.credit.value_or(image.byline.value_or("")));
  if (!credit.empty()) out += (out.empty() ? "" : " ") + std::string("(") + credit + ")";
  return out;
}

// Text wrapped to `width` columns (0: not wrapped), each line after `indent`.
std::string wrapped(const std::string& text, std::size_t width, const std::string& indent = "") {
  std::string out;
  const std::size_t room = width > indent.size() ? width - indent.size() : 0;
  for (const std::string& line :
       wrapToWidth(text, width == 0 ? 0 : std::max<std::size_t>(room, 1))) {
    out += indent + line + "\n";
  }
  return out;
}

// Terminal-safe text with Markdown's special characters escaped, so that text from an article is
// never read as markup: inline ones anywhere, and the ones that open a block (a list item, a
// setext underline, a fence, an ordered list's "1.") at the start. terminalSafe() has already
// turned every newline into "\n", so the start of the text is the only start of a line.
std::string escapeMarkdown(const std::string& raw) {
  const std::string text = safe(raw);
  std::string out;
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool blockStart = (i == 0 && (c == '-' || c == '+' || c == '=' || c == '~')) ||
                            (i == digits && digits > 0 && (c == '.' || c == ')'));
    if (blockStart || c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' ||
        c == '<' || c == '>' || c == '#' || c == '|' || c == '&') {
      out += '\\';
    }
    out += c;
  }
  return out;
}

// A link target: spaces and parentheses percent-encoded so the file name stays one target.
std::string markdownTarget(const std::string& fileName) {
  std::string out;
  for (const char c : safe(fileName)) {
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

std::string renderArticleText(const Article& article, const TextRenderOptions& options) {
  const std::size_t width = options.width;
  std::string out = safe(article.headline) + "\n";
  for (const std::string& sub : article.subheadlines) out += "  " + safe(sub) + "\n";
  out += "\n";
  for (const Byline& byline : article.bylines) out += "By " + bylineText(byline) + "\n";
  const std::string date = dateLine(article);
  if (!date.empty()) out += date + "\n";
  if (article.publisher) out += safe(*article.publisher) + "\n";
  if (article.url) out += safe(*article.url) + "\n";
  if (article.pubstatus) out += "Status: " + safe(*article.pubstatus) + "\n";
  for (const Block& block : article.body) {
    out += "\n";
    std::visit(
        [&](const auto& item) {
          using T = std::decay_t<decltype(item)>;
          if constexpr (std::is_same_v<T, Paragraph>) {
            out += wrapped(safe(item.text), width);
          } else if constexpr (std::is_same_v<T, Heading>) {
            out += safe(item.text) + "\n" + std::string(item.text.size() > 0 ? 4 : 0, '-') + "\n";
          } else if constexpr (std::is_same_v<T, Quote>) {
            std::string quote = "\"" + safe(item.text) + "\"";
            if (item.attribution) quote += " — " + safe(*item.attribution);
            out += wrapped(quote, width, "  ");
          } else if constexpr (std::is_same_v<T, ImageBlock>) {
            const Image& image = article.images[item.image];
            const std::string note = imageNote(image);
            out +=
                "[image: " + safe(image.fileName) + "]" + (note.empty() ? "" : " " + note) + "\n";
          } else {
            const Attachment& attachment = article.attachments[item.attachment];
            out += "[attachment: " + safe(attachment.fileName) + "]" +
                   (attachment.description ? " " + safe(*attachment.description) : "") + "\n";
          }
        },
        block);
  }
  if (!article.attachments.empty()) {
    out += "\nAttachments:\n";
    for (const Attachment& attachment : article.attachments) {
      out += "  " + safe(attachment.fileName) + " (" + safe(attachment.mediatype) + ")" +
             (attachment.description ? ": " + safe(*attachment.description) : "") + "\n";
    }
  }
  if (article.copyrightnotice) out += "\n" + wrapped(safe(*article.copyrightnotice), width);
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
  if (article.pubstatus) out += "\nStatus: " + escapeMarkdown(*article.pubstatus) + "\n";
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
             markdownTarget(attachment.fileName) + ") (" + escapeMarkdown(attachment.mediatype) +
             ")" + (attachment.description ? ": " + escapeMarkdown(*attachment.description) : "") +
             "\n";
    }
  }
  if (article.copyrightnotice) out += "\n" + escapeMarkdown(*article.copyrightnotice) + "\n";
  return out;
}

}  // namespace archive_news
