#include "core/read/tail_reader.h"

#include <archive_news/error.h>

#include <algorithm>

#include "core/common/canonical_message.h"
#include "core/common/sha256.h"
#include "core/read/range_mirror.h"
#include "core/signature/signature_section.h"
#include "core/signature/timestamp_section.h"
#include "util/hex.h"

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

void fetchTailBytes(std::span<const std::uint8_t> file, bool withHeader) {
  constexpr std::uint64_t kTailFetch = 64 << 10;
  const std::uint64_t size = file.size();
  // The tail first: for a file of up to two blocks it brings the header along.
  ensureBytes(file, size > kTailFetch ? size - kTailFetch : 0, kTailFetch);
  if (withHeader) ensureBytes(file, 0, kHeaderSize);
}

void fetchSections(std::span<const std::uint8_t> file, const Footer& footer,
                   const ReaderOptions& options) {
  const std::uint64_t most =
      kMaxSealSize + options.maxSignatureSectionSize + options.maxTimestampSectionSize;
  ensureBytes(file, footer.sealOffset,
              std::min(footer.timestampsOffset + footer.timestampsSize - footer.sealOffset, most));
}

Tail readTail(std::span<const std::uint8_t> file, const std::string& name,
              const ReaderOptions& options) {
  Tail tail;
  fetchTailBytes(file, /*withHeader=*/false);
  tail.header =
      bytesPresent(file, 0, kHeaderSize) ? decodeHeader(file, name) : headerFromFooter(file, name);
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
  fetchSections(file, f, options);
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
