// CMS SignedData signatures by X.509 certificates (algorithm 2, spec/FORMAT.md 7.3.1): checking one
// against the seal's bytes, and whether its signer chains to trust anchors. Private to the
// library; libcrypto does the work and stays behind this header.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_CMS_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_CMS_H_

#include <archive_news/signature.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct x509_st;            // libcrypto's X509
struct CMS_SignerInfo_st;  // libcrypto's CMS_SignerInfo

namespace archive_news::internal {

// The largest `cms` of a CMS X.509 record: a signer certificate and a few intermediates fit in a
// few kilobytes; the limit bounds what a hostile record costs to parse.
inline constexpr std::size_t kMaxCmsSize = 65536;

// Trust anchors: root certificates from PEM text. Move-only.
class TrustAnchors {
 public:
  // Throws Error(kInvalidArgument) naming the text's place in `pems` ("CA certificates 2") when
  // one holds no PEM certificate or a malformed one.
  explicit TrustAnchors(const std::vector<std::string>& pems);
  ~TrustAnchors();
  TrustAnchors(TrustAnchors&&) noexcept;
  TrustAnchors& operator=(TrustAnchors&&) noexcept;
  // The certificates loaded (a duplicate counted once per time given).
  std::size_t size() const noexcept;

  struct Impl;
  const Impl& impl() const noexcept { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// The number of PEM certificates in `pem`. Throws Error(kInvalidArgument) with the reason alone
// ("no PEM certificate", "a malformed PEM certificate (...)") when it holds none or a malformed
// one.
std::size_t countPemCertificates(std::string_view pem);

struct CmsCheck {
  bool valid = false;   // the signature verifies over the message with the signer certificate
  std::string problem;  // when not valid: why
  std::optional<CertificateSummary> signer;  // when the signer certificate was found
  std::string algorithm;    // "ECDSA with SHA-256", "Ed25519 (RFC 8419)", ...; when known
  std::string signingTime;  // the signingTime attribute (ISO 8601 UTC), as the signer claims it
  // With anchors, and valid: empty when the signer chains to one of them at the current time;
  // otherwise why not ("certificate has expired (certificate CN=..., depth 0)"). Unset without
  // anchors or when not valid.
  std::optional<std::string> chainProblem;
  std::string anchor;  // the subject of the anchor it chains to, when it does
};

// Checks a record's `cms` against the message it signs (the seal's bytes): the profile of
// spec/FORMAT.md 7.3.1, then the signature with the signer certificate it carries, then, with
// `anchors`, the chain. Never throws for a malformed or hostile record: every problem is
// reported in the result. `anchors` may be null: the chain is then not checked.
CmsCheck checkCms(std::span<const std::uint8_t> cms, std::span<const std::uint8_t> message,
                  const TrustAnchors* anchors);

// The DER of a SignerInfo's signed attributes as the SET OF (tag 0x31) its signature covers
// (RFC 5652 5.4): in DER order when `sorted` (what a signer signs; libcrypto writes them in that
// order), else in the order received (what a verifier checks). Empty when libcrypto cannot encode
// them.
std::vector<std::uint8_t> signedAttributesDer(const CMS_SignerInfo_st* info, bool sorted);

// Subject and issuer (RFC 2253, as libcrypto escapes them) and validity (ISO 8601 UTC) of a
// certificate.
CertificateSummary summarizeCertificate(const x509_st* certificate);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_CMS_H_
