// Verification: named checks, each reported on its own with what it concerns, so a caller can say
// exactly what is wrong and where. spec/FORMAT.md, "Verification", defines each check.
#ifndef ARCHIVE_NEWS_VERIFIER_H_
#define ARCHIVE_NEWS_VERIFIER_H_

#include <archive_news/export.h>
#include <archive_news/public_key.h>
#include <archive_news/reader.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

struct Check {
  std::string name;  // "header", "seal", "signature", "cluster", "content-digest", ...
  bool passed = false;
  std::string item;  // what it concerns: "cluster at 4096", "signature 1 (key 5A3E...)", ...
  std::optional<std::uint64_t> offset;  // where in the file, when it concerns a place
  std::string detail;                   // what was found, and on failure what was expected
};

struct VerifyOptions {
  // Each key must have made at least one valid signature of the seal (check "trusted-key").
  std::vector<PublicKey> trustedKeys;
  // When not empty, at least one valid signature must be by one of these keys (check "keyring"):
  // the keys an archive has trusted over the years, any one of which is enough.
  std::vector<PublicKey> keyring;
  // The root certificates of the time-stamping authorities trusted (PEM texts, each holding one
  // or more): each timestamp's TSA must chain to one of them (check "timestamp-tsa"). Empty:
  // the tokens' integrity and what they cover are checked, their TSA is not. A text that holds
  // no certificate or a malformed one makes verify() throw Error(kInvalidArgument).
  std::vector<std::string> tsaRoots;
  // The time, in seconds since 1970, at which certificates must still be valid: now when unset.
  // A timestamp whose TSA certificate has expired by then is proven only by a later timestamp
  // that renews it (spec/FORMAT.md 11.7).
  std::optional<std::int64_t> now;
  // When not empty: trusted CA root certificates, each text one or more PEM certificates (the
  // contents of `--ca` files). At least one valid X.509 signature (algorithm 2) must then come
  // from a certificate that chains to one of them, through the intermediates the signature
  // carries, at the current time (check "trusted-ca"); each X.509 signature's line says whether
  // and how its certificate chains. Revocation is not checked (spec/SECURITY.md). A text that
  // holds no certificate or a malformed one makes verify() throw Error(kInvalidArgument).
  std::vector<std::string> caRoots;
  // The tail only: header, footer, seal and signatures, in constant time. The seal's signatures
  // then vouch for the digests of everything else, which are not checked.
  bool quick = false;
  // When not empty (and not quick): prove these articles alone, each along its path of pages
  // from the seal to its record and content, in time independent of the bundle's size (check
  // "article"); the rest of the bundle is not read.
  std::vector<std::string> articles;
  // When set: verify the earlier state of this sequence (`newsarc verify --seal N`) instead of
  // the newest: the prefix of the file that is that state's whole bundle, found by walking back
  // the chain of seals, verified as if it were the file (spec/FORMAT.md 11.2). A state the
  // bundle does not have fails check "chain". The keys are then required of that state.
  std::optional<std::uint32_t> state;
  // Called on the calling thread as the data region is read, with the stored bytes checked so
  // far and the total.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// What verification found of one RFC 3161 timestamp (spec/FORMAT.md 11.7).
struct TimestampFinding {
  std::uint32_t index = 0;
  std::string tsa;        // the TSA certificate's subject (RFC 2253), as the token carries it
  std::int64_t time = 0;  // genTime, whole seconds since 1970
  std::string timeText;   // genTime as the token has it, in RFC 3339 ("2026-12-07T12:00:00.5Z")
  std::string hash;       // of the message imprint: "sha256", "sha384", "sha512" or an OID
  std::string serial;     // hex
  std::string policy;     // dotted OID
  std::uint32_t signatures = 0;  // the signature records it covers besides the seal
  std::uint32_t timestamps = 0;  // the earlier timestamps it covers (a renewal)
  bool intact = false;   // well formed, signed by the certificate it carries, over this bundle
  bool trusted = false;  // its TSA chained to a trusted root at its time
  bool proven = false;   // trusted and still valid now, or renewed by a proven timestamp
  std::optional<std::int64_t> validUntil;  // when trusted: the end of its TSA's chain
  std::optional<std::uint32_t> renewedBy;  // the timestamp that carries it past validUntil
};

struct ARCHIVE_NEWS_EXPORT VerifyReport {
  std::string file;
  std::vector<Check> checks;
  std::vector<TimestampFinding> timestamps;
  // The earliest time a proven timestamp shows the seal existed at: every byte of this state
  // existed then. Unset without a proven timestamp.
  std::optional<std::int64_t> provenTime;
  // True when every check passed.
  bool ok() const;
  // Failed checks only.
  std::vector<Check> failures() const;
};

// The number of certificates in `pem`, the text of a file of CA root certificates as
// VerifyOptions::caRoots takes them: to check such a file before verifying. Throws
// Error(kInvalidArgument) when it holds none or a malformed one ("no PEM certificate", "a
// malformed PEM certificate (...)").
ARCHIVE_NEWS_EXPORT std::size_t countCaCertificates(std::string_view pem);

// Runs every check on an open bundle. Never throws for a defect of the bundle: each defect is a
// failed check. Throws only Error(kIOError) when the file cannot be read at all.
ARCHIVE_NEWS_EXPORT VerifyReport verify(const Bundle& bundle, const VerifyOptions& options = {});

// Verifies a file or a buffer from its bytes, without opening a Bundle first, so that a bundle
// that does not even open still gets a report: its first failed check (header, footer,
// seal-digest or seal) names what is wrong and where. verifyFile throws Error(kIOError) only when
// the file cannot be read.
ARCHIVE_NEWS_EXPORT VerifyReport verifyFile(const std::filesystem::path& path,
                                            const VerifyOptions& options = {},
                                            const ReaderOptions& readerOptions = {});
ARCHIVE_NEWS_EXPORT VerifyReport verifyMemory(std::span<const std::uint8_t> bytes,
                                              const std::string& name,
                                              const VerifyOptions& options = {},
                                              const ReaderOptions& readerOptions = {});
// The same over a RangeSource (a remote file): a quick verify fetches the last 64 KiB and the
// header (more only for signature or timestamp sections that do not fit), a full one the whole
// file, in one read. Throws Error(kIOError) when the source fails.
ARCHIVE_NEWS_EXPORT VerifyReport verifySource(std::shared_ptr<const RangeSource> source,
                                              const VerifyOptions& options = {},
                                              const ReaderOptions& readerOptions = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_VERIFIER_H_
