#include "core/verify/signature_report.h"

namespace archive_news::internal {
namespace {

// Each signature's line; returns which are valid.
std::vector<bool> reportEach(const SignatureFindings& found, const SignedBytes& s, Report& r) {
  const std::vector<Signature>& signatures = found.signatures;
  std::vector<bool> valid(signatures.size());
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const Signature& sig = signatures[i];
    std::string item = "signature " + std::to_string(i) + " (key " + keyIdToHex(sig.keyId) + ")";
    switch (found.checks[i]) {
      case SignatureCheck::kValid:
        valid[i] = true;
        r.pass("signature", item, s.sectionOffset,
               "valid Ed25519 signature of the " + s.what +
                   "; trusted comment: " + sig.trustedComment);
        break;
      case SignatureCheck::kUnknownAlgorithm:
        // A later version's algorithm: not checked, and never counted for trusted-key; the
        // signature section's digest still covers its bytes.
        r.pass("signature", item, s.sectionOffset,
               "not checked: algorithm " + std::to_string(static_cast<unsigned>(sig.algorithm)) +
                   " is unknown to this verifier (this one knows 1, Ed25519 over BLAKE2b-512)");
        break;
      case SignatureCheck::kBadSignature:
        r.fail("signature", item, s.sectionOffset,
               "the signature does not verify against the " + s.what + " with the key it names");
        break;
      case SignatureCheck::kBadGlobalSignature:
        r.fail("signature", item, s.sectionOffset,
               "the trusted comment or global signature has been altered");
        break;
    }
  }
  return valid;
}

}  // namespace

void reportSignatures(const SignatureFindings& found, const std::vector<PublicKey>& trustedKeys,
                      const std::vector<PublicKey>& keyring, const SignedBytes& s, Report& r) {
  if (found.unreadable) {
    r.fail(s.unreadableCheck, "signature section", found.unreadable->offset(),
           found.unreadable->reason());
    return;
  }
  const std::vector<Signature>& signatures = found.signatures;
  const std::vector<bool> valid = reportEach(found, s, r);
  if (signatures.empty()) {
    r.pass(s.unsignedCheck, "signature section", s.sectionOffset,
           "the bundle is not signed: its integrity is checked, its origin is not");
  }
  // The first valid signature made by `key`, if any.
  auto signedBy = [&](const PublicKey& key) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < signatures.size(); ++i) {
      if (valid[i] && madeBy(signatures[i], key)) return i;
    }
    return std::nullopt;
  };
  for (const PublicKey& key : trustedKeys) {
    std::string item = "key " + keyIdToHex(key.keyId);
    if (signedBy(key)) {
      r.pass("trusted-key", item, std::nullopt, "a valid signature by this key is present");
    } else {
      r.fail("trusted-key", item, s.sectionOffset, "no valid signature by this key; expected one");
    }
  }
  if (keyring.empty()) return;
  const std::string item =
      "keyring (" + std::to_string(keyring.size()) + (keyring.size() == 1 ? " key)" : " keys)");
  for (const PublicKey& key : keyring) {
    if (const std::optional<std::size_t> i = signedBy(key)) {
      r.pass("keyring", item, std::nullopt,
             "signature " + std::to_string(*i) + " is a valid signature by key " +
                 keyIdToHex(key.keyId) + " of the keyring");
      return;
    }
  }
  r.fail("keyring", item, s.sectionOffset,
         "no valid signature by any key of the keyring; expected at least one");
}

}  // namespace archive_news::internal
