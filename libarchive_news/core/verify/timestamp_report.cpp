#include "core/verify/timestamp_report.h"

#include <archive_news/error.h>

#include <algorithm>
#include <ctime>

#include "core/signature/timestamp_imprint.h"
#include "core/signature/timestamp_section.h"
#include "core/signature/timestamp_token.h"

namespace archive_news::internal {
namespace {

std::string utc(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  char text[32];
  if (gmtime_r(&t, &tm) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0) {
    return std::to_string(seconds);
  }
  return text;
}

std::string range(const std::string& what, std::uint32_t count) {
  if (count == 1) return what + " 0";
  return what + "s 0-" + std::to_string(count - 1);
}

// "the seal", "the seal and signatures 0-1", "the seal, signature 0 and timestamps 0-2".
std::string coverage(std::uint32_t signatures, std::uint32_t timestamps) {
  if (signatures == 0 && timestamps == 0) return "the seal";
  if (timestamps == 0) return "the seal and " + range("signature", signatures);
  if (signatures == 0) return "the seal and " + range("timestamp", timestamps);
  return "the seal, " + range("signature", signatures) + " and " + range("timestamp", timestamps);
}

// One token as checked: its facts and, when it could be parsed, the token.
struct Examined {
  TimestampFinding finding;
  std::optional<TimestampToken> token;
  std::string problem;     // why not intact
  std::string tsaProblem;  // why not trusted
};

// Integrity: the token parses, its signature holds, its imprint is over this bundle.
void examine(Examined& e, const Timestamp& t, const Tail& tail, const std::string& name,
             const std::optional<std::vector<Signature>>& signatures,
             const std::vector<Timestamp>& timestamps, std::string& failedCheck) {
  TimestampFinding& f = e.finding;
  f.signatures = t.signatures;
  f.timestamps = t.timestamps;
  try {
    e.token.emplace(t.token, name, tail.footer.timestampsOffset);
  } catch (const Error& error) {
    failedCheck = "timestamp-token";
    e.problem = error.reason();
    return;
  }
  const TokenFacts& facts = e.token->facts();
  f.tsa = facts.signer;
  f.time = facts.time;
  f.timeText = facts.timeText;
  f.hash = facts.hashName;
  f.serial = facts.serial;
  f.policy = facts.policy;
  if (const auto problem = e.token->signatureProblem()) {
    failedCheck = "timestamp-token";
    e.problem = *problem;
    return;
  }
  failedCheck = "timestamp-imprint";
  if (!facts.hash) {
    e.problem = "its imprint is hashed with " + facts.hashName +
                ", which this verifier does not accept; expected sha256, sha384 or sha512";
    return;
  }
  if (t.signatures > 0 && !signatures) {
    e.problem = "it covers signature records, and the signature section cannot be read";
    return;
  }
  try {
    const std::vector<std::uint8_t> data =
        timestampedBytes(tail.sealBytes, signatures ? *signatures : std::vector<Signature>{},
                         timestamps, t.signatures, t.timestamps, *facts.hash, name);
    if (timestampDigest(*facts.hash, data) != facts.imprint) {
      e.problem = "its message imprint is not the " + facts.hashName + " of " +
                  coverage(t.signatures, t.timestamps) +
                  " of this bundle: the token was made for other bytes";
      return;
    }
  } catch (const Error& error) {
    e.problem = error.reason();
    return;
  }
  failedCheck.clear();
  f.intact = true;
}

// RFC 4998's rule, newest first: a timestamp is proven when its TSA chained to a trusted root at
// its time and its chain is still valid now, or when a proven later timestamp covers it and its
// chain was still valid at that later one's time.
void prove(std::vector<Examined>& all, const TsaRoots& roots, std::int64_t now) {
  for (std::size_t i = all.size(); i-- > 0;) {
    Examined& e = all[i];
    if (!e.finding.intact) continue;
    const ChainCheck atTime = e.token->tsaCheck(roots, e.finding.time);
    if (!atTime.ok) {
      e.tsaProblem = atTime.problem;
      continue;
    }
    e.finding.trusted = true;
    e.finding.validUntil = atTime.validUntil;
    if (e.token->tsaCheck(roots, now).ok) {
      e.finding.proven = true;
      continue;
    }
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      const TimestampFinding& later = all[j].finding;
      if (later.proven && later.timestamps > i && e.token->tsaCheck(roots, later.time).ok) {
        e.finding.proven = true;
        e.finding.renewedBy = static_cast<std::uint32_t>(j);
        break;
      }
    }
  }
}

std::string itemOf(const TimestampFinding& f) {
  return "timestamp " + std::to_string(f.index) + (f.tsa.empty() ? "" : " (TSA " + f.tsa + ")");
}

void reportOne(const Examined& e, const std::string& failedCheck, bool rootsGiven,
               const std::vector<Examined>& all, std::uint64_t at, Report& r) {
  const TimestampFinding& f = e.finding;
  if (!f.intact) {
    r.fail(failedCheck, itemOf(f), at, e.problem);
    return;
  }
  const std::string what = "RFC 3161 token of " + f.timeText + " over " +
                           coverage(f.signatures, f.timestamps) + " (" + f.hash +
                           "), signed by the certificate it carries";
  if (!rootsGiven) {
    r.pass("timestamp", itemOf(f), at,
           what + "; its TSA is not checked (give --tsa-ca with the TSA's root)");
    return;
  }
  if (!f.trusted) {
    r.fail("timestamp-tsa", itemOf(f), at,
           e.tsaProblem + "; expected a TSA certificate for time stamping, valid at " +
               utc(f.time) + ", that chains to a trusted TSA root");
    return;
  }
  const std::string until =
      "its TSA chains to a trusted root, certificates valid until " + utc(*f.validUntil);
  if (!f.proven) {
    r.fail("timestamp-tsa", itemOf(f), at,
           what + "; " + until +
               ", and no later timestamp renews it; expected a renewal (newsarc timestamp "
               "--renew) made before then");
    return;
  }
  std::string detail = what + "; " + until;
  if (f.renewedBy) {
    detail += "; renewed by timestamp " + std::to_string(*f.renewedBy) + " of " +
              all[*f.renewedBy].finding.timeText;
  }
  r.pass("timestamp", itemOf(f), at, detail);
}

// What the proven timestamps prove: the earliest time the seal existed, and each covered
// signature's.
void reportProof(const std::vector<Examined>& all, std::size_t signatureCount, Report& r,
                 VerifyReport& report) {
  const Examined* earliest = nullptr;
  std::vector<std::optional<std::int64_t>> signedBy(signatureCount);
  for (const Examined& e : all) {
    const TimestampFinding& f = e.finding;
    if (!f.proven) continue;
    if (earliest == nullptr || f.time < earliest->finding.time) earliest = &e;
    for (std::uint32_t s = 0; s < f.signatures && s < signatureCount; ++s) {
      if (!signedBy[s] || f.time < *signedBy[s]) signedBy[s] = f.time;
    }
  }
  if (earliest == nullptr) return;
  report.provenTime = earliest->finding.time;
  std::string detail = "the seal, and every byte it covers, existed by " +
                       earliest->finding.timeText + " (timestamp " +
                       std::to_string(earliest->finding.index) + ")";
  for (std::size_t s = 0; s < signatureCount; ++s) {
    if (signedBy[s]) {
      detail += "; signature " + std::to_string(s) + " existed by " + utc(*signedBy[s]);
    }
  }
  r.pass("timestamp-proof", "seal", std::nullopt, detail);
}

}  // namespace

void checkTimestamps(const Tail& tail, const std::string& name,
                     const std::optional<std::vector<Signature>>& signatures,
                     const BundleVerifyOptions& options, const ReaderOptions& readerOptions,
                     Report& r, VerifyReport& report) {
  const std::uint64_t at = tail.footer.timestampsOffset;
  std::vector<Timestamp> timestamps;
  try {
    if (tail.footer.timestampsSize > readerOptions.maxTimestampSectionSize) {
      throw Error(ErrorCode::kLimitExceeded, name, at,
                  "timestamp section of " + std::to_string(tail.footer.timestampsSize) +
                      " bytes exceeds the limit of " +
                      std::to_string(readerOptions.maxTimestampSectionSize));
    }
    timestamps = readTimestamps(tail, name, readerOptions);
  } catch (const Error& e) {
    r.fail("timestamp-section", "timestamp section", e.offset(), e.reason());
    return;
  }
  if (timestamps.empty()) {
    if (options.tsaRoots) {
      r.fail("timestamp-tsa", "timestamp section", at,
             "the bundle has no timestamp; expected one by a trusted TSA");
    }
    return;
  }
  r.pass(
      "timestamp-section", "timestamp section", at,
      "sha256 as the footer says, canonical, " + std::to_string(timestamps.size()) + " timestamps");
  std::vector<Examined> all(timestamps.size());
  std::vector<std::string> failedChecks(timestamps.size());
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    all[i].finding.index = static_cast<std::uint32_t>(i);
    examine(all[i], timestamps[i], tail, name, signatures, timestamps, failedChecks[i]);
  }
  if (options.tsaRoots) prove(all, *options.tsaRoots, options.now);
  for (std::size_t i = 0; i < all.size(); ++i) {
    reportOne(all[i], failedChecks[i], options.tsaRoots != nullptr, all, at, r);
    report.timestamps.push_back(all[i].finding);
  }
  reportProof(all, signatures ? signatures->size() : 0, r, report);
}

}  // namespace archive_news::internal
