#include "core/verify/signature_report.h"

namespace archive_news::internal {
namespace {

// "X.509 CN=Example News,O=Example": who an X.509 record says signed it.
std::string x509Label(const std::optional<CmsCheck>& cms) {
  if (!cms || !cms->signer) return "X.509, signer certificate not found";
  return "X.509 " + cms->signer->subject;
}

std::string itemOf(const SignatureFindings& found, std::size_t i) {
  const Signature& sig = found.signatures[i];
  const std::string label = sig.algorithm == SignatureAlgorithm::kCmsX509
                                ? x509Label(found.cms[i])
                                : "key " + keyIdToHex(sig.keyId);
  return "signature " + std::to_string(i) + " (" + label + ")";
}

// The line of a valid X.509 record: how it was made, the certificate, and with anchors its chain.
std::string x509Detail(const CmsCheck& cms, const std::string& what) {
  std::string detail = "valid X.509 signature of the " + what + " (CMS, " + cms.algorithm + ")";
  if (cms.signer) {
    detail += " by " + cms.signer->subject + ", issued by " + cms.signer->issuer +
              ", certificate valid " + cms.signer->notBefore + " to " + cms.signer->notAfter;
  }
  if (!cms.signingTime.empty()) detail += ", claims signing time " + cms.signingTime;
  if (cms.chainProblem) {
    detail += cms.chainProblem->empty()
                  ? "; chains to " + cms.anchor
                  : "; does NOT chain to the CA roots given: " + *cms.chainProblem;
  } else {
    detail += "; chain not checked (no CA roots given)";
  }
  return detail;
}

// Each signature's line; returns which are valid.
std::vector<bool> reportEach(const SignatureFindings& found, const SignedBytes& s, Report& r) {
  const std::vector<Signature>& signatures = found.signatures;
  std::vector<bool> valid(signatures.size());
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const Signature& sig = signatures[i];
    const std::string item = itemOf(found, i);
    if (sig.algorithm == SignatureAlgorithm::kCmsX509 && found.cms[i]) {
      const CmsCheck& cms = *found.cms[i];
      valid[i] = cms.valid;
      if (cms.valid) {
        r.pass("signature", item, s.sectionOffset, x509Detail(cms, s.what));
      } else {
        r.fail("signature", item, s.sectionOffset, cms.problem);
      }
      continue;
    }
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
                   " is unknown to this verifier (this one knows 1, Ed25519 over BLAKE2b-512, "
                   "and 2, CMS by an X.509 certificate)");
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

// The "trusted-ca" line: one valid X.509 signature chaining to an anchor is enough.
void reportAnchors(const SignatureFindings& found, const std::vector<bool>& valid,
                   const TrustAnchors& anchors, const SignedBytes& s, Report& r) {
  const std::string item = "CA roots (" + std::to_string(anchors.size()) +
                           (anchors.size() == 1 ? " certificate)" : " certificates)");
  std::string why;
  for (std::size_t i = 0; i < found.signatures.size(); ++i) {
    if (!found.cms[i]) continue;
    const CmsCheck& cms = *found.cms[i];
    if (valid[i] && cms.chainProblem && cms.chainProblem->empty()) {
      r.pass("trusted-ca", item, std::nullopt,
             "signature " + std::to_string(i) + " by " + cms.signer->subject +
                 " is valid and its certificate chains to " + cms.anchor);
      return;
    }
    why += "; signature " + std::to_string(i) + " (" + x509Label(cms) + "): " +
           (!valid[i] ? "invalid: " + cms.problem
                      : "certificate does not chain: " + cms.chainProblem.value_or("?"));
  }
  r.fail("trusted-ca", item, s.sectionOffset,
         why.empty() ? "no X.509 signature; expected a valid one whose certificate chains to "
                       "these roots"
                     : "no valid X.509 signature whose certificate chains to these roots" + why);
}

}  // namespace

void reportSignatures(const SignatureFindings& found, const Trust& trust, const SignedBytes& s,
                      Report& r) {
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
  for (const PublicKey& key : trust.trustedKeys) {
    std::string item = "key " + keyIdToHex(key.keyId);
    if (signedBy(key)) {
      r.pass("trusted-key", item, std::nullopt, "a valid signature by this key is present");
    } else {
      r.fail("trusted-key", item, s.sectionOffset, "no valid signature by this key; expected one");
    }
  }
  if (trust.anchors != nullptr) reportAnchors(found, valid, *trust.anchors, s, r);
  if (trust.keyring.empty()) return;
  const std::string item = "keyring (" + std::to_string(trust.keyring.size()) +
                           (trust.keyring.size() == 1 ? " key)" : " keys)");
  for (const PublicKey& key : trust.keyring) {
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
