#include "core/read/tail_reader.h"

#include <archive_news/error.h>

#include "core/common/canonical_message.h"
#include "core/common/sha256.h"
#include "core/signature/signature_section.h"
#include "core/signature/timestamp_section.h"

namespace archive_news::internal {
namespace {

void checkDigest(std::span<const std::uint8_t> bytes, const Digest& expected,
                 const std::string& name, std::uint64_t offset, const std::string& what) {
  const Digest actual = sha256(bytes);
  if (actual != expected) {
    throw Error(ErrorCode::kCorruption, name, offset,
                what + " has SHA-256 " + hex(actual) + "; the footer says " + hex(expected));
  }
}

}  // namespace

Tail readTail(std::span<const std::uint8_t> file, const std::string& name,
              const ReaderOptions& options) {
  Tail tail;
  tail.header = internal::decodeHeader(file, name);
  tail.footer = internal::decodeFooter(file, tail.header, name);
  const Footer& f = tail.footer;
  if (f.signaturesSize > options.maxSignatureSectionSize) {
    throw Error(ErrorCode::kLimitExceeded, name, f.signaturesOffset,
                "signature section of " + std::to_string(f.signaturesSize) +
                    " bytes exceeds the limit of " +
                    std::to_string(options.maxSignatureSectionSize));
  }
  if (f.timestampsSize > options.maxTimestampSectionSize) {
    throw Error(ErrorCode::kLimitExceeded, name, f.timestampsOffset,
                "timestamp section of " + std::to_string(f.timestampsSize) +
                    " bytes exceeds the limit of " +
                    std::to_string(options.maxTimestampSectionSize));
  }
  tail.sealBytes = file.subspan(f.sealOffset, f.sealSize);
  tail.signatureBytes = file.subspan(f.signaturesOffset, f.signaturesSize);
  tail.timestampBytes = file.subspan(f.timestampsOffset, f.timestampsSize);
  checkDigest(tail.sealBytes, f.sealDigest, name, f.sealOffset, "seal");
  // Checked on opening even when empty: every byte of the footer has one valid value.
  checkDigest(tail.timestampBytes, f.timestampsDigest, name, f.timestampsOffset,
              "timestamp section");
  tail.seal = decodeSeal(tail.sealBytes, SealPlace{name, f.sealOffset, tail.header}, options);
  return tail;
}

std::vector<Signature> readSignatures(const Tail& tail, const std::string& name,
                                      const ReaderOptions& options) {
  const std::uint64_t offset = tail.footer.signaturesOffset;
  checkDigest(tail.signatureBytes, tail.footer.signaturesDigest, name, offset, "signature section");
  return decodeSignatureSet(tail.signatureBytes, name, offset, options);
}

std::vector<Timestamp> readTimestamps(const Tail& tail, const std::string& name,
                                      const ReaderOptions& options) {
  if (tail.timestampBytes.empty()) return {};
  return decodeTimestampSet(tail.timestampBytes, name, tail.footer.timestampsOffset, options);
}

}  // namespace archive_news::internal
