// Making signatures (the sign side of core/signature): records signed with a secret key in
// minisign's prehashed Ed25519 scheme and the trusted comment newsarc writes into them.
#ifndef ARCHIVE_NEWS_CORE_SIGN_SIGNER_H_
#define ARCHIVE_NEWS_CORE_SIGN_SIGNER_H_

#include <archive_news/secret_key.h>
#include <archive_news/signature.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

// minisign's prehashed Ed25519 ("ED"): signature = Ed25519(BLAKE2b-512(message)),
// globalSignature = Ed25519(signature || trustedComment). Fills every field of Signature
// (algorithm kEd25519Blake2bPrehashed, keyId, publicKey from the secret key).
// The trusted comment must be one line: the writer never passes '\n' or '\r', and this throws
// Error(kInvalidArgument) if it does, since minisign could not read such a signature back.
Signature signMessage(const SecretKey& key, std::span<const std::uint8_t> message,
                      std::string trustedComment);

// signMessage for a message whose prehash is already known.
Signature signPrehashed(const SecretKey& key, const std::array<std::uint8_t, 64>& prehash,
                        std::string trustedComment);

// "timestamp:<unix seconds>\tbundle:<bundleId>\tsigner:<signer>". Throws
// Error(kInvalidArgument) when signer holds a control character (a tab or newline would break
// the minisign signature file and the fields).
std::string makeTrustedComment(std::int64_t unixTime, const std::string& bundleId,
                               const std::string& signer);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGN_SIGNER_H_
