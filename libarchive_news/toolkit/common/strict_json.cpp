// Strict JSON input: nlohmann's parser, followed event by event to name paths, refuse duplicate
// keys and cap nesting, and its error messages turned into "line L, column C: ..." in UTF-8.
#include "toolkit/common/strict_json.h"

#include <archive_news/error.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "util/keyed_hash.h"

namespace archive_news::internal {
namespace {

bool isPlainKey(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                       c == '_' || c == '-';
    if (!plain) return false;
  }
  return true;
}

// Length of the well-formed UTF-8 sequence at text[i], or 0 when there is none.
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  if (lead < 0x80) return 1;
  std::size_t length = lead >= 0xc2 && lead <= 0xdf   ? 2
                       : lead >= 0xe0 && lead <= 0xef ? 3
                       : lead >= 0xf0 && lead <= 0xf4 ? 4
                                                      : 0;
  if (length == 0 || text.size() - i < length) return 0;
  const auto second = static_cast<unsigned char>(text[i + 1]);
  const unsigned char low = lead == 0xe0 ? 0xa0 : lead == 0xf0 ? 0x90 : 0x80;
  const unsigned char high = lead == 0xed ? 0x9f : lead == 0xf4 ? 0x8f : 0xbf;
  if (second < low || second > high) return 0;
  for (std::size_t k = 2; k < length; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

// nlohmann quotes the bytes it last read, which for bad input are not UTF-8; error messages must
// be, so each stray byte becomes \xNN.
std::string sanitised(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t length = utf8SequenceLength(text, i);
    if (length == 0) {
      const auto byte = static_cast<unsigned char>(text[i++]);
      out += "\\x";
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    } else {
      out.append(text.substr(i, length));
      i += length;
    }
  }
  return out;
}

// "line 3, column 14: invalid JSON: <what nlohmann found>" from nlohmann's parse_error message
// ("[json.exception.parse_error.101] parse error at line 3, column 14: <what>").
std::string describeParseError(const Json::parse_error& error) {
  const std::string_view message = error.what();
  constexpr std::string_view kAt = "parse error at ";
  const std::size_t at = message.find(kAt);
  if (at != std::string_view::npos) {
    const std::size_t colon = message.find(": ", at);
    if (colon != std::string_view::npos) {
      const std::string_view where = message.substr(at + kAt.size(), colon - at - kAt.size());
      return sanitised(where) + ": invalid JSON: " + sanitised(message.substr(colon + 2));
    }
  }
  return "byte " + std::to_string(error.byte) + ": invalid JSON: " + sanitised(message);
}

// nlohmann reports a number no double can hold ("1e999") as out_of_range, without a position:
// the number is found in the text to give its line and column like any other error.
std::string describeRangeError(std::string_view text, const Json::exception& error) {
  std::string_view message = error.what();
  if (const std::size_t end = message.find("] "); end != std::string_view::npos) {
    message.remove_prefix(end + 2);
  }
  std::string where;
  const std::size_t open = message.find('\'');
  const std::size_t close = message.rfind('\'');
  if (open != std::string_view::npos && close > open + 1) {
    const std::size_t at = text.find(message.substr(open + 1, close - open - 1));
    if (at != std::string_view::npos) {
      const std::size_t lineStart = text.rfind('\n', at);
      const std::size_t line =
          1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
      const std::size_t column = lineStart == std::string_view::npos ? at + 1 : at - lineStart;
      where = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": ";
    }
  }
  return where + "invalid JSON: " + sanitised(message) +
         "; expected numbers within the range of a double";
}

// Builds the document from the parser's events (nlohmann's SAX interface), refusing duplicate keys
// (nlohmann would keep only one of them) and runaway nesting while the text is parsed. The path
// of the value being read, needed only for a complaint, is found from the containers still open:
// an object's last member is the one being read, an array's elements before it are complete.
// Doing this here rather than in a parse callback spares a copy of every key and a set of them.
class StrictDomBuilder {
 public:
  StrictDomBuilder(Json& root, const std::string& source, std::size_t maxNesting,
                   std::string_view structure)
      : root_(root), source_(source), maxNesting_(maxNesting), structure_(structure) {}

  bool null() { return put(nullptr); }
  bool boolean(bool value) { return put(value); }
  bool number_integer(Json::number_integer_t value) { return put(value); }
  bool number_unsigned(Json::number_unsigned_t value) { return put(value); }
  bool number_float(Json::number_float_t value, const Json::string_t&) { return put(value); }
  bool string(Json::string_t& value) { return put(value); }
  bool binary(Json::binary_t& value) { return put(std::move(value)); }
  bool start_object(std::size_t) { return open(Json::value_t::object); }
  bool start_array(std::size_t) { return open(Json::value_t::array); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }

  bool key(Json::string_t& key) {
    auto& members = open_.back()->get_ref<Json::object_t&>();
    if (!isNewKey(members, key)) {
      fail(path(&key), "duplicate key; expected each key once in an object");
    }
    // Appended as it is: ordered_map's emplace() would search the members one by one again.
    members.Json::object_t::Container::emplace_back(key, nullptr);
    member_ = &members.back().second;
    return true;
  }

  // nlohmann's parse_error or out_of_range, thrown as they are for the caller to describe.
  template <class Exception>
  bool parse_error(std::size_t, const std::string&, const Exception& error) {
    throw error;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt, path + ": " + what);
  }

  // `duplicate`, when given, is the key being read in the innermost object.
  std::string path(const std::string* duplicate = nullptr) const {
    std::string out;
    for (std::size_t i = 0; i < open_.size(); ++i) {
      const Json& container = *open_[i];
      const bool innermost = i + 1 == open_.size();
      if (!container.is_object()) {
        out = elementPath(out, innermost ? container.size() : container.size() - 1);
      } else if (innermost && duplicate != nullptr) {
        out = memberPath(out, *duplicate);
      } else if (container.empty()) {
        break;  // only the innermost object can be without a key yet
      } else {
        out = memberPath(out, container.get_ref<const Json::object_t&>().back().first);
      }
    }
    return out.empty() ? "top level" : out;
  }

  // Objects of a few members are searched; a larger one gets a set of its keys, so that an
  // object of n keys costs n, not n squared: ordered_map finds a key by going through its
  // members, and an article.json of one object of 80,000 keys took 9.6 s to parse. The set's
  // hash is keyed, or keys made to collide would bring the n squared back.
  bool isNewKey(const Json::object_t& members, const std::string& key) {
    constexpr std::size_t kSearchedMembers = 16;
    if (members.size() < kSearchedMembers) {
      return std::none_of(members.begin(), members.end(),
                          [&key](const auto& member) { return member.first == key; });
    }
    KeySet& keys = keySets_.back();
    if (keys.empty()) {
      for (const auto& member : members) keys.insert(member.first);
    }
    return keys.insert(key).second;
  }

  template <typename Value>
  Json* add(Value&& value) {
    if (open_.empty()) {
      root_ = Json(std::forward<Value>(value));
      return &root_;
    }
    Json& container = *open_.back();
    if (container.is_array()) {
      auto& elements = container.get_ref<Json::array_t&>();
      elements.emplace_back(std::forward<Value>(value));
      return &elements.back();
    }
    *member_ = Json(std::forward<Value>(value));
    return member_;
  }

  template <typename Value>
  bool put(Value&& value) {
    add(std::forward<Value>(value));
    return true;
  }

  bool open(Json::value_t type) {
    if (open_.size() >= maxNesting_) {
      fail(path(), "nested deeper than " + std::to_string(maxNesting_) + " levels; expected " +
                       std::string(structure_));
    }
    open_.push_back(add(type));
    keySets_.emplace_back(0, keyHash_);
    return true;
  }

  bool close() {
    open_.pop_back();
    keySets_.pop_back();
    return true;
  }

  Json& root_;
  const std::string& source_;
  std::size_t maxNesting_;
  std::string_view structure_;
  std::vector<Json*> open_;  // the containers being read, outermost first
  Json* member_ = nullptr;   // the innermost object's member whose value comes next
  using KeySet = std::unordered_set<std::string, KeyedHash>;
  KeyedHash keyHash_;
  std::vector<KeySet> keySets_;  // beside open_: see isNewKey()
};

// --- Source spans of valid JSON ----------------------------------------------------------------
// The text has passed parseStrictJson, so a value is found by its first byte and its end by
// counting brackets outside strings; nothing here needs to check the grammar again.

std::size_t skipSpace(std::string_view text, std::size_t at) {
  while (at < text.size() &&
         (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r')) {
    ++at;
  }
  return at;
}

// The end (one past the closing quote) of the string literal starting at text[at].
std::size_t stringEnd(std::string_view text, std::size_t at) {
  for (++at; at < text.size(); ++at) {
    if (text[at] == '\\') {
      ++at;
    } else if (text[at] == '"') {
      return at + 1;
    }
  }
  return text.size();
}

// The end of the value starting at text[at] (which is not space).
std::size_t valueEnd(std::string_view text, std::size_t at) {
  if (at >= text.size()) return at;
  if (text[at] == '"') return stringEnd(text, at);
  if (text[at] == '{' || text[at] == '[') {
    std::size_t depth = 0;
    while (at < text.size()) {
      const char c = text[at];
      if (c == '"') {
        at = stringEnd(text, at);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return at + 1;
      ++at;
    }
    return at;
  }
  const std::size_t end = text.find_first_of(",}] \t\n\r", at);
  return end == std::string_view::npos ? text.size() : end;
}

// Calls `each(keyLiteral, value)` for the members of an object, or (keyLiteral empty) the elements
// of an array, whose text (trimmed) starts with `open`.
template <typename Each>
void forEachRawValue(std::string_view text, char open, Each each) {
  std::size_t at = skipSpace(text, 0);
  if (at >= text.size() || text[at] != open) return;
  at = skipSpace(text, at + 1);
  while (at < text.size() && text[at] != '}' && text[at] != ']') {
    std::string_view keyLiteral;
    if (open == '{') {
      const std::size_t keyEnd = stringEnd(text, at);
      keyLiteral = text.substr(at, keyEnd - at);
      at = skipSpace(text, skipSpace(text, keyEnd) + 1);  // past the ':'
    }
    const std::size_t end = valueEnd(text, at);
    each(keyLiteral, text.substr(at, end - at));
    at = skipSpace(text, end);
    if (at < text.size() && text[at] == ',') at = skipSpace(text, at + 1);
  }
}

}  // namespace

std::string jsonQuoted(std::string_view text) {
  return Json(std::string(text)).dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string memberPath(const std::string& parent, std::string_view key) {
  if (!isPlainKey(key)) return parent + "[" + jsonQuoted(key) + "]";
  return parent.empty() ? std::string(key) : parent + "." + std::string(key);
}

std::string elementPath(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

Json parseStrictJson(std::string_view text, const std::string& source, std::size_t maxNesting,
                     std::string_view structure) {
  Json root;
  StrictDomBuilder builder(root, source, maxNesting, structure);
  try {
    Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, true, false);
    return root;
  } catch (const Json::parse_error& error) {
    throw Error(ErrorCode::kInvalidArgument, source, std::nullopt, describeParseError(error));
  } catch (const Json::out_of_range& error) {
    throw Error(ErrorCode::kInvalidArgument, source, std::nullopt, describeRangeError(text, error));
  }
}

std::string jsonTypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_float:
      return "a fractional number";
    case Json::value_t::number_integer:
      return "a negative number";
    case Json::value_t::number_unsigned:
      return "a number";
    default:
      return "a binary value";
  }
}

std::string compactJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::strict);
}

std::vector<RawMember> rawMembers(std::string_view text) {
  std::vector<RawMember> members;
  forEachRawValue(text, '{', [&members](std::string_view key, std::string_view value) {
    members.push_back(RawMember{Json::parse(key).get<std::string>(), value});
  });
  return members;
}

std::vector<std::string_view> rawElements(std::string_view text) {
  std::vector<std::string_view> elements;
  forEachRawValue(text, '[', [&elements](std::string_view, std::string_view value) {
    elements.push_back(value);
  });
  return elements;
}

}  // namespace archive_news::internal
