#include "core/read/tail_reader.h"

#include <archive_news/error.h>

#include "core/common/canonical_message.h"
#include "core/common/sha256.h"
#include "core/signature/signature_section.h"

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
  tail.sealBytes = file.subspan(f.sealOffset, f.sealSize);
  tail.signatureBytes = file.subspan(f.signaturesOffset, f.signaturesSize);
  checkDigest(tail.sealBytes, f.sealDigest, name, f.sealOffset, "seal");
  // Empty in format 2.0, yet its digest is fixed too: every byte of the footer has one value.
  checkDigest(file.subspan(f.timestampsOffset, f.timestampsSize), f.timestampsDigest, name,
              f.timestampsOffset, "timestamp section");
  tail.seal = decodeSeal(tail.sealBytes, SealPlace{name, f.sealOffset, tail.header}, options);
  return tail;
}

std::vector<Signature> readSignatures(const Tail& tail, const std::string& name,
                                      const ReaderOptions& options) {
  const std::uint64_t offset = tail.footer.signaturesOffset;
  checkDigest(tail.signatureBytes, tail.footer.signaturesDigest, name, offset, "signature section");
  return decodeSignatureSet(tail.signatureBytes, name, offset, options);
}

}  // namespace archive_news::internal
