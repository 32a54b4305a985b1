// minisign's primitives: base64, the prehashed Ed25519 signature ("ED") and its .minisig text.
// Private to the library; the bundle writer and verifier build on these.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_MINISIGN_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_MINISIGN_H_

#include <archive_news/public_key.h>
#include <archive_news/signature.h>
#include <sodium.h>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// Base64 (RFC 4648, with padding), strict decoding: only the standard alphabet, a length that is a
// multiple of 4, padding only at the end and zero unused bits, so that each byte string has
// exactly one accepted text. No whitespace is skipped.
std::string base64Encode(std::span<const std::uint8_t> bytes);
std::optional<std::vector<std::uint8_t>> base64Decode(std::string_view text);

// "untrusted comment: <comment>\n", the first line of minisign's key and signature files.
// Throws Error(kInvalidArgument) unless minisign can read it back: one line (no '\r', '\n' or
// NUL) of at most 1003 bytes, since minisign reads the line into a 1024-byte buffer.
std::string untrustedCommentLine(std::string_view comment);

// Throws Error(kInvalidArgument) unless minisign can read this trusted comment back: one line,
// no NUL, at most 8173 bytes.
void checkTrustedComment(std::string_view comment);

// Lines of a key or signature file: '\n' ends a line; a '\r' before it is dropped (files edited
// on Windows), as minisign does.
std::vector<std::string_view> splitLines(std::string_view text);

// The BLAKE2b-512 prehash of a message that arrives in pieces, so that a message too large to
// hold twice (the manifest of a large bundle) is signed as it is written, and hashed once for
// any number of signers.
class Prehash {
 public:
  Prehash();
  void update(std::span<const std::uint8_t> piece);
  std::array<std::uint8_t, 64> finish();

 private:
  crypto_generichash_state state_;
};

// What the global signature covers: signature || trustedComment.
std::vector<std::uint8_t> globalMessage(const std::array<std::uint8_t, 64>& signature,
                                        std::string_view trustedComment);

enum class SignatureCheck { kValid, kUnknownAlgorithm, kBadSignature, kBadGlobalSignature };

// Checks both signatures of each record against the public key the record carries. Whether that
// key is one the caller trusts is a separate question: see madeBy. The message is hashed once
// (the BLAKE2b-512 prehash is the costly part: the whole manifest), and not at all when no
// signature needs it. A CMS X.509 record (algorithm 2) is checked by checkCms (cms.h) without
// anchors: kValid or kBadSignature for its own integrity, its certificate chain not considered.
std::vector<SignatureCheck> checkSignatures(const std::vector<Signature>& signatures,
                                            std::span<const std::uint8_t> message);

// True when the record is an Ed25519 one (algorithm 1) made by this key: same key id and same
// public key.
bool madeBy(const Signature& signature, const PublicKey& key);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_MINISIGN_H_
