// Signatures over a bundle's seal: minisign's prehashed Ed25519 scheme (the default), or a CMS
// SignedData made with a publisher's X.509 certificate (x509.h).
#ifndef ARCHIVE_NEWS_SIGNATURE_H_
#define ARCHIVE_NEWS_SIGNATURE_H_

#include <archive_news/export.h>
#include <archive_news/public_key.h>

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

// Values are the schema's SignatureAlgorithm enumerants; a reader keeps values it does not know.
enum class SignatureAlgorithm : std::uint16_t {
  kUnspecified = 0,
  kEd25519Blake2bPrehashed = 1,  // minisign "ED"
  kCmsX509 = 2,                  // CMS SignedData (RFC 5652) by an X.509 certificate
};

// One signature record as stored in a bundle's signature section. An Ed25519 record (algorithm 1)
// has the key id, public key, both signatures and the trusted comment, and no `cms`; a CMS record
// (algorithm 2) has `cms` alone: the Ed25519 arrays stay zero and the comment empty.
struct Signature {
  SignatureAlgorithm algorithm = SignatureAlgorithm::kUnspecified;
  KeyId keyId{};
  std::array<std::uint8_t, 32> publicKey{};
  std::array<std::uint8_t, 64> signature{};        // Ed25519 of BLAKE2b-512(seal bytes)
  std::string trustedComment;                      // signed by globalSignature
  std::array<std::uint8_t, 64> globalSignature{};  // Ed25519 of signature || trustedComment
  // Algorithm 2: a DER CMS ContentInfo of type SignedData whose detached content is the seal's
  // exact bytes, carrying the signer's certificate and its chain; 1 to 65,536 bytes.
  std::vector<std::uint8_t> cms;
  bool operator==(const Signature&) const = default;
};

// One record of a bundle's timestamp section (spec/FORMAT.md 7.4): an RFC 3161 time-stamp token
// by a time-stamping authority (TSA) over the seal, and over the first `signatures` signature
// records and the first `timestamps` earlier timestamps when either is not 0 (a renewal covers
// the earlier timestamps, RFC 4998).
struct Timestamp {
  std::vector<std::uint8_t> token;  // DER TimeStampToken (RFC 3161 2.4.2)
  std::uint32_t signatures = 0;
  std::uint32_t timestamps = 0;
  bool operator==(const Timestamp&) const = default;
};

// The fields of a trusted comment as newsarc writes it ("timestamp:<unix seconds>\tbundle:<bundle
// id>\tsigner:<text>", spec/FORMAT.md). Each is absent when the comment does not hold it in that
// form (another tool's comment), so a caller shows what is there and the raw text otherwise.
struct TrustedComment {
  std::optional<std::int64_t> timestamp;  // seconds since 1970-01-01T00:00:00Z
  std::optional<std::string> bundle;
  std::optional<std::string> signer;
};
ARCHIVE_NEWS_EXPORT TrustedComment parseTrustedComment(std::string_view text);

// A certificate as a verifier names it: subject and issuer as RFC 2253 strings
// ("CN=Example News,O=Example"; control characters escaped, UTF-8 kept: make them terminalSafe()
// to show them), validity as ISO 8601 UTC ("2026-12-07T07:14:43Z").
struct CertificateSummary {
  std::string subject;
  std::string issuer;
  std::string notBefore;
  std::string notAfter;
  bool operator==(const CertificateSummary&) const = default;
};

// The signer certificate a CMS record (algorithm 2) carries, as it claims to be: nothing is
// verified (verify() does that). Absent for another algorithm, or when the record cannot be
// parsed or does not carry its signer's certificate. Never throws for a malformed record.
ARCHIVE_NEWS_EXPORT std::optional<CertificateSummary> cmsSigner(const Signature& signature);

// The text of a minisign signature file (`.minisig`) holding this signature, which
// `minisign -Vm seal.bin -x FILE -p KEY` checks against the exported seal's bytes
// (Bundle::sealBytes(), `newsarc seal`).
ARCHIVE_NEWS_EXPORT std::string formatMinisignSignature(const Signature& signature,
                                                        std::string_view untrustedComment = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_SIGNATURE_H_
