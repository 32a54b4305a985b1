#include "core/signature/key_file.h"

#include <sodium.h>

#include <algorithm>
#include <utility>

#include "core/signature/minisign.h"

namespace archive_news::internal {
namespace {

using Bytes = std::vector<std::uint8_t>;

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view trimBlanks(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t");
  if (first == text.npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A short, printable excerpt of unexpected text, for error messages.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string shown;
  for (char c : text.substr(0, kMax)) shown += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (text.size() > kMax) shown += "...";
  return "\"" + shown + "\"";
}

void checkNothingAfter(const std::vector<std::string_view>& lines, std::size_t count,
                       const std::string& source) {
  for (std::size_t i = count; i < lines.size(); ++i) {
    if (!trimBlanks(lines[i]).empty()) {
      failKeyFileAt(source, i + 1, "expected the end of the key file, found " + excerpt(lines[i]));
    }
  }
}

bool isBlank(const std::vector<std::string_view>& lines) {
  return std::all_of(lines.begin(), lines.end(),
                     [](std::string_view line) { return trimBlanks(line).empty(); });
}

}  // namespace

[[noreturn]] void failKeyFile(ErrorCode code, const std::string& source, std::string reason) {
  throw Error(code, source, std::nullopt, std::move(reason));
}

[[noreturn]] void failKeyFileAt(const std::string& source, std::size_t line,
                                const std::string& reason) {
  failKeyFile(ErrorCode::kInvalidArgument, source, "line " + std::to_string(line) + ": " + reason);
}

// Two algorithm bytes as minisign's names ("Ed") when printable, else as hex.
std::string describeTag(const std::uint8_t* tag) {
  auto printable = [](std::uint8_t c) { return c >= 0x21 && c < 0x7F; };
  if (printable(tag[0]) && printable(tag[1])) {
    return std::string("\"") + char(tag[0]) + char(tag[1]) + "\"";
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "bytes 0x";
  for (int i = 0; i < 2; ++i) (hex += kHex[tag[i] >> 4]) += kHex[tag[i] & 15];
  return hex;
}

bool tagIs(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected) {
  return tag[0] == expected[0] && tag[1] == expected[1];
}

// The base64 line (1-based `number`) decoded to exactly `size` bytes of `what`.
Bytes decodeKeyLine(std::string_view line, std::size_t number, std::size_t size,
                    std::string_view what, const std::string& source) {
  std::string expected =
      "expected base64 of " + std::to_string(size) + " bytes (" + std::string(what) + "), found ";
  std::string_view text = trimBlanks(line);
  if (text.empty()) failKeyFileAt(source, number, expected + "an empty line");
  std::optional<Bytes> bytes = base64Decode(text);
  if (!bytes) failKeyFileAt(source, number, expected + "text that is not base64: " + excerpt(text));
  if (bytes->size() != size) {
    std::size_t found = bytes->size();
    sodium_memzero(bytes->data(), bytes->size());
    // One key file given for the other is the usual mistake: say so, not just the sizes.
    std::string hint;
    if (size == kSecretKeyBlobSize && found == kPublicKeyBlobSize) {
      hint = ", a minisign public key; give the secret key file here (keygen -s), not the .pub";
    } else if (size == kPublicKeyBlobSize && found == kSecretKeyBlobSize) {
      hint =
          ", a minisign secret key; give the public key file here (keygen -p), and keep the "
          "secret key to yourself";
    }
    failKeyFileAt(source, number, expected + std::to_string(found) + " bytes" + hint);
  }
  return std::move(*bytes);
}

void requireTag(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected,
                std::string_view what, const std::string& source, std::size_t line) {
  if (!tagIs(tag, expected)) {
    failKeyFileAt(source, line,
                  "expected " + std::string(what) + " " + describeTag(expected.data()) +
                      ", found " + describeTag(tag));
  }
}

// The index of the base64 line, after checking the lines around it. A public key may come as that
// line alone (as `minisign -P` takes it); a secret key file always starts with its comment.
std::size_t keyLineIndex(const std::vector<std::string_view>& lines, std::string_view kind,
                         bool bareAllowed, const std::string& source) {
  if (isBlank(lines)) {
    failKeyFile(ErrorCode::kInvalidArgument, source,
                "expected a minisign " + std::string(kind) + " key, found empty text");
  }
  bool bare = bareAllowed && !startsWith(lines[0], kKeyCommentPrefix) &&
              isBlank({lines.begin() + 1, lines.end()});
  if (!bare && !startsWith(lines[0], kKeyCommentPrefix)) {
    failKeyFileAt(source, 1,
                  "expected \"untrusted comment: \" (minisign " + std::string(kind) +
                      " key file), found " + excerpt(lines[0]));
  }
  std::size_t index = bare ? 0 : 1;
  if (index >= lines.size()) {
    failKeyFileAt(
        source, index + 1,
        "expected the base64 " + std::string(kind) + " key line, found the end of the file");
  }
  checkNothingAfter(lines, index + 1, source);
  return index;
}

}  // namespace archive_news::internal
