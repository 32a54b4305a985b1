#include "core/sign/signer.h"

#include <archive_news/error.h>
#include <sodium.h>

#include <utility>

#include "core/signature/minisign.h"
#include "util/sodium_init.h"
#include "util/utf8.h"

namespace archive_news::internal {

Signature signMessage(const SecretKey& key, std::span<const std::uint8_t> message,
                      std::string trustedComment) {
  ensureSodium();
  Prehash prehash;
  prehash.update(message);
  return signPrehashed(key, prehash.finish(), std::move(trustedComment));
}

Signature signPrehashed(const SecretKey& key, const std::array<std::uint8_t, 64>& prehash,
                        std::string trustedComment) {
  ensureSodium();
  if (key.bytes() == nullptr) {
    throw Error(ErrorCode::kInvalidArgument, "cannot sign with a secret key that was moved from");
  }
  checkTrustedComment(trustedComment);
  PublicKey publicKey = key.publicKey();
  Signature result;
  result.algorithm = SignatureAlgorithm::kEd25519Blake2bPrehashed;
  result.keyId = key.keyId();
  result.publicKey = publicKey.key;
  crypto_sign_detached(result.signature.data(), nullptr, prehash.data(), prehash.size(),
                       key.bytes());
  std::vector<std::uint8_t> global = globalMessage(result.signature, trustedComment);
  crypto_sign_detached(result.globalSignature.data(), nullptr, global.data(), global.size(),
                       key.bytes());
  result.trustedComment = std::move(trustedComment);
  return result;
}

std::string makeTrustedComment(std::int64_t unixTime, const std::string& bundleId,
                               const std::string& signer) {
  if (invalidTextOffset(signer) != kValidText) {
    throw Error(ErrorCode::kInvalidArgument,
                "signer comment is not UTF-8 text without NUL; expected printable text");
  }
  for (unsigned char c : signer) {
    if (c < 0x20 || c == 0x7f) {
      throw Error(ErrorCode::kInvalidArgument,
                  "signer comment holds a control character (tab, newline, ...); expected "
                  "printable text");
    }
  }
  return "timestamp:" + std::to_string(unixTime) + "\tbundle:" + bundleId + "\tsigner:" + signer;
}

}  // namespace archive_news::internal
