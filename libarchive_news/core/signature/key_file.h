// minisign 0.11's key files: what public and secret key files share (an untrusted comment line,
// then one base64 line holding the key blob) and the checks made on both, with errors that name
// the file and the line. Public keys are parsed in core/signature, secret keys in core/sign.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_KEY_FILE_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_KEY_FILE_H_

#include <archive_news/error.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

inline constexpr std::string_view kKeyCommentPrefix = "untrusted comment: ";
inline constexpr std::array<std::uint8_t, 2> kEd25519Tag{'E', 'd'};
inline constexpr std::size_t kKeyIdSize = 8;
// "Ed" || keyid || public key.
inline constexpr std::size_t kPublicKeyBlobSize = 2 + kKeyIdSize + 32;
// The secret key blob (its layout is in core/sign/secret_key.cpp); known here so that one key
// file given for the other is named as such.
inline constexpr std::size_t kSecretKeyBlobSize = 158;

[[noreturn]] void failKeyFile(ErrorCode code, const std::string& source, std::string reason);
// Error(kInvalidArgument) naming the 1-based line of the key file.
[[noreturn]] void failKeyFileAt(const std::string& source, std::size_t line,
                                const std::string& reason);

// Two algorithm bytes as minisign's names ("Ed") when printable, else as hex.
std::string describeTag(const std::uint8_t* tag);
bool tagIs(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected);
void requireTag(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected,
                std::string_view what, const std::string& source, std::size_t line);

// The base64 line (1-based `number`) decoded to exactly `size` bytes of `what`.
std::vector<std::uint8_t> decodeKeyLine(std::string_view line, std::size_t number, std::size_t size,
                                        std::string_view what, const std::string& source);

// The index of the base64 line, after checking the lines around it. A public key may come as
// that line alone (as `minisign -P` takes it); a secret key file always starts with its comment.
std::size_t keyLineIndex(const std::vector<std::string_view>& lines, std::string_view kind,
                         bool bareAllowed, const std::string& source);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_KEY_FILE_H_
