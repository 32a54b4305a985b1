#include "core/signature/timestamp_imprint.h"

#include <archive_news/error.h>

#include "core/signature/timestamp_token.h"

namespace archive_news::internal {
namespace {

void append(std::vector<std::uint8_t>& out, std::span<const std::uint8_t> bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}

// A record's bytes as a timestamp covers them: its fields in schema order, each as stored.
std::vector<std::uint8_t> recordBytes(const Signature& s) {
  std::vector<std::uint8_t> bytes;
  switch (s.algorithm) {
    case SignatureAlgorithm::kEd25519Blake2bPrehashed:
      append(bytes, s.keyId);
      append(bytes, s.publicKey);
      append(bytes, s.signature);
      append(bytes, std::span(reinterpret_cast<const std::uint8_t*>(s.trustedComment.data()),
                              s.trustedComment.size()));
      append(bytes, s.globalSignature);
      return bytes;
    case SignatureAlgorithm::kCmsX509:
      return s.cms;
    default:
      throw Error(ErrorCode::kUnsupported, "", std::nullopt,
                  "signature record of algorithm " +
                      std::to_string(static_cast<unsigned>(s.algorithm)) +
                      "; a timestamp can cover only records of algorithms 1 and 2");
  }
}

}  // namespace

bool coverableSignature(const Signature& signature) {
  return signature.algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed ||
         signature.algorithm == SignatureAlgorithm::kCmsX509;
}

std::vector<std::uint8_t> timestampedBytes(std::span<const std::uint8_t> seal,
                                           const std::vector<Signature>& signatures,
                                           const std::vector<Timestamp>& timestamps,
                                           std::uint32_t signatureCount,
                                           std::uint32_t timestampCount, TimestampHash hash,
                                           const std::string& name) {
  if (signatureCount > signatures.size() || timestampCount > timestamps.size()) {
    throw Error(ErrorCode::kCorruption, name, std::nullopt,
                "a timestamp covers " + std::to_string(signatureCount) + " signatures and " +
                    std::to_string(timestampCount) + " timestamps; the bundle has " +
                    std::to_string(signatures.size()) + " and " +
                    std::to_string(timestamps.size()));
  }
  if (signatureCount == 0 && timestampCount == 0) return {seal.begin(), seal.end()};
  std::vector<std::uint8_t> bytes = timestampDigest(hash, seal);
  for (std::uint32_t i = 0; i < signatureCount; ++i) {
    append(bytes, timestampDigest(hash, recordBytes(signatures[i])));
  }
  for (std::uint32_t i = 0; i < timestampCount; ++i) {
    append(bytes, timestampDigest(hash, timestamps[i].token));
  }
  return bytes;
}

}  // namespace archive_news::internal
