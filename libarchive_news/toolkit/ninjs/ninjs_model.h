// The mapping between a ninjs 2.x item and the article model, shared by the reader
// (ninjs_read.cpp) and the writer (ninjs_write.cpp), so that both sides agree by construction.
//
// Each group of ninjs properties the model holds (headlines, by, bodies, associations, keywords)
// has a read function (JSON to model fields) and a canonical form (model fields to the JSON the
// writer produces). The reader keeps a group's JSON verbatim in Article::extra only when it is not
// the canonical form of what was read, and the writer writes a kept group back only when reading
// it gives the article's fields: so ninjs in -> ninjs out keeps every property, and article ->
// ninjs -> article is the identity.
#ifndef ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_MODEL_H_
#define ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_MODEL_H_

#include <archive_news/article.h>
#include <archive_news/ninjs.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "toolkit/common/strict_json.h"

namespace archive_news::internal::ninjs {

// Deeper than real ninjs (associations nest items, places hold GeoJSON), shallow enough that
// hostile nesting costs nothing.
inline constexpr std::size_t kMaxNesting = 64;

// The JSON type a property must have.
enum class Type { kString, kArray, kObject, kNumber };

// What the model does with a property.
enum class Use {
  kNative,  // a field of the model (uri, language, ...); never kept in extra
  kTime,    // firstcreated, versioncreated: the model's field when RFC 3339, else kept
  kGroup,   // read into model fields; kept verbatim when not in canonical form
  kKept,    // no model field: always kept in extra, as it was
  kNewsarc  // the "newsarc" extension object: model fields ninjs 2.x has no property for
};

bool hasType(const Json& value, Type type);

struct Property {
  std::string_view name;
  Type type;
  Use use;
};

// Every property newsarc reads: those of ninjs 2.0 to 2.4, "$schema", and the extensions
// "keywords" (as in ninjs 1.x) and "newsarc". In the order formatNinjs writes them, which is also
// the order of their "ninjs:" keys in Article::extra.
const std::vector<Property>& properties();
const Property* findProperty(std::string_view name);
// Position of a property in properties().
std::size_t propertyIndex(const Property& property);

// The extra key a kept property is stored under: "ninjs:<name>".
std::string extraKey(std::string_view name);

// Throws Error(kInvalidArgument) naming `source` and the field, like every reader in the library.
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}
  [[noreturn]] void fail(const std::string& path, const std::string& what) const;
  // `value` must be a string of text without U+0000.
  const std::string& text(const Json& value, const std::string& path) const;
  // The member as text, or nothing when absent.
  std::optional<std::string> optionalText(const Json& object, const std::string& path,
                                          std::string_view key) const;
  void expect(const Json& value, Type type, const std::string& path) const;
  const std::string& source() const { return source_; }

 private:
  std::string source_;
};

// --- headlines ---------------------------------------------------------------------------------
struct HeadlineFields {
  std::string headline;
  std::vector<std::string> subheadlines;
};
HeadlineFields readHeadlines(const Checker& check, const Json& headlines, const std::string& path);
std::optional<Json> canonicalHeadlines(const Article& article);

// --- by and bylines ------------------------------------------------------------------------------
// The bylines a `by` statement alone stands for: one byline named by it, or none.
std::vector<Byline> bylinesFromBy(const std::optional<std::string>& by);
// The `by` written for these bylines: their names joined by ", ", or nothing.
std::optional<std::string> canonicalBy(const std::vector<Byline>& bylines);
std::vector<Byline> readBylines(const Checker& check, const Json& bylines, const std::string& path);
Json formatBylines(const std::vector<Byline>& bylines);

// --- associations ------------------------------------------------------------------------------
struct AssociationFields {
  std::vector<Image> images;
  std::vector<Attachment> attachments;
  // The file of each image, then of each attachment: where its href stands.
  std::vector<std::string> imageFields;
  std::vector<std::string> attachmentFields;
  std::vector<std::string> notes;    // kept as metadata, no file packed
  std::vector<std::string> leftOut;  // further local renditions: not packed, left out
  // The associations as they can be written back: renditions whose files are not packed removed.
  Json kept;
};
AssociationFields readAssociations(const Checker& check, const Json& associations,
                                   const std::string& path);
std::optional<Json> canonicalAssociations(const Article& article);

// Renditions of the item itself: their files are not packed, so renditions with a local href are
// left out (each described in `leftOut`) and the rest returned.
Json keptRenditions(const Json& renditions, const std::string& path,
                    std::vector<std::string>& leftOut);

// --- bodies ------------------------------------------------------------------------------------
// Body blocks from the first text/html body, else the first text/plain one; images and
// attachments are found among the article's by name or file name.
std::vector<Block> readBodies(const Checker& check, const Json& bodies, const std::string& path,
                              const Article& article);
std::optional<Json> canonicalBodies(const Article& article);

// --- keywords ----------------------------------------------------------------------------------
std::vector<std::string> readStrings(const Checker& check, const Json& array,
                                     const std::string& path);
std::optional<Json> canonicalKeywords(const Article& article);

// --- file references ---------------------------------------------------------------------------
// True for an href that names a local file: no scheme and not a network path ("//host/...").
bool isLocalHref(std::string_view href);
// The file name a local href stands for: percent-decoded, "." components dropped.
std::string fileNameFromHref(std::string_view href);
// The href written for a file name: percent-encoded but for unreserved characters and '/'.
std::string hrefFromFileName(std::string_view fileName);

}  // namespace archive_news::internal::ninjs

#endif  // ARCHIVE_NEWS_TOOLKIT_NINJS_NINJS_MODEL_H_
