// RFC 3161 timestamps of a bundle (spec/FORMAT.md 7.4): a time-stamping authority's (TSA's)
// signed statement that the seal, and with it every byte of the data region, existed at a time.
// Unlike a signature it does not depend on the signer's key staying secret, and a renewal
// (RFC 4998) carries the proof past the TSA certificate's end or its hash algorithm's.
//
// Getting one: makeTimestampQuery() builds the request (DER, as `openssl ts -query` does), a
// transport sends it to a TSA (the toolkit's postTimestampQuery(), tsa_client.h, over HTTP), and
// addTimestamp() checks the reply and stores its token. verify() checks the tokens
// (VerifyOptions::tsaRoots).
#ifndef ARCHIVE_NEWS_TIMESTAMP_H_
#define ARCHIVE_NEWS_TIMESTAMP_H_

#include <archive_news/export.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace archive_news {

// The hash of a token's message imprint. A renewal uses a newer one before the older is retired.
enum class TimestampHash : std::uint8_t { kSha256, kSha384, kSha512 };

// What a new timestamp covers, besides the seal.
struct TimestampScope {
  TimestampHash hash = TimestampHash::kSha256;
  // Every signature record the bundle has now: the token then proves that each signature existed
  // at its time, so a signing key compromised later does not make them doubtful
  // (spec/SECURITY.md). Without: the seal alone, as `openssl ts -query -data seal.bin` does.
  bool signatures = true;
  // Every timestamp the bundle has now (a renewal): the proof of the earlier tokens then lasts as
  // long as this one's.
  bool renew = false;
};

// A request for a timestamp of a bundle as it is now.
struct TimestampQuery {
  std::vector<std::uint8_t> request;  // DER TimeStampReq: version 1, a 64-bit nonce, certReq
  std::vector<std::uint8_t> data;     // what the message imprint is the hash of (7.4)
  TimestampHash hash = TimestampHash::kSha256;
  std::uint32_t signatures = 0;  // the record's counts once the token is stored
  std::uint32_t timestamps = 0;
  std::vector<std::uint8_t> nonce;  // big-endian, as in the request
};

ARCHIVE_NEWS_EXPORT TimestampQuery makeTimestampQuery(const Bundle& bundle,
                                                      const TimestampScope& scope = {});

// The bytes timestamp `index`'s message imprint is the hash of: the seal's bytes when it covers
// neither signatures nor timestamps, else the digests of 7.4 one after the other. What
// `openssl ts -verify -data FILE` takes. Throws Error(kNotFound) past the last timestamp, and
// Error(kCorruption) when the record covers records the bundle lacks or its token does not parse.
ARCHIVE_NEWS_EXPORT std::vector<std::uint8_t> timestampedData(const Bundle& bundle,
                                                              std::uint32_t index);

// What a token says of itself, nothing of it checked (verify() does that): for listing.
struct TimestampClaims {
  std::string tsa;        // the subject of the certificate it carries (RFC 2253); empty if none
  std::int64_t time = 0;  // genTime, whole seconds since 1970
  std::string timeText;   // genTime as the token has it, in RFC 3339
  std::string hash;       // of the message imprint: "sha256", ... or an OID
};
// std::nullopt for a token that does not parse.
ARCHIVE_NEWS_EXPORT std::optional<TimestampClaims> timestampClaims(const Timestamp& timestamp);

// Checks `reply` (a DER TimeStampResp from a TSA, or a bare DER TimeStampToken) and adds its
// token to the bundle at `path`; returns the new timestamp's index. The reply must grant the
// request, and its token must be well formed, signed with the certificate it carries, and over
// this bundle: with `query`, over query.data with query's hash and nonce; without (a reply
// obtained elsewhere, `openssl ts -reply`), over the seal, or over the seal with some of the
// first signatures and timestamps (the counts are found). Whether the TSA is trusted is verify's
// question, not this one's. Everything before the timestamp section stays as it is; the rest is
// written to a new file that replaces the old one, under the bundle's lock (as addSignature).
// Throws Error(kBadSignature) for a reply that fails a check, naming what is wrong.
ARCHIVE_NEWS_EXPORT std::uint32_t addTimestamp(const std::filesystem::path& path,
                                               std::span<const std::uint8_t> reply);
ARCHIVE_NEWS_EXPORT std::uint32_t addTimestamp(const std::filesystem::path& path,
                                               std::span<const std::uint8_t> reply,
                                               const TimestampQuery& query);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_TIMESTAMP_H_
