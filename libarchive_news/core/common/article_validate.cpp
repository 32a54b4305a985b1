// validateArticle: the rules every stored article obeys, whatever it was read from. Field paths in
// messages use article.json's names (images[1].file, body[3].image) so that a user who wrote the
// JSON can find the field; readers of a bundle see the same names in the same places.
#include <archive_news/article.h>
#include <archive_news/error.h>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "core/common/index_entry.h"
#include "util/utf8.h"

namespace archive_news {
namespace {

constexpr std::size_t kMaxComponentBytes = 255;  // NAME_MAX of common file systems
constexpr std::size_t kMaxFileNameBytes = 1024;  // well below PATH_MAX once joined to a folder

// The text in double quotes, with quotes, backslashes and control bytes escaped so that a
// hostile value cannot garble the message it appears in, and cut after kQuotedBytes (at a
// character boundary, marked "...") so that it cannot make a message of megabytes.
constexpr std::size_t kQuotedBytes = 100;

std::string inQuotes(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string_view shown = text;
  if (text.size() > kQuotedBytes) {
    std::size_t cut = kQuotedBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80) --cut;
    shown = text.substr(0, cut);
  }
  std::string out = "\"";
  for (const char c : shown) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7f) {
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out += c;
    }
  }
  return out + (shown.size() < text.size() ? "...\"" : "\"");
}

std::string indexed(std::string_view field, std::size_t index) {
  return std::string(field) + "[" + std::to_string(index) + "]";
}

bool isDigits(std::string_view text, std::size_t pos, std::size_t count) {
  if (text.size() < pos + count) return false;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

int number(std::string_view text, std::size_t pos, std::size_t count) {
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
  return value;
}

int daysInMonth(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// RFC 3339 full-date: YYYY-MM-DD with a real month and day.
bool isFullDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  if (!isDigits(text, 0, 4) || !isDigits(text, 5, 2) || !isDigits(text, 8, 2)) return false;
  const int year = number(text, 0, 4);
  const int month = number(text, 5, 2);
  const int day = number(text, 8, 2);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

// hh:mm with hh < 24 and mm < 60, as in a time-numoffset.
bool isHourMinute(std::string_view text, std::size_t pos) {
  return isDigits(text, pos, 2) && text.size() > pos + 2 && text[pos + 2] == ':' &&
         isDigits(text, pos + 3, 2) && number(text, pos, 2) <= 23 && number(text, pos + 3, 2) <= 59;
}

// RFC 3339 full-time: partial-time (hh:mm:ss, optional fraction) then Z or a numeric offset.
// Second 60 is allowed: RFC 3339 admits leap seconds.
bool isFullTime(std::string_view text) {
  if (!isHourMinute(text, 0) || text.size() < 8 || text[5] != ':' || !isDigits(text, 6, 2) ||
      number(text, 6, 2) > 60) {
    return false;
  }
  std::size_t pos = 8;
  if (pos < text.size() && text[pos] == '.') {
    const std::size_t start = ++pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == start) return false;
  }
  const std::string_view zone = text.substr(pos);
  if (zone == "Z" || zone == "z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && isHourMinute(zone, 1);
}

}  // namespace

std::optional<Rfc3339Time> parseRfc3339Time(std::string_view text) {
  if (text.size() < 10 || !isFullDate(text.substr(0, 10))) return std::nullopt;
  Rfc3339Time time;
  time.year = number(text, 0, 4);
  time.month = number(text, 5, 2);
  time.day = number(text, 8, 2);
  if (text.size() == 10) return time;
  if ((text[10] != 'T' && text[10] != 't') || !isFullTime(text.substr(11))) return std::nullopt;
  time.hour = number(text, 11, 2);
  time.minute = number(text, 14, 2);
  time.second = number(text, 17, 2);
  std::size_t zone = 19;
  if (text[zone] == '.') {
    while (++zone < text.size() && text[zone] >= '0' && text[zone] <= '9') {
    }
  }
  time.zone = text.substr(zone);
  return time;
}

// What is wrong with a relative file name, or nothing. The name is joined to an article folder on
// extract, so anything that could reach outside it, or that some file system cannot store, is out.
std::optional<std::string> fileNameProblem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > kMaxFileNameBytes) {
    return "is " + std::to_string(name.size()) + " bytes long";
  }
  if (name.front() == '/') return "is an absolute path";
  for (const char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\\') return "has a backslash";
    if (byte < 0x20 || byte == 0x7f) return "has a control byte";
  }
  if (name == "article.json" || name.starts_with("article.json/")) {
    return "is or is inside the folder's own article.json";
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    const std::size_t end = std::min(name.find('/', start), name.size());
    const std::string_view component = name.substr(start, end - start);
    if (component.empty()) return "has an empty path component";
    if (component == "." || component == "..")
      return "has a \"" + std::string(component) + "\" component";
    if (component.size() > kMaxComponentBytes) {
      return "has a component of " + std::to_string(component.size()) + " bytes";
    }
    start = end + 1;
  }
  return std::nullopt;
}

namespace {

class Validator {
 public:
  explicit Validator(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt, path + ": " + what);
  }

  void text(const std::string& path, const std::string& value) const {
    const std::size_t bad = internal::invalidTextOffset(value);
    if (bad != internal::kValidText) {
      fail(path, (value[bad] == '\0' ? "NUL byte at byte " : "invalid UTF-8 at byte ") +
                     std::to_string(bad) + "; expected UTF-8 text without U+0000");
    }
  }

  void optionalText(const std::string& path, const std::optional<std::string>& value) const {
    if (value) text(path, *value);
  }

  void texts(std::string_view field, const std::vector<std::string>& values) const {
    for (std::size_t i = 0; i < values.size(); ++i) text(indexed(field, i), values[i]);
  }

  void time(const std::string& path, const std::optional<std::string>& value) const {
    if (!value) return;
    text(path, *value);
    if (!isRfc3339Time(*value)) {
      fail(path, inQuotes(*value) +
                     " is not an RFC 3339 time; expected a date-time such as "
                     "\"2019-06-30T09:00:00+09:00\" or a date alone such as \"2019-06-30\"");
    }
  }

  void fileName(const std::string& path, const std::string& value) const {
    text(path, value);
    if (const auto problem = fileNameProblem(value)) {
      fail(path, inQuotes(value) + " " + *problem +
                     "; expected a relative file name inside the article folder ('/'-separated, "
                     "no \".\" or \"..\", no backslash or control bytes)");
    }
  }

  void mediatype(const std::string& path, const std::string& value) const {
    text(path, value);
    if (value.empty()) fail(path, "empty; expected a media type such as \"image/jpeg\"");
  }

  // Names of images (or attachments) must be unique: body blocks place them by name.
  template <typename Item>
  void uniqueNames(std::string_view field, const std::vector<Item>& items) const {
    std::set<std::string_view> seen;
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (!seen.insert(items[i].name).second) {
        fail(indexed(field, i) + ".name", inQuotes(items[i].name) +
                                              " is used twice; expected the " + std::string(field) +
                                              "' names to be unique");
      }
    }
  }

 private:
  const std::string& source_;
};

void checkHeader(const Validator& check, const Article& article) {
  check.text("uri", article.uri);
  if (article.uri.empty()) check.fail("uri", "empty; expected the article's unique identifier");
  check.optionalText("url", article.url);
  check.text("headline", article.headline);
  check.texts("subheadlines", article.subheadlines);
  check.optionalText("section", article.section);
  check.optionalText("publisher", article.publisher);
  for (std::size_t i = 0; i < article.bylines.size(); ++i) {
    const Byline& byline = article.bylines[i];
    const std::string path = indexed("bylines", i);
    check.text(path + ".name", byline.name);
    check.optionalText(path + ".email", byline.email);
    check.optionalText(path + ".role", byline.role);
  }
  check.time("firstcreated", article.firstcreated);
  check.time("versioncreated", article.versioncreated);
  check.optionalText("language", article.language);
  check.optionalText("located", article.located);
  check.texts("keywords", article.keywords);
  check.optionalText("copyrightnotice", article.copyrightnotice);
  check.optionalText("usageterms", article.usageterms);
  check.optionalText("pubstatus", article.pubstatus);
  if (!internal::pubStatusCode(article.pubstatus)) {
    check.fail("pubstatus", inQuotes(*article.pubstatus) +
                                " is not a publication status; expected \"usable\", \"withheld\" "
                                "or \"canceled\"");
  }
}

void checkBlock(const Validator& check, const Article& article, const Block& block,
                const std::string& path) {
  std::visit(
      [&](const auto& item) {
        using T = std::decay_t<decltype(item)>;
        if constexpr (std::is_same_v<T, Paragraph>) {
          check.text(path, item.text);
        } else if constexpr (std::is_same_v<T, Heading>) {
          check.text(path + ".heading", item.text);
          if (item.level < 1 || item.level > 6) {
            check.fail(path + ".level", "level " + std::to_string(item.level) +
                                            "; expected a heading level from 1 to 6");
          }
        } else if constexpr (std::is_same_v<T, Quote>) {
          check.text(path + ".quote", item.text);
          check.optionalText(path + ".attribution", item.attribution);
        } else if constexpr (std::is_same_v<T, ImageBlock>) {
          if (item.image >= article.images.size()) {
            check.fail(path + ".image", "image " + std::to_string(item.image) +
                                            " does not exist; expected an index below " +
                                            std::to_string(article.images.size()));
          }
        } else {
          if (item.attachment >= article.attachments.size()) {
            check.fail(path + ".attachment", "attachment " + std::to_string(item.attachment) +
                                                 " does not exist; expected an index below " +
                                                 std::to_string(article.attachments.size()));
          }
        }
      },
      block);
}

void checkImages(const Validator& check, const std::vector<Image>& images) {
  for (std::size_t i = 0; i < images.size(); ++i) {
    const Image& image = images[i];
    const std::string path = indexed("images", i);
    check.text(path + ".name", image.name);
    check.fileName(path + ".file", image.fileName);
    check.mediatype(path + ".mediatype", image.mediatype);
    check.optionalText(path + ".caption", image.caption);
    check.optionalText(path + ".credit", image.credit);
    check.optionalText(path + ".byline", image.byline);
    check.optionalText(path + ".alt", image.alt);
  }
  check.uniqueNames("images", images);
}

void checkAttachments(const Validator& check, const std::vector<Attachment>& attachments) {
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    const Attachment& attachment = attachments[i];
    const std::string path = indexed("attachments", i);
    check.text(path + ".name", attachment.name);
    check.fileName(path + ".file", attachment.fileName);
    check.mediatype(path + ".mediatype", attachment.mediatype);
    check.optionalText(path + ".description", attachment.description);
  }
  check.uniqueNames("attachments", attachments);
}

void checkExtra(const Validator& check, const std::vector<KeyValue>& extra) {
  std::set<std::string_view> seen;
  for (std::size_t i = 0; i < extra.size(); ++i) {
    const std::string path = indexed("extra", i);
    check.text(path + ".key", extra[i].key);
    check.text(path + ".value", extra[i].value);
    if (!seen.insert(extra[i].key).second) {
      check.fail(path + ".key", inQuotes(extra[i].key) + " is used twice; expected unique keys");
    }
  }
}

// Extract writes every file under its name, so one name must mean one content, and no name may
// be a folder of another ("a" and "a/b"). Checked here so such an article never enters a bundle.
void checkFiles(const Validator& check, const Article& article) {
  std::map<std::string_view, const ContentRef*> files;
  auto add = [&](const std::string& path, const std::string& name, const ContentRef& content) {
    auto [it, inserted] = files.emplace(name, &content);
    if (!inserted && !(it->second->digest == content.digest && it->second->size == content.size)) {
      check.fail(path, inQuotes(name) +
                           " names two different contents; expected one content per file name");
    }
  };
  for (std::size_t i = 0; i < article.images.size(); ++i) {
    add(indexed("images", i) + ".file", article.images[i].fileName, article.images[i].content);
  }
  for (std::size_t i = 0; i < article.attachments.size(); ++i) {
    add(indexed("attachments", i) + ".file", article.attachments[i].fileName,
        article.attachments[i].content);
  }
  for (const auto& [name, content] : files) {
    for (std::size_t slash = name.find('/'); slash != std::string_view::npos;
         slash = name.find('/', slash + 1)) {
      if (files.contains(name.substr(0, slash))) {
        check.fail("files", inQuotes(name.substr(0, slash)) + " is both a file and the folder of " +
                                inQuotes(name) + "; expected distinct paths");
      }
    }
  }
}

}  // namespace

void validateArticle(const Article& article, const std::string& source) {
  const Validator check(source);
  checkHeader(check, article);
  checkImages(check, article.images);
  checkAttachments(check, article.attachments);
  for (std::size_t i = 0; i < article.body.size(); ++i) {
    checkBlock(check, article, article.body[i], indexed("body", i));
  }
  checkExtra(check, article.extra);
  checkFiles(check, article);
}

}  // namespace archive_news
