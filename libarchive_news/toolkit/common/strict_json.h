// Strict JSON input for the formats the library reads (article.json, ninjs): malformed text is
// reported with its line and column, a key given twice or nesting beyond a limit is refused while
// the text is parsed, and every complaint names the field by its JSON path.
#ifndef ARCHIVE_NEWS_TOOLKIT_COMMON_STRICT_JSON_H_
#define ARCHIVE_NEWS_TOOLKIT_COMMON_STRICT_JSON_H_

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// Ordered: members keep the order of the text, so what is written back reads like what was read.
using Json = nlohmann::ordered_json;

// Parses `text` (UTF-8, one JSON value). Throws Error(kInvalidArgument) naming `source` and the
// line and column of malformed JSON or invalid UTF-8, the path of a duplicate key, or the path
// where nesting passes `maxNesting`; `structure` names what was expected there ("the
// article.json structure").
Json parseStrictJson(std::string_view text, const std::string& source, std::size_t maxNesting,
                     std::string_view structure);

// "a string", "an array", "a negative number": what a value is, for "found X; expected Y".
std::string jsonTypeName(const Json& value);

// A JSON string literal of valid UTF-8 text: quotes, backslashes and controls escaped.
std::string jsonQuoted(std::string_view text);

// The path of a member: `images[0].file`, or `extra["odd key"]` when the key is not plain.
std::string memberPath(const std::string& parent, std::string_view key);
std::string elementPath(const std::string& parent, std::size_t index);

// Compact JSON text of a value, non-ASCII text as raw UTF-8.
std::string compactJson(const Json& value);

// A member of an object as its source text holds it: the key decoded, the value as the exact
// bytes of the source (spacing inside it, number spelling such as 1.50, escapes), so that what an
// archive keeps without understanding it can be given back unchanged.
struct RawMember {
  std::string key;
  std::string_view value;
};

// The members of the object, or the elements of the array, whose source text is `text`: text that
// parseStrictJson accepted (the containers of a parsed document, found by these functions
// themselves). Text that is not such a container gives an empty list.
std::vector<RawMember> rawMembers(std::string_view text);
std::vector<std::string_view> rawElements(std::string_view text);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_COMMON_STRICT_JSON_H_
