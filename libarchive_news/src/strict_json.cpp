// Strict JSON input: nlohmann's parser, followed event by event to name paths, refuse duplicate
// keys and cap nesting, and its error messages turned into "line L, column C: ..." in UTF-8.
#include "strict_json.h"

#include <archive_news/error.h>

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// Follows the parser's events to know the path of the value being read, and rejects duplicate
// keys (nlohmann keeps only one of them) and runaway nesting while the text is parsed.
class StructureTracker {
 public:
  StructureTracker(const std::string& source, std::size_t maxNesting, std::string_view structure)
      : source_(source), maxNesting_(maxNesting), structure_(structure) {}

  bool onEvent(Json::parse_event_t event, const Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
        push(true);
        break;
      case Json::parse_event_t::array_start:
        push(false);
        break;
      case Json::parse_event_t::key:
        onKey(parsed.get_ref<const std::string&>());
        break;
      case Json::parse_event_t::value:
        elementDone();
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        elementDone();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool object = false;
    bool hasKey = false;    // objects: a key has been read
    std::string key;        // objects: the key whose value is being read
    std::size_t index = 0;  // arrays: the index of the element being read
    std::set<std::string> keys;
  };

  [[noreturn]] void fail(const std::string& path, const std::string& what) const {
    throw Error(ErrorCode::kInvalidArgument, source_, std::nullopt, path + ": " + what);
  }

  std::string path() const {
    std::string out;
    for (const Frame& frame : frames_) {
      if (frame.object && !frame.hasKey) break;  // only the innermost frame can lack one
      out = frame.object ? memberPath(out, frame.key) : elementPath(out, frame.index);
    }
    return out.empty() ? "top level" : out;
  }

  void push(bool object) {
    if (frames_.size() >= maxNesting_) {
      fail(path(), "nested deeper than " + std::to_string(maxNesting_) + " levels; expected " +
                       std::string(structure_));
    }
    frames_.push_back(Frame{object, false, {}, 0, {}});
  }

  void onKey(const std::string& key) {
    Frame& frame = frames_.back();
    frame.hasKey = true;
    frame.key = key;
    if (!frame.keys.insert(key).second) {
      fail(path(), "duplicate key; expected each key once in an object");
    }
  }

  void elementDone() {
    if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
  }

  const std::string& source_;
  std::size_t maxNesting_;
  std::string_view structure_;
  std::vector<Frame> frames_;
};

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
  StructureTracker tracker(source, maxNesting, structure);
  try {
    return Json::parse(
        text.begin(), text.end(),
        [&tracker](int, Json::parse_event_t event, Json& parsed) {
          return tracker.onEvent(event, parsed);
        },
        true, false);
  } catch (const Json::parse_error& error) {
    throw Error(ErrorCode::kInvalidArgument, source, std::nullopt, describeParseError(error));
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

}  // namespace archive_news::internal
