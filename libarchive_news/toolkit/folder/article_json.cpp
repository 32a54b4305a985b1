// article.json (spec/ARTICLE-JSON.md) to and from the article model. The format is strict on
// purpose: an archive must never drop what a source wrote, so duplicate keys and values of the
// wrong type are errors rather than things to skip, and an unknown key is either refused or kept
// in Article::extra as "json:<path>" with its value's exact source text, and written back there.
#include <archive_news/article.h>
#include <archive_news/article_folder.h>
#include <archive_news/error.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "toolkit/common/strict_json.h"

namespace archive_news {
namespace {

using internal::elementPath;
using internal::Json;
using internal::jsonQuoted;
using internal::jsonTypeName;
using internal::memberPath;
using internal::RawMember;

// Extra keys that hold an unknown key of article.json: "json:" + its path (spec/ARTICLE-JSON.md,
// "Unknown keys").
constexpr std::string_view kKeptPrefix = "json:";

// Far deeper than any article.json (3 levels), shallow enough that hostile nesting costs nothing.
constexpr std::size_t kMaxNesting = 32;

// Keys in the order formatArticleJson writes them.
constexpr std::array<std::string_view, 19> kArticleKeys = {
    "uri",       "url",      "headline",        "subheadlines",   "section",
    "publisher", "bylines",  "firstcreated",    "versioncreated", "language",
    "located",   "keywords", "copyrightnotice", "usageterms",     "pubstatus",
    "body",      "images",   "attachments",     "extra"};
constexpr std::array<std::string_view, 3> kBylineKeys = {"name", "email", "role"};
constexpr std::array<std::string_view, 9> kImageKeys = {
    "name", "file", "mediatype", "caption", "credit", "byline", "alt", "width", "height"};
constexpr std::array<std::string_view, 4> kAttachmentKeys = {"name", "file", "mediatype",
                                                             "description"};
constexpr std::array<std::string_view, 4> kBlockKinds = {"image", "attachment", "heading", "quote"};
constexpr std::array<std::string_view, 1> kImageBlockKeys = {"image"};
constexpr std::array<std::string_view, 1> kAttachmentBlockKeys = {"attachment"};
constexpr std::array<std::string_view, 2> kHeadingKeys = {"heading", "level"};
constexpr std::array<std::string_view, 2> kQuoteKeys = {"quote", "attribution"};

using Names = std::span<const std::string_view>;

std::string joined(Names names) {
  std::string out;
  for (const std::string_view name : names) out += (out.empty() ? "" : ", ") + std::string(name);
  return out;
}

// Turns the parsed JSON into an Article, naming the field in every complaint.
class ArticleReader {
 public:
  // With `unknownKeys`, an unknown key is recorded there (its path) and kept in the article's
  // extra with the exact source text of its value, taken from `text`; without, it is an error.
  ArticleReader(const std::string& source, std::string_view text,
                std::vector<std::string>* unknownKeys)
      : source_(source), text_(text), unknownKeys_(unknownKeys) {}

  Article read(Json& root) {
    expectObject(root, "", kArticleKeys);
    Article article;
    readHeader(root, article);
    article.images = readList<Image>(
        root, "images", [this](Json& v, const std::string& p) { return readImage(v, p); });
    article.attachments = readList<Attachment>(
        root, "attachments",
        [this](Json& v, const std::string& p) { return readAttachment(v, p); });
    article.body = readBody(root, article);
    article.extra = readExtra(root);
    addKept(article.extra);
    return article;
  }

 private:
  // The document is read once, each string at most once, so its text is moved into the article
  // rather than copied: a copy of every paragraph would cost an allocation each.
  static std::string take(Json& value) { return std::move(value.get_ref<std::string&>()); }

  // path is empty for the top-level object.
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt,
                (path.empty() ? "top level" : path) + ": " + what);
  }

  void expectObject(const Json& value, const std::string& path, Names keys) const {
    if (!value.is_object()) fail(path, "found " + jsonTypeName(value) + "; expected an object");
    for (const auto& [key, member] : value.items()) {
      bool known = false;
      for (const std::string_view allowed : keys) known = known || key == allowed;
      if (known) continue;
      if (unknownKeys_ == nullptr) {
        fail(memberPath(path, key), "unknown key; expected one of " + joined(keys));
      }
      keep(path, key);
    }
  }

  // Kept as "json:<path>": the value's source text, found in the object's own text.
  void keep(const std::string& path, const std::string& key) const {
    unknownKeys_->push_back(memberPath(path, key));
    for (const RawMember& member : internal::rawMembers(rawObject(path))) {
      if (member.key == key) {
        kept_.push_back(
            KeyValue{std::string(kKeptPrefix) + memberPath(path, key), std::string(member.value)});
        return;
      }
    }
    fail(memberPath(path, key), "source text not found; expected a member of the object");
  }

  // The source text of the object at `path`: the document, or an element of a top-level list
  // ("images[2]"), the only places article.json has objects that may hold unknown keys.
  std::string_view rawObject(const std::string& path) const {
    if (path.empty()) return text_;
    const std::size_t open = path.find('[');
    const std::string list = path.substr(0, open);
    const std::size_t index = std::stoul(path.substr(open + 1));
    auto [elements, added] = rawLists_.try_emplace(list);
    if (added) {
      for (const RawMember& member : internal::rawMembers(text_)) {
        if (member.key == list) elements->second = internal::rawElements(member.value);
      }
    }
    if (index >= elements->second.size()) fail(path, "source text not found");
    return elements->second[index];
  }

  // Kept keys follow the file's own extra; a clash with one of its keys is refused, since
  // either value would be lost.
  void addKept(std::vector<KeyValue>& extra) const {
    for (KeyValue& item : kept_) {
      for (const KeyValue& given : extra) {
        if (given.key != item.key) continue;
        fail(memberPath("extra", given.key),
             "is also the key that keeps unknown key " + item.key.substr(kKeptPrefix.size()) +
                 "; expected extra keys other than \"json:\" and the path of an unknown key");
      }
      extra.push_back(std::move(item));
    }
  }

  Json* member(Json& object, const std::string& key) const {
    const auto found = object.find(key);
    return found == object.end() ? nullptr : &*found;
  }

  std::optional<std::string> optionalString(Json& object, const std::string& path,
                                            const std::string& key) const {
    Json* value = member(object, key);
    if (value == nullptr) return std::nullopt;
    if (!value->is_string()) {
      fail(memberPath(path, key), "found " + jsonTypeName(*value) + "; expected a string");
    }
    return take(*value);
  }

  std::string requiredString(Json& object, const std::string& path, const std::string& key) const {
    std::optional<std::string> value = optionalString(object, path, key);
    if (!value) fail(memberPath(path, key), "missing; expected a string");
    return std::move(*value);
  }

  Json* optionalArray(Json& object, const std::string& key) const {
    Json* value = member(object, key);
    if (value != nullptr && !value->is_array()) {
      fail(memberPath("", key), "found " + jsonTypeName(*value) + "; expected an array");
    }
    return value;
  }

  std::vector<std::string> stringList(Json& object, const std::string& key) const {
    std::vector<std::string> out;
    Json* array = optionalArray(object, key);
    if (array == nullptr) return out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      Json& item = (*array)[i];
      if (!item.is_string()) {
        fail(elementPath(key, i), "found " + jsonTypeName(item) + "; expected a string");
      }
      out.push_back(take(item));
    }
    return out;
  }

  template <typename Item, typename ReadItem>
  std::vector<Item> readList(Json& object, const std::string& key, ReadItem readItem) const {
    std::vector<Item> out;
    Json* array = optionalArray(object, key);
    if (array == nullptr) return out;
    for (std::size_t i = 0; i < array->size(); ++i) {
      out.push_back(readItem((*array)[i], elementPath(key, i)));
    }
    return out;
  }

  void readHeader(Json& root, Article& article) const {
    const std::string top;
    article.uri = requiredString(root, top, "uri");
    article.url = optionalString(root, top, "url");
    article.headline = requiredString(root, top, "headline");
    article.subheadlines = stringList(root, "subheadlines");
    article.section = optionalString(root, top, "section");
    article.publisher = optionalString(root, top, "publisher");
    article.bylines = readList<Byline>(
        root, "bylines", [this](Json& v, const std::string& p) { return readByline(v, p); });
    article.firstcreated = optionalString(root, top, "firstcreated");
    article.versioncreated = optionalString(root, top, "versioncreated");
    article.language = optionalString(root, top, "language");
    article.located = optionalString(root, top, "located");
    article.keywords = stringList(root, "keywords");
    article.copyrightnotice = optionalString(root, top, "copyrightnotice");
    article.usageterms = optionalString(root, top, "usageterms");
    article.pubstatus = optionalString(root, top, "pubstatus");
  }

  Byline readByline(Json& value, const std::string& path) const {
    expectObject(value, path, kBylineKeys);
    return Byline{requiredString(value, path, "name"), optionalString(value, path, "email"),
                  optionalString(value, path, "role")};
  }

  std::uint32_t dimension(Json& object, const std::string& path, const std::string& key) const {
    Json* value = member(object, key);
    if (value == nullptr) return 0;
    if (!value->is_number_unsigned() ||
        value->get<std::uint64_t>() > std::numeric_limits<std::uint32_t>::max()) {
      fail(memberPath(path, key),
           "found " + (value->is_number_unsigned() ? value->dump() : jsonTypeName(*value)) +
               "; expected a whole number of pixels from 0 to 4294967295");
    }
    return static_cast<std::uint32_t>(value->get<std::uint64_t>());
  }

  Image readImage(Json& value, const std::string& path) const {
    expectObject(value, path, kImageKeys);
    Image image;
    image.name = requiredString(value, path, "name");
    image.fileName = requiredString(value, path, "file");
    image.mediatype = requiredString(value, path, "mediatype");
    image.caption = optionalString(value, path, "caption");
    image.credit = optionalString(value, path, "credit");
    image.byline = optionalString(value, path, "byline");
    image.alt = optionalString(value, path, "alt");
    image.width = dimension(value, path, "width");
    image.height = dimension(value, path, "height");
    return image;
  }

  Attachment readAttachment(Json& value, const std::string& path) const {
    expectObject(value, path, kAttachmentKeys);
    Attachment attachment;
    attachment.name = requiredString(value, path, "name");
    attachment.fileName = requiredString(value, path, "file");
    attachment.mediatype = requiredString(value, path, "mediatype");
    attachment.description = optionalString(value, path, "description");
    return attachment;
  }

  template <typename Item>
  static std::map<std::string, std::uint32_t> indexByName(const std::vector<Item>& items) {
    std::map<std::string, std::uint32_t> index;
    for (std::size_t i = 0; i < items.size(); ++i) {
      index.emplace(items[i].name, static_cast<std::uint32_t>(i));  // duplicates: validateArticle
    }
    return index;
  }

  std::vector<Block> readBody(Json& root, const Article& article) const {
    const auto images = indexByName(article.images);
    const auto attachments = indexByName(article.attachments);
    return readList<Block>(root, "body", [&](Json& value, const std::string& path) {
      return readBlock(value, path, images, attachments);
    });
  }

  std::string_view blockKind(const Json& value, const std::string& path) const {
    std::string_view kind;
    for (const std::string_view candidate : kBlockKinds) {
      if (!value.contains(std::string(candidate))) continue;
      if (!kind.empty()) {
        fail(path, "both \"" + std::string(kind) + "\" and \"" + std::string(candidate) +
                       "\"; expected one kind of block");
      }
      kind = candidate;
    }
    if (kind.empty()) {
      fail(path,
           "an object without a block kind; expected a string (a paragraph) or an object "
           "with one of " +
               joined(kBlockKinds));
    }
    return kind;
  }

  std::uint32_t reference(Json& value, const std::string& path, const std::string& kind,
                          const std::map<std::string, std::uint32_t>& names) const {
    const std::string name = requiredString(value, path, kind);
    const auto found = names.find(name);
    if (found == names.end()) {
      fail(memberPath(path, kind), "no " + kind + " named " + jsonQuoted(name) +
                                       "; expected the name of one of the article's " + kind + "s");
    }
    return found->second;
  }

  std::uint8_t headingLevel(Json& value, const std::string& path) const {
    Json* level = member(value, "level");
    if (level == nullptr) return 2;
    if (!level->is_number_unsigned() || level->get<std::uint64_t>() < 1 ||
        level->get<std::uint64_t>() > 6) {
      fail(memberPath(path, "level"),
           "found " + (level->is_number_unsigned() ? level->dump() : jsonTypeName(*level)) +
               "; expected a heading level from 1 to 6");
    }
    return static_cast<std::uint8_t>(level->get<std::uint64_t>());
  }

  Block readBlock(Json& value, const std::string& path,
                  const std::map<std::string, std::uint32_t>& images,
                  const std::map<std::string, std::uint32_t>& attachments) const {
    if (value.is_string()) return Paragraph{take(value)};
    if (!value.is_object()) {
      fail(path,
           "found " + jsonTypeName(value) + "; expected a string (a paragraph) or a block object");
    }
    const std::string_view kind = blockKind(value, path);
    if (kind == "image") {
      expectObject(value, path, kImageBlockKeys);
      return ImageBlock{reference(value, path, "image", images)};
    }
    if (kind == "attachment") {
      expectObject(value, path, kAttachmentBlockKeys);
      return AttachmentBlock{reference(value, path, "attachment", attachments)};
    }
    if (kind == "heading") {
      expectObject(value, path, kHeadingKeys);
      return Heading{headingLevel(value, path), requiredString(value, path, "heading")};
    }
    expectObject(value, path, kQuoteKeys);
    return Quote{requiredString(value, path, "quote"), optionalString(value, path, "attribution")};
  }

  std::vector<KeyValue> readExtra(Json& root) const {
    std::vector<KeyValue> extra;
    Json* object = member(root, "extra");
    if (object == nullptr) return extra;
    if (!object->is_object()) {
      fail("extra", "found " + jsonTypeName(*object) + "; expected an object of strings");
    }
    for (const auto& [key, value] : object->items()) {
      if (!value.is_string()) {
        fail(memberPath("extra", key), "found " + jsonTypeName(value) + "; expected a string");
      }
      extra.push_back(KeyValue{key, take(value)});
    }
    return extra;
  }

  const std::string& source_;
  std::string_view text_;
  std::vector<std::string>* unknownKeys_;
  mutable std::vector<KeyValue> kept_;                                     // see keep()
  mutable std::map<std::string, std::vector<std::string_view>> rawLists_;  // see rawObject()
};

// --- Formatting ------------------------------------------------------------------------------

void putOptional(Json& object, const char* key, const std::optional<std::string>& value) {
  if (value) object[key] = *value;
}

void putList(Json& object, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) object[key] = values;
}

Json formatBlock(const Block& block, const Article& article) {
  return std::visit(
      [&](const auto& item) -> Json {
        using T = std::decay_t<decltype(item)>;
        Json out = Json::object();
        if constexpr (std::is_same_v<T, Paragraph>) {
          out = item.text;
        } else if constexpr (std::is_same_v<T, Heading>) {
          out["heading"] = item.text;
          out["level"] = item.level;
        } else if constexpr (std::is_same_v<T, Quote>) {
          out["quote"] = item.text;
          putOptional(out, "attribution", item.attribution);
        } else if constexpr (std::is_same_v<T, ImageBlock>) {
          out["image"] = article.images[item.image].name;
        } else {
          out["attachment"] = article.attachments[item.attachment].name;
        }
        return out;
      },
      block);
}

Json formatImage(const Image& image) {
  Json out = Json::object();
  out["name"] = image.name;
  out["file"] = image.fileName;
  out["mediatype"] = image.mediatype;
  putOptional(out, "caption", image.caption);
  putOptional(out, "credit", image.credit);
  putOptional(out, "byline", image.byline);
  putOptional(out, "alt", image.alt);
  if (image.width != 0) out["width"] = image.width;  // 0 is the model's "not stated"
  if (image.height != 0) out["height"] = image.height;
  return out;
}

Json formatAttachment(const Attachment& attachment) {
  Json out = Json::object();
  out["name"] = attachment.name;
  out["file"] = attachment.fileName;
  out["mediatype"] = attachment.mediatype;
  putOptional(out, "description", attachment.description);
  return out;
}

Json formatByline(const Byline& byline) {
  Json out = Json::object();
  out["name"] = byline.name;
  putOptional(out, "email", byline.email);
  putOptional(out, "role", byline.role);
  return out;
}

template <typename Item, typename Format>
void putObjects(Json& object, const char* key, const std::vector<Item>& items, Format format) {
  if (items.empty()) return;
  Json array = Json::array();
  for (const Item& item : items) array.push_back(format(item));
  object[key] = std::move(array);
}

// --- Kept unknown keys ----------------------------------------------------------------------

// Where a kept key goes back: the object (the document, or element `index` of `list`) and the key.
struct KeptPlace {
  std::string list;
  std::size_t index = 0;
  std::string key;
};

Names knownKeys(const std::string& list) {
  static constexpr std::array<std::string_view, 6> kBlockKeys = {
      "image", "attachment", "heading", "level", "quote", "attribution"};
  if (list.empty()) return kArticleKeys;
  if (list == "bylines") return kBylineKeys;
  if (list == "images") return kImageKeys;
  if (list == "attachments") return kAttachmentKeys;
  return kBlockKeys;
}

// The place of extra key "json:<path>" when <path> is the path reading gives an unknown key,
// spelled exactly as memberPath spells it (so one place has one spelling); nullopt otherwise.
std::optional<KeptPlace> keptPlace(std::string_view extraKey) {
  if (!extraKey.starts_with(kKeptPrefix)) return std::nullopt;
  const std::string_view path = extraKey.substr(kKeptPrefix.size());
  KeptPlace place;
  std::string_view rest = path;
  for (const std::string_view list : {"bylines", "images", "attachments", "body"}) {
    if (!path.starts_with(std::string(list) + "[")) continue;
    const std::size_t close = path.find(']');
    const std::string digits(path.substr(list.size() + 1, close - list.size() - 1));
    if (close == std::string_view::npos || digits.empty() || digits.size() > 9 ||
        digits.find_first_not_of("0123456789") != std::string::npos) {
      return std::nullopt;
    }
    place.list = list;
    place.index = std::stoul(digits);
    rest = path.substr(close + 1);
    if (rest.starts_with('.')) rest.remove_prefix(1);
  }
  if (rest.starts_with("[\"") && rest.ends_with("\"]")) {
    const std::string_view literal = rest.substr(1, rest.size() - 2);
    if (!Json::accept(literal)) return std::nullopt;
    const Json key = Json::parse(literal);
    if (!key.is_string()) return std::nullopt;
    place.key = key.get<std::string>();
  } else {
    place.key = rest;
  }
  const std::string parent = place.list.empty() ? "" : elementPath(place.list, place.index);
  if (memberPath(parent, place.key) != path) return std::nullopt;
  for (const std::string_view known : knownKeys(place.list)) {
    if (place.key == known) return std::nullopt;
  }
  return place;
}

// The object a kept key goes back into, when the article has it.
Json* keptTarget(Json& out, const KeptPlace& place) {
  if (place.list.empty()) return &out;
  const auto list = out.find(place.list);
  if (list == out.end() || place.index >= list->size()) return nullptr;
  Json& element = (*list)[place.index];
  return element.is_object() ? &element : nullptr;
}

// Whether `value` reads back, in the place of `place`, as exactly this text: one JSON value with
// no space around it that the strict parser takes there (no duplicate key, not too deep).
bool readsBackAs(const std::string& value, const KeptPlace& place) {
  constexpr std::string_view kSpace = " \t\r\n";
  if (value.empty() || kSpace.find(value.front()) != std::string_view::npos ||
      kSpace.find(value.back()) != std::string_view::npos) {
    return false;
  }
  try {
    const std::size_t depth = place.list.empty() ? 1 : 3;  // the containers around the value
    internal::parseStrictJson(value, "extra", kMaxNesting - depth, "a kept value");
    return true;
  } catch (const Error&) {
    return false;
  }
}

// Puts each kept key of extra back in its object, after the object's own members, with a
// placeholder value for putBackValues(); returns the rest of extra and the values put back.
// A kept key that cannot go back (its object is absent, its key is there, its value is not one
// JSON value) stays in extra, where it is read back as the same extra key.
std::vector<KeyValue> putBackKeys(Json& out, const std::vector<KeyValue>& extra,
                                  std::vector<std::string_view>& values) {
  std::vector<KeyValue> rest;
  for (const KeyValue& item : extra) {
    const std::optional<KeptPlace> place = keptPlace(item.key);
    Json* target = place ? keptTarget(out, *place) : nullptr;
    if (target == nullptr || target->contains(place->key) || !readsBackAs(item.value, *place)) {
      rest.push_back(item);
      continue;
    }
    // NUL cannot be in an article's text (validateArticle), so the placeholder is unique.
    (*target)[place->key] = std::string("\0kept-", 6) + std::to_string(values.size()) + '\0';
    values.push_back(item.value);
  }
  return rest;
}

std::string putBackValues(std::string text, const std::vector<std::string_view>& values) {
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string placeholder = "\"\\u0000kept-" + std::to_string(i) + "\\u0000\"";
    const std::size_t at = text.find(placeholder);
    if (at != std::string::npos) text.replace(at, placeholder.size(), values[i]);
  }
  return text;
}

}  // namespace

Article parseArticleJson(std::string_view json, const std::string& source) {
  return parseArticleJson(json, source, nullptr);
}

Article parseArticleJson(std::string_view json, const std::string& source,
                         std::vector<std::string>* unknownKeys) {
  Json root = internal::parseStrictJson(json, source, kMaxNesting, "the article.json structure");
  Article article = ArticleReader(source, json, unknownKeys).read(root);
  validateArticle(article, source);
  return article;
}

std::string formatArticleJson(const Article& article) {
  // Only a valid article has a JSON form: body blocks are written by name, and names must exist
  // and be unique for parseArticleJson to read the same article back.
  validateArticle(article, "article");
  Json out = Json::object();
  out["uri"] = article.uri;
  putOptional(out, "url", article.url);
  out["headline"] = article.headline;
  putList(out, "subheadlines", article.subheadlines);
  putOptional(out, "section", article.section);
  putOptional(out, "publisher", article.publisher);
  putObjects(out, "bylines", article.bylines, formatByline);
  putOptional(out, "firstcreated", article.firstcreated);
  putOptional(out, "versioncreated", article.versioncreated);
  putOptional(out, "language", article.language);
  putOptional(out, "located", article.located);
  putList(out, "keywords", article.keywords);
  putOptional(out, "copyrightnotice", article.copyrightnotice);
  putOptional(out, "usageterms", article.usageterms);
  putOptional(out, "pubstatus", article.pubstatus);
  putObjects(out, "body", article.body,
             [&article](const Block& block) { return formatBlock(block, article); });
  putObjects(out, "images", article.images, formatImage);
  putObjects(out, "attachments", article.attachments, formatAttachment);
  std::vector<std::string_view> keptValues;
  const std::vector<KeyValue> extraLeft = putBackKeys(out, article.extra, keptValues);
  if (!extraLeft.empty()) {
    Json extra = Json::object();
    for (const KeyValue& item : extraLeft) extra[item.key] = item.value;
    out["extra"] = std::move(extra);
  }
  // Raw UTF-8 rather than \u escapes: the file stays readable, and the text is already valid.
  return putBackValues(out.dump(2, ' ', false, Json::error_handler_t::strict), keptValues) + "\n";
}

}  // namespace archive_news
