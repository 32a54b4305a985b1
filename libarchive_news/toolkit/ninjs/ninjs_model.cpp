// The ninjs 2.x <-> article model mapping (spec/NINJS.md): the property table, and for each group
// of properties the model holds, how it is read and what its canonical form is.
#include "toolkit/ninjs/ninjs_model.h"

#include <archive_news/article.h>
#include <archive_news/error.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "toolkit/ninjs/ninjs_html.h"
#include "util/utf8.h"

namespace archive_news::internal::ninjs {
namespace {

const std::vector<Property> kProperties = {
    {"$schema", Type::kString, Use::kKept},
    {"uri", Type::kString, Use::kNative},
    {"type", Type::kString, Use::kKept},
    {"representationtype", Type::kString, Use::kKept},
    {"profile", Type::kString, Use::kKept},
    {"version", Type::kString, Use::kKept},
    {"standard", Type::kObject, Use::kKept},
    {"firstcreated", Type::kString, Use::kTime},
    {"versioncreated", Type::kString, Use::kTime},
    {"contentcreated", Type::kString, Use::kKept},
    {"contentdigitised", Type::kString, Use::kKept},
    {"embargoed", Type::kString, Use::kKept},
    {"expires", Type::kString, Use::kKept},
    {"pubstatus", Type::kString, Use::kNative},
    {"urgency", Type::kNumber, Use::kKept},
    {"language", Type::kString, Use::kNative},
    {"headlines", Type::kArray, Use::kGroup},
    {"slugline", Type::kString, Use::kKept},
    {"title", Type::kString, Use::kKept},
    {"by", Type::kString, Use::kGroup},
    {"located", Type::kString, Use::kNative},
    {"descriptions", Type::kArray, Use::kKept},
    {"bodies", Type::kArray, Use::kGroup},
    {"ednote", Type::kString, Use::kKept},
    {"copyrightholder", Type::kString, Use::kKept},
    {"copyrightnotice", Type::kString, Use::kNative},
    {"usageterms", Type::kString, Use::kNative},
    {"rightsinfo", Type::kObject, Use::kKept},
    {"digitalsourcetype", Type::kObject, Use::kKept},
    {"subjects", Type::kArray, Use::kKept},
    {"genres", Type::kArray, Use::kKept},
    {"people", Type::kArray, Use::kKept},
    {"organisations", Type::kArray, Use::kKept},
    {"places", Type::kArray, Use::kKept},
    {"events", Type::kArray, Use::kKept},
    {"objects", Type::kArray, Use::kKept},
    {"infosources", Type::kArray, Use::kKept},
    {"altids", Type::kArray, Use::kKept},
    {"trustindicators", Type::kArray, Use::kKept},
    {"eventdetails", Type::kObject, Use::kKept},
    {"plannedcoverage", Type::kArray, Use::kKept},
    {"renditions", Type::kArray, Use::kKept},
    {"associations", Type::kArray, Use::kGroup},
    {"keywords", Type::kArray, Use::kGroup},
    {"newsarc", Type::kObject, Use::kNewsarc},
};

std::string_view typeWord(Type type) {
  switch (type) {
    case Type::kString:
      return "a string";
    case Type::kArray:
      return "an array";
    case Type::kObject:
      return "an object";
    case Type::kNumber:
      return "a number";
  }
  return "a value";
}

const Json* member(const Json& object, std::string_view key) {
  const auto found = object.find(std::string(key));
  return found == object.end() ? nullptr : &*found;
}

// "text/html; charset=utf-8" -> "text/html".
std::string essence(std::string_view mediatype) {
  std::string out(mediatype.substr(0, mediatype.find(';')));
  while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
  for (char& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return out;
}

// Media types by file extension, for a rendition that does not state its own.
std::string guessMediatype(std::string_view fileName) {
  static const std::pair<std::string_view, std::string_view> kTypes[] = {
      {"jpg", "image/jpeg"},      {"jpeg", "image/jpeg"},     {"png", "image/png"},
      {"gif", "image/gif"},       {"webp", "image/webp"},     {"svg", "image/svg+xml"},
      {"tif", "image/tiff"},      {"tiff", "image/tiff"},     {"pdf", "application/pdf"},
      {"txt", "text/plain"},      {"html", "text/html"},      {"htm", "text/html"},
      {"mp3", "audio/mpeg"},      {"mp4", "video/mp4"},       {"json", "application/json"},
      {"xml", "application/xml"}, {"zip", "application/zip"},
  };
  const std::size_t dot = fileName.rfind('.');
  const std::size_t slash = fileName.rfind('/');
  if (dot != std::string_view::npos && (slash == std::string_view::npos || dot > slash)) {
    std::string extension(fileName.substr(dot + 1));
    for (char& c : extension) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    for (const auto& [known, type] : kTypes) {
      if (extension == known) return std::string(type);
    }
  }
  return "application/octet-stream";
}

// The ninjs type an attachment is written with: ninjs has no "document", so what is neither
// sound nor moving picture is "text".
std::string attachmentType(std::string_view mediatype) {
  const std::string base = essence(mediatype);
  if (base.starts_with("audio/")) return "audio";
  if (base.starts_with("video/")) return "video";
  return "text";
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::uint32_t pixels(const Json& rendition, std::string_view key) {
  const Json* value = member(rendition, key);
  if (value == nullptr || !value->is_number_unsigned()) return 0;
  const auto number = value->get<std::uint64_t>();
  return number > std::numeric_limits<std::uint32_t>::max() ? 0
                                                            : static_cast<std::uint32_t>(number);
}

struct Descriptions {
  std::optional<std::string> caption;  // the first without a role or with role "caption"
  std::optional<std::string> alt;      // the first with role "alt"
};

// An entry of headlines, descriptions or bodies: a value, with an optional role and content type.
struct Entry {
  std::optional<std::string> role;
  std::optional<std::string> contenttype;
  const Json* value;  // a string
};

std::vector<Entry> readEntries(const Checker& check, const Json& array, const std::string& path) {
  check.expect(array, Type::kArray, path);
  std::vector<Entry> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    const Json& item = array[i];
    const std::string itemPath = elementPath(path, i);
    check.expect(item, Type::kObject, itemPath);
    const Json* value = member(item, "value");
    if (value == nullptr) check.fail(memberPath(itemPath, "value"), "missing; expected a string");
    check.text(*value, memberPath(itemPath, "value"));
    out.push_back(Entry{check.optionalText(item, itemPath, "role"),
                        check.optionalText(item, itemPath, "contenttype"), value});
  }
  return out;
}

Descriptions readDescriptions(const Checker& check, const Json* descriptions,
                              const std::string& path) {
  Descriptions out;
  if (descriptions == nullptr) return out;
  for (const Entry& entry : readEntries(check, *descriptions, path)) {
    const std::string& text = entry.value->get_ref<const std::string&>();
    if (!out.caption && (!entry.role || *entry.role == "caption")) out.caption = text;
    if (!out.alt && entry.role == "alt") out.alt = text;
  }
  return out;
}

Json descriptionsJson(const std::optional<std::string>& caption,
                      const std::optional<std::string>& alt) {
  Json out = Json::array();
  if (caption) out.push_back(Json{{"role", "caption"}, {"value", *caption}});
  if (alt) out.push_back(Json{{"role", "alt"}, {"value", *alt}});
  return out;
}

Json renditionJson(const std::string& fileName, const std::string& mediatype, std::uint32_t width,
                   std::uint32_t height) {
  Json out = Json::object();
  out["name"] = "original";
  out["href"] = hrefFromFileName(fileName);
  out["contenttype"] = mediatype;
  if (width != 0) out["width"] = width;
  if (height != 0) out["height"] = height;
  return out;
}

// The association's own uri when the source gave none: the article's, with a fragment naming it.
std::string associationUri(const Article& article, std::string_view list, std::string_view name) {
  return article.uri + "#" + std::string(list) + "/" + hrefFromFileName(name);
}

// One association read: its file rendition, kind and fields.
class AssociationReader {
 public:
  AssociationReader(const Checker& check, AssociationFields& out) : check_(check), out_(out) {}

  void read(const Json& association, const std::string& path) {
    check_.expect(association, Type::kObject, path);
    const Json* nameValue = member(association, "name");
    if (nameValue == nullptr) {
      check_.fail(memberPath(path, "name"), "missing; expected a string, the association's name");
    }
    const std::string& name = check_.text(*nameValue, memberPath(path, "name"));
    for (const char* key : {"uri", "type", "by", "copyrightnotice"}) {
      check_.optionalText(association, path, key);
    }
    const Descriptions descriptions = readDescriptions(check_, member(association, "descriptions"),
                                                       memberPath(path, "descriptions"));
    Json kept = association;
    const std::optional<std::size_t> file = fileRendition(association, kept, path, name);
    out_.kept.push_back(std::move(kept));
    if (!file) return;
    const Json& rendition = association["renditions"][*file];
    const std::string hrefPath =
        memberPath(elementPath(memberPath(path, "renditions"), *file), "href");
    const std::string fileName = checkedFileName(rendition["href"].get<std::string>(), hrefPath);
    const std::optional<std::string> stated = check_.optionalText(
        rendition, elementPath(memberPath(path, "renditions"), *file), "contenttype");
    const std::string mediatype = stated && !stated->empty() ? *stated : guessMediatype(fileName);
    const std::optional<std::string> type = check_.optionalText(association, path, "type");
    const bool image = type ? (*type == "picture" || *type == "graphic")
                            : essence(mediatype).starts_with("image/");
    if (image) {
      add(Image{name,
                fileName,
                mediatype,
                descriptions.caption,
                check_.optionalText(association, path, "copyrightnotice"),
                check_.optionalText(association, path, "by"),
                descriptions.alt,
                pixels(rendition, "width"),
                pixels(rendition, "height"),
                {}},
          out_.images, out_.imageFields, imageNames_, "image", path, hrefPath);
    } else {
      add(Attachment{name, fileName, mediatype, descriptions.caption, {}}, out_.attachments,
          out_.attachmentFields, attachmentNames_, "attachment", path, hrefPath);
    }
  }

 private:
  // The first rendition with a local href; later ones with a local href are left out of `kept`
  // (their files are not packed, so writing them back would point at nothing).
  std::optional<std::size_t> fileRendition(const Json& association, Json& kept,
                                           const std::string& path, const std::string& name) {
    const Json* renditions = member(association, "renditions");
    const std::string listPath = memberPath(path, "renditions");
    std::optional<std::size_t> file;
    if (renditions != nullptr) {
      check_.expect(*renditions, Type::kArray, listPath);
      Json keptRenditions = Json::array();
      for (std::size_t i = 0; i < renditions->size(); ++i) {
        const Json& rendition = (*renditions)[i];
        const std::string itemPath = elementPath(listPath, i);
        check_.expect(rendition, Type::kObject, itemPath);
        const std::optional<std::string> href = check_.optionalText(rendition, itemPath, "href");
        check_.optionalText(rendition, itemPath, "contenttype");
        if (href && isLocalHref(*href)) {
          if (!file) {
            file = i;
          } else {
            out_.leftOut.push_back(itemPath + " (" + jsonQuoted(*href) +
                                   "): only the first rendition with a local href of an "
                                   "association is packed");
            continue;
          }
        }
        keptRenditions.push_back(rendition);
      }
      kept["renditions"] = std::move(keptRenditions);
    }
    if (!file) {
      out_.notes.push_back(path + " (" + jsonQuoted(name) +
                           "): no rendition with a local href; kept as metadata, no file packed");
    }
    return file;
  }

  std::string checkedFileName(const std::string& href, const std::string& hrefPath) const {
    std::string fileName = fileNameFromHref(href);
    if (internal::invalidTextOffset(fileName) != internal::kValidText) {
      check_.fail(hrefPath, jsonQuoted(href) +
                                " decodes to bytes that are not UTF-8 text; expected a file name "
                                "percent-encoded as UTF-8");
    }
    if (const auto problem = fileNameProblem(fileName)) {
      check_.fail(hrefPath, jsonQuoted(href) + " " + *problem +
                                "; expected a relative file name inside the document's folder "
                                "('/'-separated, no \"..\", no backslash or control bytes)");
    }
    return fileName;
  }

  // Names must be unique among the images (or the attachments): body blocks place them by name.
  template <typename Item>
  void add(Item item, std::vector<Item>& items, std::vector<std::string>& fields,
           std::set<std::string>& names, std::string_view kind, const std::string& path,
           const std::string& hrefPath) {
    if (!names.insert(item.name).second) {
      check_.fail(memberPath(path, "name"), jsonQuoted(item.name) + " names another " +
                                                std::string(kind) +
                                                " association too; expected unique names");
    }
    items.push_back(std::move(item));
    fields.push_back(hrefPath);
  }

  const Checker& check_;
  AssociationFields& out_;
  std::set<std::string> imageNames_;
  std::set<std::string> attachmentNames_;
};

}  // namespace

bool hasType(const Json& value, Type type) {
  switch (type) {
    case Type::kString:
      return value.is_string();
    case Type::kArray:
      return value.is_array();
    case Type::kObject:
      return value.is_object();
    case Type::kNumber:
      return value.is_number();
  }
  return false;
}

const std::vector<Property>& properties() { return kProperties; }

const Property* findProperty(std::string_view name) {
  for (const Property& property : kProperties) {
    if (property.name == name) return &property;
  }
  return nullptr;
}

std::size_t propertyIndex(const Property& property) {
  return static_cast<std::size_t>(&property - kProperties.data());
}

std::string extraKey(std::string_view name) { return "ninjs:" + std::string(name); }

// --- Checker -----------------------------------------------------------------------------------

void Checker::fail(const std::string& path, const std::string& what) const {
  throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt,
              (path.empty() ? "top level" : path) + ": " + what);
}

void Checker::expect(const Json& value, Type type, const std::string& path) const {
  if (!hasType(value, type)) {
    fail(path, "found " + jsonTypeName(value) + "; expected " + std::string(typeWord(type)));
  }
}

const std::string& Checker::text(const Json& value, const std::string& path) const {
  expect(value, Type::kString, path);
  const std::string& text = value.get_ref<const std::string&>();
  const std::size_t bad = internal::invalidTextOffset(text);
  if (bad != internal::kValidText) {
    fail(path, "NUL byte at byte " + std::to_string(bad) + "; expected UTF-8 text without U+0000");
  }
  return text;
}

std::optional<std::string> Checker::optionalText(const Json& object, const std::string& path,
                                                 std::string_view key) const {
  const Json* value = member(object, key);
  if (value == nullptr) return std::nullopt;
  return text(*value, memberPath(path, key));
}

// --- headlines ---------------------------------------------------------------------------------

HeadlineFields readHeadlines(const Checker& check, const Json& headlines, const std::string& path) {
  HeadlineFields out;
  std::optional<std::string> main;
  std::optional<std::string> plain;  // the first without a role: a "simple headline"
  for (const Entry& entry : readEntries(check, headlines, path)) {
    const std::string& text = entry.value->get_ref<const std::string&>();
    if (entry.role == "main" && !main) main = text;
    if (!entry.role && !plain) plain = text;
    if (entry.role == "subhead") out.subheadlines.push_back(text);
  }
  out.headline = main ? *main : plain.value_or("");
  return out;
}

std::optional<Json> canonicalHeadlines(const Article& article) {
  if (article.headline.empty() && article.subheadlines.empty()) return std::nullopt;
  Json out = Json::array();
  out.push_back(Json{{"role", "main"}, {"value", article.headline}});
  for (const std::string& subheadline : article.subheadlines) {
    out.push_back(Json{{"role", "subhead"}, {"value", subheadline}});
  }
  return out;
}

// --- by and bylines ----------------------------------------------------------------------------

std::vector<Byline> bylinesFromBy(const std::optional<std::string>& by) {
  if (!by) return {};
  return {Byline{*by, std::nullopt, std::nullopt}};
}

std::optional<std::string> canonicalBy(const std::vector<Byline>& bylines) {
  if (bylines.empty()) return std::nullopt;
  std::string out;
  for (const Byline& byline : bylines) out += (out.empty() ? "" : ", ") + byline.name;
  return out;
}

std::vector<Byline> readBylines(const Checker& check, const Json& bylines,
                                const std::string& path) {
  check.expect(bylines, Type::kArray, path);
  std::vector<Byline> out;
  for (std::size_t i = 0; i < bylines.size(); ++i) {
    const Json& item = bylines[i];
    const std::string itemPath = elementPath(path, i);
    check.expect(item, Type::kObject, itemPath);
    for (const auto& [key, value] : item.items()) {
      if (key != "name" && key != "email" && key != "role") {
        check.fail(memberPath(itemPath, key), "unknown key; expected one of name, email, role");
      }
    }
    const std::optional<std::string> name = check.optionalText(item, itemPath, "name");
    if (!name) check.fail(memberPath(itemPath, "name"), "missing; expected a string");
    out.push_back(Byline{*name, check.optionalText(item, itemPath, "email"),
                         check.optionalText(item, itemPath, "role")});
  }
  return out;
}

Json formatBylines(const std::vector<Byline>& bylines) {
  Json out = Json::array();
  for (const Byline& byline : bylines) {
    Json item = Json::object();
    item["name"] = byline.name;
    if (byline.email) item["email"] = *byline.email;
    if (byline.role) item["role"] = *byline.role;
    out.push_back(std::move(item));
  }
  return out;
}

// --- associations ------------------------------------------------------------------------------

AssociationFields readAssociations(const Checker& check, const Json& associations,
                                   const std::string& path) {
  check.expect(associations, Type::kArray, path);
  AssociationFields out;
  out.kept = Json::array();
  AssociationReader reader(check, out);
  for (std::size_t i = 0; i < associations.size(); ++i) {
    reader.read(associations[i], elementPath(path, i));
  }
  return out;
}

std::optional<Json> canonicalAssociations(const Article& article) {
  if (article.images.empty() && article.attachments.empty()) return std::nullopt;
  Json out = Json::array();
  for (const Image& image : article.images) {
    Json item = Json::object();
    item["name"] = image.name;
    item["uri"] = associationUri(article, "images", image.name);
    item["type"] = "picture";
    if (image.byline) item["by"] = *image.byline;
    if (image.credit) item["copyrightnotice"] = *image.credit;
    if (image.caption || image.alt)
      item["descriptions"] = descriptionsJson(image.caption, image.alt);
    item["renditions"] =
        Json::array({renditionJson(image.fileName, image.mediatype, image.width, image.height)});
    out.push_back(std::move(item));
  }
  for (const Attachment& attachment : article.attachments) {
    Json item = Json::object();
    item["name"] = attachment.name;
    item["uri"] = associationUri(article, "attachments", attachment.name);
    item["type"] = attachmentType(attachment.mediatype);
    if (attachment.description) {
      item["descriptions"] = descriptionsJson(attachment.description, std::nullopt);
    }
    item["renditions"] =
        Json::array({renditionJson(attachment.fileName, attachment.mediatype, 0, 0)});
    out.push_back(std::move(item));
  }
  return out;
}

Json keptRenditions(const Json& renditions, const std::string& path,
                    std::vector<std::string>& leftOut) {
  Json out = Json::array();
  for (std::size_t i = 0; i < renditions.size(); ++i) {
    const Json& rendition = renditions[i];
    const Json* href = rendition.is_object() ? member(rendition, "href") : nullptr;
    if (href != nullptr && href->is_string() && isLocalHref(href->get_ref<const std::string&>())) {
      leftOut.push_back(elementPath(path, i) + " (" + jsonQuoted(href->get<std::string>()) +
                        "): the files of the item's own renditions are not packed, only "
                        "those of its associations");
      continue;
    }
    out.push_back(rendition);
  }
  return out;
}

// --- bodies ------------------------------------------------------------------------------------

std::vector<Block> readBodies(const Checker& check, const Json& bodies, const std::string& path,
                              const Article& article) {
  const Json* html = nullptr;
  const Json* plain = nullptr;
  for (const Entry& entry : readEntries(check, bodies, path)) {
    const std::string base = entry.contenttype ? essence(*entry.contenttype) : "text/plain";
    if (!html && (base == "text/html" || base == "application/xhtml+xml")) html = entry.value;
    if (!plain && base == "text/plain") plain = entry.value;
  }
  if (html != nullptr) return blocksFromHtml(html->get_ref<const std::string&>(), article);
  if (plain != nullptr) return blocksFromPlainText(plain->get_ref<const std::string&>());
  return {};
}

std::optional<Json> canonicalBodies(const Article& article) {
  if (article.body.empty()) return std::nullopt;
  return Json::array({Json{{"contenttype", "text/html"}, {"value", bodyHtml(article)}}});
}

// --- keywords ----------------------------------------------------------------------------------

std::vector<std::string> readStrings(const Checker& check, const Json& array,
                                     const std::string& path) {
  check.expect(array, Type::kArray, path);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    out.push_back(check.text(array[i], elementPath(path, i)));
  }
  return out;
}

std::optional<Json> canonicalKeywords(const Article& article) {
  if (article.keywords.empty()) return std::nullopt;
  return Json(article.keywords);
}

// --- file references ---------------------------------------------------------------------------

bool isLocalHref(std::string_view href) {
  if (href.empty() || href.starts_with("//")) return false;
  // A scheme: a letter, then letters, digits, '+', '-' or '.', then ':' (RFC 3986 section 3.1).
  const auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (!letter(href[0])) return true;
  for (std::size_t i = 1; i < href.size(); ++i) {
    const char c = href[i];
    if (c == ':') return false;
    if (!letter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') return true;
  }
  return true;
}

std::string fileNameFromHref(std::string_view href) {
  std::string decoded;
  for (std::size_t i = 0; i < href.size(); ++i) {
    if (href[i] == '%' && i + 2 < href.size() && hexValue(href[i + 1]) >= 0 &&
        hexValue(href[i + 2]) >= 0) {
      decoded += static_cast<char>(hexValue(href[i + 1]) * 16 + hexValue(href[i + 2]));
      i += 2;
    } else {
      decoded += href[i];
    }
  }
  // "./photo.jpg" and "photo.jpg" name the same file; ".." is left for fileNameProblem to refuse.
  std::string out;
  std::size_t start = 0;
  bool first = true;
  while (start <= decoded.size()) {
    const std::size_t end = std::min(decoded.find('/', start), decoded.size());
    const std::string_view part = std::string_view(decoded).substr(start, end - start);
    if (part != ".") {
      out += (first ? "" : "/") + std::string(part);
      first = false;
    }
    start = end + 1;
  }
  return out;
}

std::string hrefFromFileName(std::string_view fileName) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : fileName) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                            c == '~' || c == '/';
    if (unreserved) {
      out += c;
    } else {
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

}  // namespace archive_news::internal::ninjs
