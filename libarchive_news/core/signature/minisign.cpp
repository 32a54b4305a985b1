#include "core/signature/minisign.h"

#include <archive_news/error.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <utility>

#include "core/signature/cms.h"
#include "util/sodium_init.h"

namespace archive_news {
namespace internal {
namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::string_view kDefaultUntrustedComment = "signature from newsarc secret key";
constexpr std::array<std::uint8_t, 2> kPrehashedAlgorithm{'E', 'D'};

// minisign 0.11 reads comment lines with fgets into 1024- and 8192-byte buffers (prefix and
// newline included) and rejects longer lines, so longer comments would make unreadable files.
constexpr std::size_t kMaxUntrustedComment = 1023 - kUntrustedPrefix.size() - 1;
constexpr std::size_t kMaxTrustedComment = 8191 - kTrustedPrefix.size() - 1;

int base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// minisign stops reading a comment at '\r' or '\n' and at NUL (it uses C strings), so any of
// them would change what the global signature covers.
bool isOneLine(std::string_view text) { return text.find_first_of("\r\n", 0, 3) == text.npos; }

std::array<std::uint8_t, 64> blake2b512(std::span<const std::uint8_t> message) {
  Prehash prehash;
  prehash.update(message);
  return prehash.finish();
}

bool verifies(std::span<const std::uint8_t> signature, std::span<const std::uint8_t> message,
              const std::array<std::uint8_t, 32>& publicKey) {
  return crypto_sign_verify_detached(signature.data(), message.data(), message.size(),
                                     publicKey.data()) == 0;
}

}  // namespace

void checkTrustedComment(std::string_view comment) {
  if (!isOneLine(comment)) {
    throw Error(ErrorCode::kInvalidArgument,
                "trusted comment: expected one line of text, found a line break or NUL byte");
  }
  if (comment.size() > kMaxTrustedComment) {
    throw Error(ErrorCode::kInvalidArgument,
                "trusted comment: expected at most " + std::to_string(kMaxTrustedComment) +
                    " bytes (what minisign reads), found " + std::to_string(comment.size()));
  }
}

// Lines of a text file: '\n' ends a line, a '\r' before it is dropped (files edited on Windows).
std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

std::string untrustedCommentLine(std::string_view comment) {
  if (!isOneLine(comment) || comment.size() > kMaxUntrustedComment) {
    throw Error(ErrorCode::kInvalidArgument,
                "untrusted comment: expected one line of at most " +
                    std::to_string(kMaxUntrustedComment) + " bytes, found " +
                    (isOneLine(comment) ? std::to_string(comment.size()) + " bytes"
                                        : std::string("a line break or NUL byte")));
  }
  return std::string(kUntrustedPrefix).append(comment).append("\n");
}

std::string base64Encode(std::span<const std::uint8_t> bytes) {
  std::string text;
  text.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::size_t count = std::min<std::size_t>(3, bytes.size() - i);
    std::uint32_t group = std::uint32_t{bytes[i]} << 16;
    if (count > 1) group |= std::uint32_t{bytes[i + 1]} << 8;
    if (count > 2) group |= bytes[i + 2];
    for (std::size_t j = 0; j < 4; ++j) {
      text += j <= count ? kAlphabet[(group >> (18 - 6 * j)) & 63] : '=';
    }
  }
  return text;
}

std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t padding = 0;
  if (!text.empty() && text.back() == '=') padding = text[text.size() - 2] == '=' ? 2 : 1;
  std::vector<std::uint8_t> bytes;
  bytes.reserve(text.size() / 4 * 3 - padding);  // exact, so no reallocation leaves copies
  for (std::size_t i = 0; i < text.size(); i += 4) {
    bool last = i + 4 == text.size();
    std::size_t digits = last ? 4 - padding : 4;
    std::uint32_t group = 0;
    for (std::size_t j = 0; j < digits; ++j) {
      int value = base64Value(text[i + j]);
      if (value < 0) return std::nullopt;
      group |= static_cast<std::uint32_t>(value) << (18 - 6 * j);
    }
    // Bits that no output byte uses must be zero, or two texts would decode alike.
    if (last && (group & (padding == 2 ? 0xFFFFu : padding == 1 ? 0xFFu : 0u)) != 0) {
      return std::nullopt;
    }
    for (std::size_t j = 0; j + 1 < digits; ++j) {
      bytes.push_back(static_cast<std::uint8_t>(group >> (16 - 8 * j)));
    }
  }
  return bytes;
}

Prehash::Prehash() {
  ensureSodium();
  crypto_generichash_init(&state_, nullptr, 0, 64);
}

void Prehash::update(std::span<const std::uint8_t> piece) {
  crypto_generichash_update(&state_, piece.data(), piece.size());
}

std::array<std::uint8_t, 64> Prehash::finish() {
  std::array<std::uint8_t, 64> hash{};
  crypto_generichash_final(&state_, hash.data(), hash.size());
  return hash;
}

std::vector<std::uint8_t> globalMessage(const std::array<std::uint8_t, 64>& signature,
                                        std::string_view trustedComment) {
  std::vector<std::uint8_t> bytes(signature.begin(), signature.end());
  bytes.insert(bytes.end(), trustedComment.begin(), trustedComment.end());
  return bytes;
}

namespace {

SignatureCheck checkPrehashed(const Signature& signature,
                              const std::array<std::uint8_t, 64>& hash) {
  if (!verifies(signature.signature, hash, signature.publicKey)) {
    return SignatureCheck::kBadSignature;
  }
  std::vector<std::uint8_t> global = globalMessage(signature.signature, signature.trustedComment);
  if (!verifies(signature.globalSignature, global, signature.publicKey)) {
    return SignatureCheck::kBadGlobalSignature;
  }
  return SignatureCheck::kValid;
}

}  // namespace

std::vector<SignatureCheck> checkSignatures(const std::vector<Signature>& signatures,
                                            std::span<const std::uint8_t> message) {
  ensureSodium();
  std::vector<SignatureCheck> checks(signatures.size(), SignatureCheck::kUnknownAlgorithm);
  std::optional<std::array<std::uint8_t, 64>> hash;
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    if (signatures[i].algorithm == SignatureAlgorithm::kCmsX509) {
      checks[i] = checkCms(signatures[i].cms, message, nullptr).valid
                      ? SignatureCheck::kValid
                      : SignatureCheck::kBadSignature;
      continue;
    }
    if (signatures[i].algorithm != SignatureAlgorithm::kEd25519Blake2bPrehashed) continue;
    if (!hash) hash = blake2b512(message);
    checks[i] = checkPrehashed(signatures[i], *hash);
  }
  return checks;
}

bool madeBy(const Signature& signature, const PublicKey& key) {
  return signature.algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed &&
         signature.keyId == key.keyId && signature.publicKey == key.key;
}

}  // namespace internal

std::string formatMinisignSignature(const Signature& signature, std::string_view untrustedComment) {
  if (signature.algorithm != SignatureAlgorithm::kEd25519Blake2bPrehashed) {
    throw Error(ErrorCode::kUnsupported,
                "cannot write signature algorithm " +
                    std::to_string(static_cast<unsigned>(signature.algorithm)) +
                    " as a minisign signature: expected Ed25519 with BLAKE2b prehash (1)");
  }
  if (untrustedComment.empty()) untrustedComment = internal::kDefaultUntrustedComment;
  std::string text = internal::untrustedCommentLine(untrustedComment);
  internal::checkTrustedComment(signature.trustedComment);
  std::vector<std::uint8_t> blob(internal::kPrehashedAlgorithm.begin(),
                                 internal::kPrehashedAlgorithm.end());
  blob.insert(blob.end(), signature.keyId.begin(), signature.keyId.end());
  blob.insert(blob.end(), signature.signature.begin(), signature.signature.end());
  text.append(internal::base64Encode(blob)).append("\n");
  text.append(internal::kTrustedPrefix).append(signature.trustedComment).append("\n");
  text.append(internal::base64Encode(signature.globalSignature)).append("\n");
  return text;
}

}  // namespace archive_news
