// What a timestamp's message imprint is the hash of (spec/FORMAT.md 7.4): the seal's bytes for a
// token over the seal alone; for one that also covers signature records or earlier timestamps
// (a renewal), the digests of the seal, of each record and of each earlier token, one after the
// other. Writer and verifier build it here, the same way.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_IMPRINT_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_IMPRINT_H_

#include <archive_news/signature.h>
#include <archive_news/timestamp.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

// Whether a timestamp can cover this record: this library knows the record's algorithm, so it
// knows which of its bytes are the record (7.4).
bool coverableSignature(const Signature& signature);

// The bytes a record covering the first `signatureCount` signature records and the first
// `timestampCount` timestamps is over, for `hash`: the seal's bytes when both are 0, else
// H(seal) ‖ H(record 0) ‖ ... ‖ H(token 0) ‖ ... Throws Error(kCorruption) naming `name` when
// the bundle has fewer records than that, and Error(kUnsupported) for a covered signature
// record of an algorithm this library does not know.
std::vector<std::uint8_t> timestampedBytes(std::span<const std::uint8_t> seal,
                                           const std::vector<Signature>& signatures,
                                           const std::vector<Timestamp>& timestamps,
                                           std::uint32_t signatureCount,
                                           std::uint32_t timestampCount, TimestampHash hash,
                                           const std::string& name);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_IMPRINT_H_
