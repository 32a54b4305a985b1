#include <archive_news/error.h>
#include <archive_news/timestamp.h>

#include "core/read/bundle_impl.h"
#include "core/signature/timestamp_imprint.h"
#include "core/signature/timestamp_token.h"

namespace archive_news {

std::vector<std::uint8_t> timestampedData(const Bundle& bundle, std::uint32_t index) {
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  const internal::Tail& tail = b.reader->tail();
  const std::vector<Timestamp> timestamps = bundle.timestamps();
  if (index >= timestamps.size()) {
    throw Error(ErrorCode::kNotFound, b.name, std::nullopt,
                "no timestamp " + std::to_string(index) + "; the bundle has " +
                    std::to_string(timestamps.size()));
  }
  const Timestamp& t = timestamps[index];
  if (t.signatures == 0 && t.timestamps == 0) {
    return {tail.sealBytes.begin(), tail.sealBytes.end()};
  }
  const internal::TimestampToken token(t.token, b.name, tail.footer.timestampsOffset);
  if (!token.facts().hash) {
    throw Error(ErrorCode::kUnsupported, b.name, tail.footer.timestampsOffset,
                "timestamp " + std::to_string(index) + " hashes with " + token.facts().hashName +
                    "; expected sha256, sha384 or sha512");
  }
  return internal::timestampedBytes(tail.sealBytes, bundle.signatures(), timestamps, t.signatures,
                                    t.timestamps, *token.facts().hash, b.name);
}

std::optional<TimestampClaims> timestampClaims(const Timestamp& timestamp) {
  try {
    const internal::TimestampToken token(timestamp.token, "", std::nullopt);
    const internal::TokenFacts& facts = token.facts();
    return TimestampClaims{facts.signer, facts.time, facts.timeText, facts.hashName};
  } catch (const Error&) {
    return std::nullopt;
  }
}

}  // namespace archive_news
