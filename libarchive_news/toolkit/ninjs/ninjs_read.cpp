// parseNinjs: ninjs 2.x text to articles (spec/NINJS.md). Types are checked strictly and every
// complaint names the field; what the model has no field for is kept in Article::extra.
#include <archive_news/article.h>
#include <archive_news/error.h>
#include <archive_news/ninjs.h>

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "toolkit/common/strict_json.h"
#include "toolkit/ninjs/ninjs_model.h"

namespace archive_news {
namespace {

using internal::elementPath;
using internal::Json;
using internal::jsonQuoted;
using internal::jsonTypeName;
using internal::memberPath;
using namespace internal::ninjs;

// The "newsarc" extension object: model fields ninjs 2.x has no property for.
struct NewsarcFields {
  std::optional<std::string> url;
  std::optional<std::string> section;
  std::optional<std::string> publisher;
  std::optional<std::vector<Byline>> bylines;
  std::vector<KeyValue> extra;
};

class ItemReader {
 public:
  ItemReader(const Checker& check, bool allowUnknownKeys, NinjsDocument& document)
      : check_(check), allowUnknownKeys_(allowUnknownKeys), document_(document) {}

  Article read(const Json& item, const std::string& path) {
    if (!item.is_object()) {
      check_.fail(path, "found " + jsonTypeName(item) + "; expected a ninjs item (an object)");
    }
    path_ = path;
    present_.clear();
    kept_.clear();
    survey(item);
    Article article;
    readHeader(article);
    const NewsarcFields newsarc = readNewsarc();
    readBylines(article, newsarc);
    readAssociations(article);
    readGroup("bodies", canonicalBodies, article, [&](const Json& value, const std::string& at) {
      article.body = readBodies(check_, value, at, article);
    });
    readGroup("keywords", canonicalKeywords, article,
              [&](const Json& value, const std::string& at) {
                article.keywords = readStrings(check_, value, at);
              });
    readKeptProperties();
    article.url = newsarc.url;
    article.section = newsarc.section;
    article.publisher = newsarc.publisher;
    collectExtra(article, newsarc.extra);
    try {
      validateArticle(article, check_.source());
    } catch (const Error& error) {
      check_.fail(path_, "as an article: " + error.reason());
    }
    return article;
  }

 private:
  std::string at(std::string_view key) const { return memberPath(path_, key); }

  const Json* get(std::string_view name) const {
    const auto found = present_.find(propertyIndex(*findProperty(name)));
    return found == present_.end() ? nullptr : found->second;
  }

  std::optional<std::string> text(std::string_view name) const {
    const Json* value = get(name);
    if (value == nullptr) return std::nullopt;
    return value->get<std::string>();
  }

  void keep(std::string_view name, std::string value) {
    kept_[propertyIndex(*findProperty(name))] = std::move(value);
  }

  void unknownKey(const std::string& path, const std::string& expected) {
    if (!allowUnknownKeys_) check_.fail(path, "unknown key; expected " + expected);
    document_.unknownKeys.push_back(path);
  }

  // Every property known and of its type; strings are text without U+0000.
  void survey(const Json& item) {
    for (const auto& [key, value] : item.items()) {
      const Property* property = findProperty(key);
      if (property == nullptr) {
        unknownKey(at(key), "a property of ninjs 2.x, or keywords or newsarc (spec/NINJS.md)");
        continue;
      }
      check_.expect(value, property->type, at(key));
      if (property->type == Type::kString) check_.text(value, at(key));
      present_[propertyIndex(*property)] = &value;
    }
  }

  void readHeader(Article& article) {
    const std::optional<std::string> uri = text("uri");
    if (!uri) check_.fail(at("uri"), "missing; expected a string, the item's identifier");
    if (uri->empty()) check_.fail(at("uri"), "empty; expected the item's identifier");
    article.uri = *uri;
    article.language = text("language");
    article.located = text("located");
    article.copyrightnotice = text("copyrightnotice");
    article.usageterms = text("usageterms");
    article.pubstatus = readPubstatus();
    article.firstcreated = readTime("firstcreated");
    article.versioncreated = readTime("versioncreated");
    readGroup("headlines", canonicalHeadlines, article,
              [&](const Json& value, const std::string& path) {
                HeadlineFields fields = readHeadlines(check_, value, path);
                article.headline = std::move(fields.headline);
                article.subheadlines = std::move(fields.subheadlines);
              });
  }

  // One of ninjs 2.x's enumeration. Another value is refused rather than kept in extra: an item
  // of unknown status must not be packed as if it were usable.
  std::optional<std::string> readPubstatus() const {
    std::optional<std::string> value = text("pubstatus");
    if (value && *value != "usable" && *value != "withheld" && *value != "canceled") {
      check_.fail(at("pubstatus"), jsonQuoted(*value) +
                                       " is not a publication status; expected \"usable\", "
                                       "\"withheld\" or \"canceled\"");
    }
    return value;
  }

  // A time the model cannot hold as one (no zone, another form) is kept as written.
  std::optional<std::string> readTime(std::string_view name) {
    std::optional<std::string> value = text(name);
    if (!value || isRfc3339Time(*value)) return value;
    document_.notes.push_back(at(name) + ": " + jsonQuoted(*value) +
                              " is not an RFC 3339 time; kept as " + extraKey(name) +
                              ", not as the article's date");
    keep(name, std::move(*value));
    return std::nullopt;
  }

  // Reads a group into the article and keeps its JSON when that is not the canonical form of
  // what was read.
  template <typename Canonical, typename Read>
  void readGroup(std::string_view name, Canonical canonical, const Article& article, Read read) {
    const Json* value = get(name);
    if (value != nullptr) read(*value, at(name));
    const std::optional<Json> written = canonical(article);
    if (value != nullptr && (!written || *written != *value)) {
      keep(name, internal::compactJson(*value));
    }
  }

  NewsarcFields readNewsarc() {
    NewsarcFields out;
    const Json* object = get("newsarc");
    if (object == nullptr) return out;
    const std::string path = at("newsarc");
    for (const auto& [key, value] : object->items()) {
      if (key != "url" && key != "section" && key != "publisher" && key != "bylines" &&
          key != "extra") {
        unknownKey(memberPath(path, key), "one of url, section, publisher, bylines, extra");
      }
    }
    out.url = check_.optionalText(*object, path, "url");
    out.section = check_.optionalText(*object, path, "section");
    out.publisher = check_.optionalText(*object, path, "publisher");
    if (const auto bylines = object->find("bylines"); bylines != object->end()) {
      out.bylines = internal::ninjs::readBylines(check_, *bylines, memberPath(path, "bylines"));
    }
    if (const auto extra = object->find("extra"); extra != object->end()) {
      const std::string extraPath = memberPath(path, "extra");
      check_.expect(*extra, Type::kObject, extraPath);
      for (const auto& [key, value] : extra->items()) {
        out.extra.push_back(KeyValue{key, check_.text(value, memberPath(extraPath, key))});
      }
    }
    return out;
  }

  // `by` is the bylines' names; newsarc.bylines, when present, gives them whole.
  void readBylines(Article& article, const NewsarcFields& newsarc) {
    const std::optional<std::string> by = text("by");
    article.bylines = newsarc.bylines ? *newsarc.bylines : bylinesFromBy(by);
    if (by && by != canonicalBy(article.bylines)) keep("by", *by);
  }

  void readAssociations(Article& article) {
    const Json* value = get("associations");
    if (value == nullptr) return;
    AssociationFields fields =
        internal::ninjs::readAssociations(check_, *value, at("associations"));
    article.images = std::move(fields.images);
    article.attachments = std::move(fields.attachments);
    for (std::string& note : fields.notes) document_.notes.push_back(std::move(note));
    for (std::string& what : fields.leftOut) document_.leftOut.push_back(std::move(what));
    const std::size_t index = document_.articles.size();
    std::set<std::string> listed;
    auto list = [&](const std::string& fileName, const std::string& field) {
      if (listed.insert(fileName).second) document_.files.push_back({index, fileName, field});
    };
    for (std::size_t i = 0; i < article.images.size(); ++i) {
      list(article.images[i].fileName, fields.imageFields[i]);
    }
    for (std::size_t i = 0; i < article.attachments.size(); ++i) {
      list(article.attachments[i].fileName, fields.attachmentFields[i]);
    }
    const std::optional<Json> written = canonicalAssociations(article);
    if (!written || *written != fields.kept) {
      keep("associations", internal::compactJson(fields.kept));
    }
  }

  void readKeptProperties() {
    for (const auto& [index, value] : present_) {
      const Property& property = properties()[index];
      if (property.use != Use::kKept) continue;
      if (property.name == "renditions") {
        const Json renditions = keptRenditions(*value, at(property.name), document_.leftOut);
        if (!renditions.empty() || value->empty()) {
          keep(property.name, internal::compactJson(renditions));
        }
      } else {
        keep(property.name, property.type == Type::kString ? value->get<std::string>()
                                                           : internal::compactJson(*value));
      }
    }
  }

  // Kept properties in the order of properties(), then newsarc.extra as it stands.
  void collectExtra(Article& article, const std::vector<KeyValue>& extra) {
    std::map<std::string, std::string> keptBy;  // extra key -> property
    for (const auto& [index, value] : kept_) {
      const std::string_view name = properties()[index].name;
      article.extra.push_back(KeyValue{extraKey(name), value});
      keptBy.emplace(extraKey(name), std::string(name));
    }
    for (const KeyValue& item : extra) {
      if (const auto clash = keptBy.find(item.key); clash != keptBy.end()) {
        check_.fail(memberPath(memberPath(at("newsarc"), "extra"), item.key),
                    "the key the item's " + jsonQuoted(clash->second) +
                        " property is kept under; expected keys no property uses");
      }
      article.extra.push_back(item);
    }
  }

  const Checker& check_;
  bool allowUnknownKeys_;
  NinjsDocument& document_;
  std::string path_;
  std::map<std::size_t, const Json*> present_;  // by property index
  std::map<std::size_t, std::string> kept_;     // by property index
};

}  // namespace

NinjsDocument parseNinjs(std::string_view json, const std::string& source, bool allowUnknownKeys) {
  const Json root = internal::parseStrictJson(json, source, kMaxNesting, "a ninjs document");
  const Checker check(source);
  NinjsDocument document;
  ItemReader reader(check, allowUnknownKeys, document);
  if (root.is_array()) {
    if (root.empty()) check.fail("", "an empty array; expected at least one ninjs item");
    for (std::size_t i = 0; i < root.size(); ++i) {
      document.articles.push_back(reader.read(root[i], elementPath("", i)));
    }
  } else if (root.is_object()) {
    document.articles.push_back(reader.read(root, ""));
  } else {
    check.fail("", "found " + jsonTypeName(root) +
                       "; expected a ninjs item (an object) or an array of them");
  }
  return document;
}

}  // namespace archive_news
