#include <archive_news/error.h>
#include <archive_news/timestamp.h>
#include <sodium.h>

#include "core/common/sha256.h"
#include "core/read/bundle_impl.h"
#include "core/signature/minisign.h"
#include "core/signature/timestamp_imprint.h"
#include "core/signature/timestamp_section.h"
#include "core/signature/timestamp_token.h"
#include "core/write/append_file.h"
#include "core/write/capnp_encode.h"

namespace archive_news {
namespace {

// What a reply is called in errors: it is not a file of the bundle's.
constexpr const char* kReplyName = "timestamp reply";

// How many of the first signature records a timestamp can cover: those of algorithms this
// library knows, up to the first it does not.
std::uint32_t coverableCount(const std::vector<Signature>& signatures) {
  std::uint32_t n = 0;
  while (n < signatures.size() && internal::coverableSignature(signatures[n])) ++n;
  return n;
}

struct Counts {
  std::uint32_t signatures = 0;
  std::uint32_t timestamps = 0;
};

// The counts whose timestamped bytes have the token's imprint, the seal alone first.
std::optional<Counts> findCounts(const internal::Tail& tail,
                                 const std::vector<Signature>& signatures,
                                 const std::vector<Timestamp>& timestamps,
                                 const internal::TokenFacts& facts) {
  const std::uint32_t maxSignatures = coverableCount(signatures);
  for (std::uint32_t t = 0; t <= timestamps.size(); ++t) {
    for (std::uint32_t s = 0; s <= maxSignatures; ++s) {
      const std::vector<std::uint8_t> data = internal::timestampedBytes(
          tail.sealBytes, signatures, timestamps, s, t, *facts.hash, kReplyName);
      if (internal::timestampDigest(*facts.hash, data) == facts.imprint) return Counts{s, t};
    }
  }
  return std::nullopt;
}

[[noreturn]] void refuse(const std::string& what) {
  throw Error(ErrorCode::kBadSignature, kReplyName, std::nullopt, what);
}

// Checks the query's answer against the query and the bundle as it is now.
Counts countsOfQuery(const internal::Tail& tail, const std::vector<Signature>& signatures,
                     const std::vector<Timestamp>& timestamps, const internal::TokenFacts& facts,
                     const TimestampQuery& query) {
  if (facts.nonce != query.nonce)
    refuse("its nonce is not the request's; expected the answer to this request");
  if (facts.hash != query.hash ||
      facts.imprint != internal::timestampDigest(query.hash, query.data)) {
    refuse("its message imprint is not the request's");
  }
  if (query.signatures > signatures.size() || query.timestamps > timestamps.size() ||
      internal::timestampedBytes(tail.sealBytes, signatures, timestamps, query.signatures,
                                 query.timestamps, query.hash, kReplyName) != query.data) {
    refuse("the bundle changed since the request was made; ask again");
  }
  return Counts{query.signatures, query.timestamps};
}

std::uint32_t storeTimestamp(const std::filesystem::path& path, std::span<const std::uint8_t> reply,
                             const TimestampQuery* query) {
  // Held until the new file is renamed into place, as addSignature holds it.
  const std::unique_ptr<internal::FileDescriptor> lock =
      internal::lockBundleFile(path, internal::LockFor::kReplace);
  Bundle bundle = Bundle::open(path);
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  const internal::Tail& tail = b.reader->tail();
  const std::vector<Signature> signatures = bundle.signatures();
  std::vector<Timestamp> timestamps = bundle.timestamps();

  const std::vector<std::uint8_t> token = internal::tokenOfReply(reply, kReplyName);
  if (token.size() > internal::kMaxTimestampTokenSize) {
    throw Error(ErrorCode::kLimitExceeded, kReplyName, std::nullopt,
                "token of " + std::to_string(token.size()) + " bytes; at most " +
                    std::to_string(internal::kMaxTimestampTokenSize) + " are stored");
  }
  const internal::TimestampToken parsed(token, kReplyName, std::nullopt);
  if (const auto problem = parsed.signatureProblem()) refuse(*problem);
  const internal::TokenFacts& facts = parsed.facts();
  if (!facts.hash) {
    refuse("its message imprint is hashed with " + facts.hashName +
           "; expected sha256, sha384 or sha512");
  }
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    if (timestamps[i].token == token)
      refuse("this token is already timestamp " + std::to_string(i));
  }
  std::optional<Counts> counts;
  if (query != nullptr) {
    counts = countsOfQuery(tail, signatures, timestamps, facts, *query);
  } else {
    counts = findCounts(tail, signatures, timestamps, facts);
  }
  if (!counts) {
    refuse(
        "its message imprint matches neither this bundle's seal nor its seal with its "
        "signatures or timestamps; it was made for other bytes");
  }
  const std::vector<internal::SignatureCheck> checks = internal::checkSignatures(
      std::vector<Signature>(signatures.begin(), signatures.begin() + counts->signatures),
      tail.sealBytes);
  for (std::size_t i = 0; i < checks.size(); ++i) {
    if (checks[i] != internal::SignatureCheck::kValid) {
      throw Error(ErrorCode::kBadSignature, b.name, tail.footer.signaturesOffset,
                  "signature " + std::to_string(i) +
                      " does not verify; refusing to timestamp it as if it did");
    }
  }

  timestamps.push_back(Timestamp{token, counts->signatures, counts->timestamps});
  const std::vector<std::uint8_t> section = internal::encodeTimestampSet(timestamps);
  if (section.size() > ReaderOptions{}.maxTimestampSectionSize) {
    throw Error(ErrorCode::kLimitExceeded, b.name, tail.footer.timestampsOffset,
                "the timestamp section would grow to " + std::to_string(section.size()) +
                    " bytes, past what readers accept by default (" +
                    std::to_string(ReaderOptions{}.maxTimestampSectionSize) + ")");
  }
  internal::Footer footer = tail.footer;
  footer.timestampsSize = section.size();
  footer.timestampsDigest = internal::sha256(section);

  internal::AtomicFile out(path, /*overwrite=*/true);
  out.copyFrom(path, 0, tail.footer.timestampsOffset);
  out.write(section);
  out.write(internal::encodeFooter(footer));
  out.commit();
  return static_cast<std::uint32_t>(timestamps.size() - 1);
}

}  // namespace

TimestampQuery makeTimestampQuery(const Bundle& bundle, const TimestampScope& scope) {
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  const std::vector<Signature> signatures = bundle.signatures();
  const std::vector<Timestamp> timestamps = bundle.timestamps();
  TimestampQuery query;
  query.hash = scope.hash;
  query.signatures = scope.signatures ? coverableCount(signatures) : 0;
  query.timestamps = scope.renew ? static_cast<std::uint32_t>(timestamps.size()) : 0;
  query.data = internal::timestampedBytes(b.reader->tail().sealBytes, signatures, timestamps,
                                          query.signatures, query.timestamps, query.hash, b.name);
  query.nonce.resize(8);
  randombytes_buf(query.nonce.data(), query.nonce.size());
  // An INTEGER's bytes come back without leading zeros: keep the first one set.
  query.nonce[0] |= 0x01;
  query.request = internal::encodeTimestampRequest(
      query.hash, internal::timestampDigest(query.hash, query.data), query.nonce);
  return query;
}

std::uint32_t addTimestamp(const std::filesystem::path& path, std::span<const std::uint8_t> reply) {
  return storeTimestamp(path, reply, nullptr);
}

std::uint32_t addTimestamp(const std::filesystem::path& path, std::span<const std::uint8_t> reply,
                           const TimestampQuery& query) {
  return storeTimestamp(path, reply, &query);
}

}  // namespace archive_news
