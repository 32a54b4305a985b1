// RFC 3161 time-stamp tokens through OpenSSL's TS and CMS code: what a token says, whether its
// signature holds, whether its TSA chains to trusted roots at a given time, the request a writer
// sends and the bytes a token's message imprint covers (spec/FORMAT.md 7.4).
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_TOKEN_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_TOKEN_H_

#include <archive_news/signature.h>
#include <archive_news/timestamp.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

std::string timestampHashName(TimestampHash hash);
// The digest of `bytes` by `hash`.
std::vector<std::uint8_t> timestampDigest(TimestampHash hash, std::span<const std::uint8_t> bytes);

// What a token says, read without trusting it.
struct TokenFacts {
  std::optional<TimestampHash> hash;  // absent: an imprint algorithm a reader does not accept
  std::string hashName;               // "sha256", or the algorithm's OID
  std::vector<std::uint8_t> imprint;
  std::int64_t time = 0;            // genTime in whole seconds since 1970
  std::string timeText;             // genTime in RFC 3339, with the token's fraction
  std::string serial;               // hex
  std::string policy;               // dotted OID
  std::vector<std::uint8_t> nonce;  // big-endian; empty when the token has none
  std::string signer;               // the TSA certificate's subject; empty when the token lacks it
};

// The trust anchors of TSAs: an X509_STORE of root certificates.
class TsaRoots {
 public:
  // Each text holds one or more PEM certificates. Throws Error(kInvalidArgument) naming `what`
  // (the file) when one holds none or does not parse.
  TsaRoots(const std::vector<std::string>& pemTexts, const std::vector<std::string>& what);
  TsaRoots(TsaRoots&&) noexcept;
  ~TsaRoots();
  struct Store;
  const Store& store() const { return *store_; }

 private:
  std::unique_ptr<Store> store_;
};

// The signer's certificate chain checked against trusted roots at a time.
struct ChainCheck {
  bool ok = false;
  std::string problem;          // OpenSSL's words, and the certificate concerned
  std::int64_t validUntil = 0;  // when ok: the earliest notAfter along the chain
};

class TimestampToken {
 public:
  // Throws Error(kCorruption) naming `name` and `offset` when `der` is not a TimeStampToken:
  // a CMS SignedData over a TSTInfo that OpenSSL decodes, with one signer.
  TimestampToken(std::span<const std::uint8_t> der, const std::string& name,
                 std::optional<std::uint64_t> offset);
  TimestampToken(TimestampToken&&) noexcept;
  ~TimestampToken();

  const TokenFacts& facts() const { return facts_; }
  // Why the token's signature does not verify with the certificate it carries; std::nullopt when
  // it does. Says nothing of whether that certificate is to be trusted.
  std::optional<std::string> signatureProblem() const;
  // RFC 3161's checks of the TSA against `roots` as they stood at `when` (OpenSSL's
  // TS_RESP_verify_token): the certificate chains to a root for time stamping (the critical
  // timeStamping usage), each certificate valid at `when`, and the ESS signing-certificate
  // attribute names the certificate that signed. When ok, validUntil is the chain's end.
  ChainCheck tsaCheck(const TsaRoots& roots, std::int64_t when) const;

  struct Handles;

 private:
  std::unique_ptr<Handles> handles_;
  TokenFacts facts_;
};

// A DER TimeStampReq: version 1, the imprint of `digest` by `hash`, `nonce`, certReq true.
std::vector<std::uint8_t> encodeTimestampRequest(TimestampHash hash,
                                                 std::span<const std::uint8_t> digest,
                                                 std::span<const std::uint8_t> nonce);

// The token of a DER TimeStampResp whose status grants the request; a bare DER TimeStampToken
// is returned as it is. Throws Error(kBadSignature) naming `name` for a refusal (with the TSA's
// status, text and failure) or bytes that are neither.
std::vector<std::uint8_t> tokenOfReply(std::span<const std::uint8_t> reply,
                                       const std::string& name);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_TOKEN_H_
