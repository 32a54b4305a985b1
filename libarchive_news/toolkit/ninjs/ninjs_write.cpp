// formatNinjs: an article as one ninjs 2.x item (spec/NINJS.md). Properties a ninjs source gave
// and the model could not hold come back from Article::extra; the rest is written in canonical
// form.
#include <archive_news/article.h>
#include <archive_news/error.h>
#include <archive_news/ninjs.h>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "toolkit/common/strict_json.h"
#include "toolkit/ninjs/ninjs_model.h"

namespace archive_news {
namespace {

using internal::Json;
using namespace internal::ninjs;

// Article::extra split in two: a leading run of "ninjs:" keys that can be written as the
// properties they were read from, and the rest, which goes to newsarc.extra. Reading the item
// back gives the same extra: kept properties first, in the order of properties(), then
// newsarc.extra in its order; so a "ninjs:" key ends the run when it is out of that order, or
// when its value is not what reading that property would keep.
struct SplitExtra {
  std::map<std::size_t, std::string> kept;  // by property index
  std::vector<KeyValue> rest;
};

std::optional<std::string> modelText(const Article& article, std::string_view name) {
  if (name == "uri") return article.uri;
  if (name == "language") return article.language;
  if (name == "located") return article.located;
  if (name == "copyrightnotice") return article.copyrightnotice;
  if (name == "usageterms") return article.usageterms;
  if (name == "pubstatus") return article.pubstatus;
  if (name == "firstcreated") return article.firstcreated;
  if (name == "versioncreated") return article.versioncreated;
  return std::nullopt;
}

// Whether nesting in JSON text stays within `limit`, judged from the text so that a hostile
// value is never parsed (or printed, which recurses) at all.
bool nestingWithin(std::string_view text, std::size_t limit) {
  std::size_t depth = 0;
  bool inString = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (inString) {
      if (c == '\\') ++i;
      if (c == '"') inString = false;
    } else if (c == '"') {
      inString = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return false;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return true;
}

// The JSON a kept value holds, when it is exactly what reading would keep: compact, of the
// property's type, and shallow enough to be read back inside an item.
std::optional<Json> keptJson(const std::string& value, Type type) {
  if (!nestingWithin(value, kMaxNesting - 1)) return std::nullopt;
  Json parsed = Json::parse(value, nullptr, false);
  if (parsed.is_discarded() || !hasType(parsed, type) || internal::compactJson(parsed) != value) {
    return std::nullopt;
  }
  return parsed;
}

bool differs(const std::optional<Json>& canonical, const Json& value) {
  return !canonical || *canonical != value;
}

template <typename Item>
std::vector<Item> withoutContent(std::vector<Item> items) {
  for (Item& item : items) item.content = ContentRef{};
  return items;
}

// Whether reading `parsed` as the group gives the article's fields and keeps it as it is.
bool groupReadsBack(std::string_view name, const Json& parsed, const Article& article) {
  const Checker check("article");
  try {
    if (name == "headlines") {
      const HeadlineFields fields = readHeadlines(check, parsed, "headlines");
      return fields.headline == article.headline && fields.subheadlines == article.subheadlines &&
             differs(canonicalHeadlines(article), parsed);
    }
    if (name == "associations") {
      const AssociationFields fields = readAssociations(check, parsed, "associations");
      return fields.kept == parsed && fields.images == withoutContent(article.images) &&
             fields.attachments == withoutContent(article.attachments) &&
             differs(canonicalAssociations(article), parsed);
    }
    if (name == "bodies") {
      return readBodies(check, parsed, "bodies", article) == article.body &&
             differs(canonicalBodies(article), parsed);
    }
    return readStrings(check, parsed, "keywords") == article.keywords &&
           differs(canonicalKeywords(article), parsed);
  } catch (const Error&) {
    return false;
  }
}

bool keptReadsBack(const Property& property, const std::string& value, const Article& article) {
  switch (property.use) {
    case Use::kTime:
      return !modelText(article, property.name) && !isRfc3339Time(value);
    case Use::kGroup: {
      if (property.name == "by") return value != canonicalBy(article.bylines);
      const std::optional<Json> parsed = keptJson(value, property.type);
      return parsed && groupReadsBack(property.name, *parsed, article);
    }
    case Use::kKept: {
      if (property.type == Type::kString) return true;
      const std::optional<Json> parsed = keptJson(value, property.type);
      if (!parsed) return false;
      std::vector<std::string> leftOut;
      return property.name != "renditions" || keptRenditions(*parsed, "", leftOut) == *parsed;
    }
    default:
      return false;
  }
}

SplitExtra splitExtra(const Article& article) {
  SplitExtra out;
  std::optional<std::size_t> last;
  std::size_t i = 0;
  for (; i < article.extra.size(); ++i) {
    const KeyValue& item = article.extra[i];
    if (!item.key.starts_with("ninjs:")) break;
    const Property* property = findProperty(std::string_view(item.key).substr(6));
    if (property == nullptr) break;
    const std::size_t index = propertyIndex(*property);
    if ((last && index <= *last) || !keptReadsBack(*property, item.value, article)) break;
    out.kept.emplace(index, item.value);
    last = index;
  }
  out.rest.assign(article.extra.begin() + static_cast<std::ptrdiff_t>(i), article.extra.end());
  return out;
}

class ItemWriter {
 public:
  explicit ItemWriter(const Article& article) : article_(article), split_(splitExtra(article)) {}

  Json write() {
    Json out = Json::object();
    for (const Property& property : properties()) put(out, property);
    return out;
  }

 private:
  const std::string* kept(const Property& property) const {
    const auto found = split_.kept.find(propertyIndex(property));
    return found == split_.kept.end() ? nullptr : &found->second;
  }

  void put(Json& out, const Property& property) {
    const std::string key(property.name);
    const std::string* keptValue = kept(property);
    switch (property.use) {
      case Use::kNative:
      case Use::kTime:
        if (const auto value = modelText(article_, property.name)) {
          out[key] = *value;
        } else if (keptValue != nullptr) {
          out[key] = *keptValue;
        }
        return;
      case Use::kKept:
        if (keptValue != nullptr) {
          out[key] = property.type == Type::kString ? Json(*keptValue) : Json::parse(*keptValue);
        }
        return;
      case Use::kGroup:
        if (keptValue != nullptr) {
          out[key] = property.type == Type::kString ? Json(*keptValue) : Json::parse(*keptValue);
        } else if (const std::optional<Json> canonical = canonicalGroup(property.name)) {
          out[key] = *canonical;
        }
        return;
      case Use::kNewsarc:
        if (Json newsarc = newsarcObject(out); !newsarc.empty()) out[key] = std::move(newsarc);
        return;
    }
  }

  std::optional<Json> canonicalGroup(std::string_view name) const {
    if (name == "headlines") return canonicalHeadlines(article_);
    if (name == "by") {
      const std::optional<std::string> by = canonicalBy(article_.bylines);
      return by ? std::optional<Json>(*by) : std::nullopt;
    }
    if (name == "bodies") return canonicalBodies(article_);
    if (name == "associations") return canonicalAssociations(article_);
    return canonicalKeywords(article_);
  }

  // What ninjs 2.x has no property for. `written` is the item so far, `by` included.
  Json newsarcObject(const Json& written) const {
    Json out = Json::object();
    if (article_.url) out["url"] = *article_.url;
    if (article_.section) out["section"] = *article_.section;
    if (article_.publisher) out["publisher"] = *article_.publisher;
    const auto by = written.find("by");
    const std::optional<std::string> writtenBy =
        by == written.end() ? std::nullopt : std::optional<std::string>(by->get<std::string>());
    if (bylinesFromBy(writtenBy) != article_.bylines) {
      out["bylines"] = formatBylines(article_.bylines);
    }
    if (!split_.rest.empty()) {
      Json extra = Json::object();
      for (const KeyValue& item : split_.rest) extra[item.key] = item.value;
      out["extra"] = std::move(extra);
    }
    return out;
  }

  const Article& article_;
  SplitExtra split_;
};

}  // namespace

std::string formatNinjs(const Article& article) {
  // Only a valid article has a ninjs form: body blocks refer to images by name, and names must
  // exist and be unique for parseNinjs to read the same article back.
  validateArticle(article, "article");
  // Raw UTF-8 rather than \u escapes: the file stays readable, and the text is already valid.
  return ItemWriter(article).write().dump(2, ' ', false, Json::error_handler_t::strict) + "\n";
}

}  // namespace archive_news
