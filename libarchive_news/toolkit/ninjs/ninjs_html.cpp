// HTML bodies. Writing is one element a line from the blocks. Reading is a small tolerant
// tokenizer feeding a block builder: it never fails, never recurses (nesting costs nothing), and
// takes text exactly as written, entities decoded, so that what it writes it reads back the same.
#include "toolkit/ninjs/ninjs_html.h"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "toolkit/ninjs/ninjs_model.h"

namespace archive_news::internal::ninjs {
namespace {

// Named character references beyond the five of XML: all of Latin-1 (U+00A0 to U+00FF, in order)
// and the punctuation news text uses. Others are kept as written.
constexpr std::array<std::string_view, 96> kLatin1Entities = {
    "nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",    "brvbar", "sect",   "uml",
    "copy",   "ordf",   "laquo",  "not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
    "sup2",   "sup3",   "acute",  "micro",  "para",   "middot", "cedil",  "sup1",   "ordm",
    "raquo",  "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
    "Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute", "Ecirc",  "Euml",   "Igrave",
    "Iacute", "Icirc",  "Iuml",   "ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
    "Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",  "Uuml",   "Yacute", "THORN",
    "szlig",  "agrave", "aacute", "acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
    "egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute", "icirc",  "iuml",   "eth",
    "ntilde", "ograve", "oacute", "ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
    "uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml"};

constexpr std::pair<std::string_view, char32_t> kOtherEntities[] = {
    {"amp", U'&'},         {"lt", U'<'},          {"gt", U'>'},          {"quot", U'"'},
    {"apos", U'\''},       {"ndash", U'\u2013'},  {"mdash", U'\u2014'},  {"lsquo", U'\u2018'},
    {"rsquo", U'\u2019'},  {"sbquo", U'\u201a'},  {"ldquo", U'\u201c'},  {"rdquo", U'\u201d'},
    {"bdquo", U'\u201e'},  {"hellip", U'\u2026'}, {"bull", U'\u2022'},   {"euro", U'\u20ac'},
    {"trade", U'\u2122'},  {"ensp", U'\u2002'},   {"emsp", U'\u2003'},   {"thinsp", U'\u2009'},
    {"zwnj", U'\u200c'},   {"zwj", U'\u200d'},    {"lrm", U'\u200e'},    {"rlm", U'\u200f'},
    {"dagger", U'\u2020'}, {"Dagger", U'\u2021'}, {"permil", U'\u2030'}, {"lsaquo", U'\u2039'},
    {"rsaquo", U'\u203a'}, {"prime", U'\u2032'},  {"Prime", U'\u2033'},  {"minus", U'\u2212'},
};

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

bool isBlank(std::string_view text) {
  for (const char c : text) {
    if (!isSpace(c)) return false;
  }
  return true;
}

bool isAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

void appendUtf8(std::string& out, char32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
}

std::optional<char32_t> namedEntity(std::string_view name) {
  for (std::size_t i = 0; i < kLatin1Entities.size(); ++i) {
    if (kLatin1Entities[i] == name) return static_cast<char32_t>(0xa0 + i);
  }
  for (const auto& [known, code] : kOtherEntities) {
    if (known == name) return code;
  }
  return std::nullopt;
}

// The code point of "#123" or "#x7b", when it is one text may hold (not U+0000, no surrogate).
std::optional<char32_t> numericEntity(std::string_view body) {
  const bool hex = body.size() > 1 && (body[1] == 'x' || body[1] == 'X');
  const std::string_view digits = body.substr(hex ? 2 : 1);
  if (digits.empty() || digits.size() > 8) return std::nullopt;
  std::uint32_t code = 0;
  for (const char c : digits) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (hex && c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (hex && c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
  }
  if (code == 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return std::nullopt;
  return static_cast<char32_t>(code);
}

// Text with character references decoded; a reference that is not one stays as written.
std::string decodeEntities(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t semicolon = text.find(';', i + 1);
    if (semicolon != std::string_view::npos && semicolon - i <= 33) {
      const std::string_view body = text.substr(i + 1, semicolon - i - 1);
      const std::optional<char32_t> code =
          body.starts_with("#") ? numericEntity(body) : namedEntity(body);
      if (code) {
        appendUtf8(out, *code);
        i = semicolon;
        continue;
      }
    }
    out += '&';
  }
  return out;
}

struct Tag {
  std::string name;  // lower case
  bool end = false;
  std::vector<std::pair<std::string, std::string>> attributes;  // names lower case, values decoded

  std::optional<std::string> attribute(std::string_view wanted) const {
    for (const auto& [name, value] : attributes) {
      if (name == wanted) return value;
    }
    return std::nullopt;
  }
};

bool isHeading(std::string_view name) {
  return name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6';
}

// Elements whose start ends running text and whose end closes a paragraph: HTML's block-level
// elements, except those the builder handles by name.
bool isBlockLevel(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "address", "article", "aside",    "body",  "caption", "details", "dialog",
      "div",     "dl",      "fieldset", "form",  "header",  "hgroup",  "hr",
      "html",    "main",    "menu",     "nav",   "ol",      "section", "summary",
      "table",   "tbody",   "tfoot",    "thead", "tr",      "ul",      "figcaption"};
  for (const std::string_view known : kNames) {
    if (name == known) return true;
  }
  return false;
}

// Elements read like <p>: each is one paragraph.
bool isParagraphLike(std::string_view name) {
  return name == "p" || name == "li" || name == "dt" || name == "dd" || name == "pre" ||
         name == "td" || name == "th";
}

// Images or attachments by name and by file name (the first of each), so that a body with many
// references costs a lookup each.
struct Index {
  std::map<std::string, std::uint32_t, std::less<>> byName;
  std::map<std::string, std::uint32_t, std::less<>> byFile;

  template <typename Item>
  static Index of(const std::vector<Item>& items) {
    Index index;
    for (std::size_t i = 0; i < items.size(); ++i) {
      index.byName.emplace(items[i].name, static_cast<std::uint32_t>(i));
      index.byFile.emplace(items[i].fileName, static_cast<std::uint32_t>(i));
    }
    return index;
  }
};

// Turns tags and text into blocks.
class BlockBuilder {
 public:
  explicit BlockBuilder(const Article& article)
      : images_(Index::of(article.images)), attachments_(Index::of(article.attachments)) {}

  void startTag(const Tag& tag) {
    const std::string& name = tag.name;
    if (name == "img") return image(tag);
    if (name == "br") return text("\n");
    if (mode_ == Mode::kFigure) return;  // a figure's caption and other parts are not blocks
    if (mode_ == Mode::kQuote) return quoteTag(name);
    if (isParagraphLike(name)) return open(Mode::kParagraph);
    if (isHeading(name)) {
      open(Mode::kHeading);
      level_ = static_cast<std::uint8_t>(name[1] - '0');
      return;
    }
    if (name == "blockquote") return open(Mode::kQuote);
    if (name == "figure") return open(Mode::kFigure);
    if (name == "a" && mode_ == Mode::kParagraph) return link(tag);
    if (isBlockLevel(name) || name == "footer") closeRunningText();
  }

  void endTag(std::string_view name) {
    if (mode_ == Mode::kFigure) {
      if (name == "figure") close();
      return;
    }
    if (mode_ == Mode::kQuote) {
      if (name == "footer") inFooter_ = false;
      if (name == "blockquote") close();
      return;
    }
    if (name == "a") inLink_ = false;
    if ((mode_ == Mode::kParagraph && isParagraphLike(name)) ||
        (mode_ == Mode::kHeading && isHeading(name))) {
      return close();
    }
    if (isBlockLevel(name) || name == "footer") closeRunningText();
  }

  void text(std::string_view text) {
    switch (mode_) {
      case Mode::kNone:
        if (isBlank(text)) return;
        open(Mode::kLoose);
        text_ = text;
        return;
      case Mode::kParagraph:
        text_ += text;
        if (!inLink_ && !isBlank(text)) textBesideLink_ = true;
        return;
      case Mode::kQuote:
        if (inFooter_) {
          *attribution_ += text;
        } else {
          text_ += text;
        }
        return;
      case Mode::kFigure:
        return;
      default:
        text_ += text;
    }
  }

  std::vector<Block> finish() {
    close();
    return std::move(blocks_);
  }

 private:
  enum class Mode { kNone, kParagraph, kLoose, kHeading, kQuote, kFigure };

  // Out of line: GCC 12 otherwise warns, wrongly, of an uninitialised string when a vector of
  // variants grows.
  [[gnu::noinline]] void add(Block block) { blocks_.push_back(std::move(block)); }

  void open(Mode mode) {
    close();
    mode_ = mode;
  }

  void closeRunningText() {
    if (mode_ == Mode::kParagraph || mode_ == Mode::kLoose || mode_ == Mode::kHeading) close();
  }

  // Inside a blockquote: paragraphs become lines of the quote, a footer its attribution.
  void quoteTag(std::string_view name) {
    if (name == "footer") {
      inFooter_ = true;
      if (!attribution_) attribution_ = "";
    } else if (isParagraphLike(name) && !inFooter_ && !text_.empty()) {
      text_ += '\n';
    }
  }

  void link(const Tag& tag) {
    if (linkedAttachment_ || textBesideLink_) return;
    const std::optional<std::uint32_t> found = findAttachment(tag);
    if (!found) return;
    linkedAttachment_ = found;
    inLink_ = true;
  }

  void image(const Tag& tag) {
    const std::optional<std::uint32_t> found = findImage(tag);
    if (!found) return;
    if (mode_ == Mode::kFigure) {
      if (!figureImage_) figureImage_ = found;
    } else if (mode_ == Mode::kNone) {
      add(ImageBlock{*found});
    } else {
      inlineImages_.push_back(*found);  // placed after the text it stands in
    }
  }

  void close() {
    switch (mode_) {
      case Mode::kParagraph:
        if (linkedAttachment_ && !textBesideLink_) {
          add(AttachmentBlock{*linkedAttachment_});
        } else {
          add(Paragraph{std::move(text_)});
        }
        break;
      case Mode::kLoose:
        add(Paragraph{std::move(text_)});
        break;
      case Mode::kHeading:
        add(Heading{level_, std::move(text_)});
        break;
      case Mode::kQuote:
        add(Quote{std::move(text_), std::move(attribution_)});
        break;
      case Mode::kFigure:
        if (figureImage_) add(ImageBlock{*figureImage_});
        break;
      case Mode::kNone:
        break;
    }
    for (const std::uint32_t index : inlineImages_) add(ImageBlock{index});
    mode_ = Mode::kNone;
    text_.clear();
    attribution_.reset();
    inFooter_ = inLink_ = textBesideLink_ = false;
    linkedAttachment_.reset();
    figureImage_.reset();
    inlineImages_.clear();
  }

  // By data-assoc-ref (the name), else by the file a local src or href names.
  static std::optional<std::uint32_t> find(const Index& index, const Tag& tag,
                                           std::string_view link) {
    if (const std::optional<std::string> ref = tag.attribute("data-assoc-ref")) {
      const auto found = index.byName.find(*ref);
      if (found != index.byName.end()) return found->second;
      return std::nullopt;
    }
    const std::optional<std::string> href = tag.attribute(link);
    if (!href || !isLocalHref(*href)) return std::nullopt;
    const auto found = index.byFile.find(fileNameFromHref(*href));
    if (found != index.byFile.end()) return found->second;
    return std::nullopt;
  }
  std::optional<std::uint32_t> findImage(const Tag& tag) const { return find(images_, tag, "src"); }
  std::optional<std::uint32_t> findAttachment(const Tag& tag) const {
    return find(attachments_, tag, "href");
  }

  const Index images_;
  const Index attachments_;
  std::vector<Block> blocks_;
  Mode mode_ = Mode::kNone;
  std::string text_;
  std::uint8_t level_ = 2;
  std::optional<std::string> attribution_;
  bool inFooter_ = false;
  bool inLink_ = false;
  bool textBesideLink_ = false;
  std::optional<std::uint32_t> linkedAttachment_;
  std::optional<std::uint32_t> figureImage_;
  std::vector<std::uint32_t> inlineImages_;
};

// Reads tags and text from HTML and hands them to the builder.
class Tokenizer {
 public:
  Tokenizer(std::string_view html, BlockBuilder& builder) : html_(html), builder_(builder) {}

  void run() {
    while (pos_ < html_.size()) {
      const std::size_t lt = html_.find('<', pos_);
      if (lt == std::string_view::npos) {
        builder_.text(decodeEntities(html_.substr(pos_)));
        return;
      }
      if (lt > pos_) builder_.text(decodeEntities(html_.substr(pos_, lt - pos_)));
      pos_ = lt;
      markup();
    }
  }

 private:
  void skipPast(std::string_view end) {
    const std::size_t found = html_.find(end, pos_);
    pos_ = found == std::string_view::npos ? html_.size() : found + end.size();
  }

  // At '<': a comment, a declaration, a tag, or a '<' that is text.
  void markup() {
    const std::string_view rest = html_.substr(pos_);
    if (rest.starts_with("<!--")) return skipPast("-->");
    if (rest.starts_with("<!") || rest.starts_with("<?")) return skipPast(">");
    const bool end = rest.size() > 1 && rest[1] == '/';
    const std::size_t nameStart = pos_ + (end ? 2 : 1);
    if (nameStart >= html_.size() || !isAsciiLetter(html_[nameStart])) {
      builder_.text("<");
      ++pos_;
      return;
    }
    pos_ = nameStart;
    Tag tag;
    tag.end = end;
    tag.name = lower(readName());
    readAttributes(tag);
    if (tag.end) {
      builder_.endTag(tag.name);
    } else {
      builder_.startTag(tag);
      // Their content is not text of the article: scripts, styles, the document's title.
      if (tag.name == "script" || tag.name == "style" || tag.name == "title" ||
          tag.name == "textarea") {
        skipRawText(tag.name);
      }
    }
  }

  std::string_view readName() {
    const std::size_t start = pos_;
    while (pos_ < html_.size() && !isSpace(html_[pos_]) && html_[pos_] != '>' &&
           html_[pos_] != '/' && html_[pos_] != '=') {
      ++pos_;
    }
    return html_.substr(start, pos_ - start);
  }

  void readAttributes(Tag& tag) {
    while (pos_ < html_.size()) {
      const char c = html_[pos_];
      if (c == '>') {
        ++pos_;
        return;
      }
      if (isSpace(c) || c == '/') {
        ++pos_;
        continue;
      }
      std::string name = lower(readName());
      if (name.empty()) {  // a stray '=': skip it
        ++pos_;
        continue;
      }
      while (pos_ < html_.size() && isSpace(html_[pos_])) ++pos_;
      std::string value;
      if (pos_ < html_.size() && html_[pos_] == '=') {
        ++pos_;
        while (pos_ < html_.size() && isSpace(html_[pos_])) ++pos_;
        value = decodeEntities(readValue());
      }
      tag.attributes.emplace_back(std::move(name), std::move(value));
    }
  }

  std::string_view readValue() {
    if (pos_ < html_.size() && (html_[pos_] == '"' || html_[pos_] == '\'')) {
      const char quote = html_[pos_++];
      const std::size_t start = pos_;
      const std::size_t close = html_.find(quote, pos_);
      pos_ = close == std::string_view::npos ? html_.size() : close + 1;
      return html_.substr(start, (close == std::string_view::npos ? html_.size() : close) - start);
    }
    const std::size_t start = pos_;
    while (pos_ < html_.size() && !isSpace(html_[pos_]) && html_[pos_] != '>') ++pos_;
    return html_.substr(start, pos_ - start);
  }

  void skipRawText(std::string_view name) {
    const std::string end = "</" + std::string(name);
    while (pos_ < html_.size()) {
      const std::size_t found = html_.find("</", pos_);
      if (found == std::string_view::npos) {
        pos_ = html_.size();
        return;
      }
      pos_ = found;
      if (lower(html_.substr(found, end.size())) == end) {
        pos_ = found + 2;
        readName();
        skipPast(">");
        builder_.endTag(name);
        return;
      }
      pos_ = found + 2;
    }
  }

  std::string_view html_;
  BlockBuilder& builder_;
  std::size_t pos_ = 0;
};

void appendBlock(std::string& out, const Block& block, const Article& article) {
  std::visit(
      [&](const auto& item) {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, Paragraph>) {
          out += "<p>" + encodeHtmlLossless(item.text, false) + "</p>";
        } else if constexpr (std::is_same_v<T, Heading>) {
          const std::string level = std::to_string(item.level);
          out += "<h" + level + ">" + encodeHtmlLossless(item.text, false) + "</h" + level + ">";
        } else if constexpr (std::is_same_v<T, Quote>) {
          out += "<blockquote><p>" + encodeHtmlLossless(item.text, false) + "</p>";
          if (item.attribution)
            out += "<footer>" + encodeHtmlLossless(*item.attribution, false) + "</footer>";
          out += "</blockquote>";
        } else if constexpr (std::is_same_v<T, ImageBlock>) {
          const Image& image = article.images[item.image];
          out += "<figure><img src=\"" +
                 encodeHtmlLossless(hrefFromFileName(image.fileName), true) +
                 "\" data-assoc-ref=\"" + encodeHtmlLossless(image.name, true) + "\"";
          if (image.alt) out += " alt=\"" + encodeHtmlLossless(*image.alt, true) + "\"";
          out += "/>";
          if (image.caption) {
            out += "<figcaption>" + encodeHtmlLossless(*image.caption, false) + "</figcaption>";
          }
          out += "</figure>";
        } else {
          const Attachment& attachment = article.attachments[item.attachment];
          out += "<p><a href=\"" + encodeHtmlLossless(hrefFromFileName(attachment.fileName), true) +
                 "\" data-assoc-ref=\"" + encodeHtmlLossless(attachment.name, true) + "\">" +
                 encodeHtmlLossless(attachment.description.value_or(attachment.fileName), false) +
                 "</a></p>";
        }
      },
      block);
}

}  // namespace

std::string encodeHtmlLossless(std::string_view text, bool attribute) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string bodyHtml(const Article& article) {
  std::string out;
  for (const Block& block : article.body) {
    if (!out.empty()) out += '\n';
    appendBlock(out, block, article);
  }
  return out;
}

std::vector<Block> blocksFromHtml(std::string_view html, const Article& article) {
  BlockBuilder builder(article);
  Tokenizer(html, builder).run();
  return builder.finish();
}

std::vector<Block> blocksFromPlainText(std::string_view text) {
  std::vector<Block> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    if (!isBlank(line)) out.push_back(Paragraph{std::string(line)});
    start = end + 1;
  }
  return out;
}

}  // namespace archive_news::internal::ninjs
