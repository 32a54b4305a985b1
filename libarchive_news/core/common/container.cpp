#include "core/common/container.h"

#include <archive_news/error.h>

#include <algorithm>

#include "core/common/little_endian.h"
#include "util/hex.h"

namespace archive_news::internal {
namespace {

[[noreturn]] void corrupt(const std::string& name, std::uint64_t offset, const std::string& why) {
  throw Error(ErrorCode::kCorruption, name, offset, why);
}

// Footer field offsets: the table in container.h.
constexpr std::size_t kSealOffsetAt = 0;
constexpr std::size_t kSealSizeAt = 8;
constexpr std::size_t kSignaturesOffsetAt = 16;
constexpr std::size_t kSignaturesSizeAt = 24;
constexpr std::size_t kTimestampsOffsetAt = 32;
constexpr std::size_t kTimestampsSizeAt = 40;
constexpr std::size_t kSealDigestAt = 48;
constexpr std::size_t kSignaturesDigestAt = 80;
constexpr std::size_t kTimestampsDigestAt = 112;
constexpr std::size_t kDigestAlgorithmAt = 144;
constexpr std::size_t kMajorAt = 146;
constexpr std::size_t kMinorAt = 148;
constexpr std::size_t kReservedAt = 150;
constexpr std::size_t kFooterSizeAt = 176;
constexpr std::size_t kFooterMagicAt = 180;
static_assert(kFooterMagicAt + kFooterMagic.size() == kFooterSize);

void putDigest(std::uint8_t* out, const Digest& digest) {
  std::copy(digest.begin(), digest.end(), out);
}

Digest getDigest(const std::uint8_t* in) {
  Digest digest;
  std::copy_n(in, digest.size(), digest.begin());
  return digest;
}

Footer readFields(const std::uint8_t* f) {
  Footer footer;
  footer.sealOffset = getU64(f + kSealOffsetAt);
  footer.sealSize = getU64(f + kSealSizeAt);
  footer.signaturesOffset = getU64(f + kSignaturesOffsetAt);
  footer.signaturesSize = getU64(f + kSignaturesSizeAt);
  footer.timestampsOffset = getU64(f + kTimestampsOffsetAt);
  footer.timestampsSize = getU64(f + kTimestampsSizeAt);
  footer.sealDigest = getDigest(f + kSealDigestAt);
  footer.signaturesDigest = getDigest(f + kSignaturesDigestAt);
  footer.timestampsDigest = getDigest(f + kTimestampsDigestAt);
  footer.digestAlgorithm = getU16(f + kDigestAlgorithmAt);
  footer.major = getU16(f + kMajorAt);
  footer.minor = getU16(f + kMinorAt);
  return footer;
}

// The footer's own fields, once its end (checkFooterEnd) is known good.
void checkFixedFields(const std::uint8_t* f, std::uint64_t at, const Header& header,
                      const std::string& name) {
  requireZero({f + kReservedAt, kFooterSizeAt - kReservedAt}, at + kReservedAt, name,
              "footer reserved byte");
  const std::uint16_t major = getU16(f + kMajorAt);
  const std::uint16_t minor = getU16(f + kMinorAt);
  if (major != header.major || minor != header.minor) {
    corrupt(name, at + kMajorAt,
            "footer version " + std::to_string(major) + "." + std::to_string(minor) +
                " differs from header version " + std::to_string(header.major) + "." +
                std::to_string(header.minor));
  }
  if (getU16(f + kDigestAlgorithmAt) != kDigestSha256) {
    throw Error(ErrorCode::kUnsupported, name, at + kDigestAlgorithmAt,
                "digest algorithm " + std::to_string(getU16(f + kDigestAlgorithmAt)) +
                    "; this reader supports 1 (SHA-256)");
  }
}

// header | data region | seal | signatures | timestamps | footer: the sections adjacent, so each
// offset and size has exactly one valid value once the seal's offset and the sizes are known.
void checkLayout(const Footer& footer, std::uint64_t at, const std::string& name) {
  const std::uint64_t s = footer.sealOffset;
  if (s <= kHeaderSize || s > at || s % kAlignment != 0) {
    corrupt(name, at + kSealOffsetAt,
            "seal offset " + std::to_string(s) + " is not a multiple of 8 after the header (" +
                std::to_string(kHeaderSize) + ") and before the footer at " + std::to_string(at));
  }
  if (footer.sealSize < kMinMessageSize || footer.sealSize > kMaxSealSize ||
      footer.sealSize % kAlignment != 0 || footer.sealSize > at - s) {
    corrupt(name, at + kSealSizeAt,
            "seal size " + std::to_string(footer.sealSize) + "; expected a multiple of 8 from " +
                std::to_string(kMinMessageSize) + " to " + std::to_string(kMaxSealSize) +
                " that fits before the footer");
  }
  if (footer.signaturesOffset != s + footer.sealSize) {
    corrupt(name, at + kSignaturesOffsetAt,
            "signature section offset " + std::to_string(footer.signaturesOffset) + "; expected " +
                std::to_string(s + footer.sealSize) + " (right after the seal)");
  }
  const std::uint64_t roomForSignatures = at - footer.signaturesOffset;
  if (footer.signaturesSize < kMinMessageSize || footer.signaturesSize % kAlignment != 0 ||
      footer.signaturesSize > roomForSignatures) {
    corrupt(name, at + kSignaturesSizeAt,
            "signature section size " + std::to_string(footer.signaturesSize) +
                "; expected a multiple of 8, at least " + std::to_string(kMinMessageSize) +
                ", that fits before the footer");
  }
  const std::uint64_t t = footer.signaturesOffset + footer.signaturesSize;
  if (footer.timestampsOffset != t) {
    corrupt(name, at + kTimestampsOffsetAt,
            "timestamp section offset " + std::to_string(footer.timestampsOffset) + "; expected " +
                std::to_string(t) + " (right after the signature section)");
  }
  if (footer.timestampsSize != at - t) {
    corrupt(name, at + kTimestampsSizeAt,
            "timestamp section size " + std::to_string(footer.timestampsSize) + "; expected " +
                std::to_string(at - t) + " (ending where the footer starts)");
  }
  if (footer.timestampsSize != 0 &&
      (footer.timestampsSize < kMinMessageSize || footer.timestampsSize % kAlignment != 0)) {
    corrupt(name, at + kTimestampsSizeAt,
            "timestamp section size " + std::to_string(footer.timestampsSize) +
                "; expected 0 (no timestamps) or a multiple of 8, at least " +
                std::to_string(kMinMessageSize));
  }
}

// What the footer ends with, checked first: its size (u32) then the magic, the file's last 16
// bytes.
void checkFooterEnd(std::span<const std::uint8_t> file, const std::string& name) {
  const std::uint64_t magicAt = file.size() - kFooterMagic.size();
  const std::uint64_t sizeAt = magicAt - 4;
  const std::span<const std::uint8_t> magic = file.subspan(magicAt);
  if (!std::equal(kFooterMagic.begin(), kFooterMagic.end(), magic.begin())) {
    corrupt(name, magicAt,
            "footer magic: expected " + hex(kFooterMagic) + ", found " + hex(magic) +
                " (truncated or not a newsarc bundle)");
  }
  if (getU32(file.data() + sizeAt) != kFooterSize) {
    corrupt(name, sizeAt,
            "footer size: expected " + std::to_string(kFooterSize) + ", found " +
                std::to_string(getU32(file.data() + sizeAt)));
  }
}

}  // namespace

void requireZero(std::span<const std::uint8_t> bytes, std::uint64_t offset, const std::string& name,
                 const char* what) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != 0) {
      corrupt(name, offset + i,
              std::string(what) + " must be zero, found 0x" + hex(bytes.subspan(i, 1)));
    }
  }
}

std::array<std::uint8_t, kHeaderSize> encodeHeader() {
  std::array<std::uint8_t, kHeaderSize> out{};
  std::copy(kHeaderMagic.begin(), kHeaderMagic.end(), out.begin());
  putU16(&out[12], kFormatMajor);
  putU16(&out[14], kFormatMinor);
  return out;
}

std::array<std::uint8_t, kFooterSize> encodeFooter(const Footer& footer) {
  std::array<std::uint8_t, kFooterSize> out{};
  std::uint8_t* f = out.data();
  putU64(f + kSealOffsetAt, footer.sealOffset);
  putU64(f + kSealSizeAt, footer.sealSize);
  putU64(f + kSignaturesOffsetAt, footer.signaturesOffset);
  putU64(f + kSignaturesSizeAt, footer.signaturesSize);
  putU64(f + kTimestampsOffsetAt, footer.timestampsOffset);
  putU64(f + kTimestampsSizeAt, footer.timestampsSize);
  putDigest(f + kSealDigestAt, footer.sealDigest);
  putDigest(f + kSignaturesDigestAt, footer.signaturesDigest);
  putDigest(f + kTimestampsDigestAt, footer.timestampsDigest);
  putU16(f + kDigestAlgorithmAt, footer.digestAlgorithm);
  putU16(f + kMajorAt, footer.major);
  putU16(f + kMinorAt, footer.minor);
  putU32(f + kFooterSizeAt, kFooterSize);
  std::copy(kFooterMagic.begin(), kFooterMagic.end(), f + kFooterMagicAt);
  return out;
}

namespace {

void checkSmallestSize(std::span<const std::uint8_t> file, const std::string& name) {
  if (file.size() < kHeaderSize + kFooterSize) {
    throw Error(ErrorCode::kCorruption, name, file.size(),
                "file ends after " + std::to_string(file.size()) +
                    " bytes; a bundle has at least " + std::to_string(kHeaderSize + kFooterSize) +
                    " (header and footer)");
  }
}

}  // namespace

Header decodeHeader(std::span<const std::uint8_t> file, const std::string& name) {
  checkSmallestSize(file, name);
  if (!std::equal(kHeaderMagic.begin(), kHeaderMagic.end(), file.begin())) {
    corrupt(name, 0,
            "not a newsarc bundle: expected magic " + hex(kHeaderMagic) + ", found " +
                hex(file.first(kHeaderMagic.size())));
  }
  Header header{getU16(&file[12]), getU16(&file[14])};
  if (header.major != kFormatMajor) {
    throw Error(ErrorCode::kUnsupported, name, 12,
                "format major version " + std::to_string(header.major) +
                    "; this reader supports major version " + std::to_string(kFormatMajor));
  }
  requireZero(file.subspan(16, 16), 16, name, "header reserved byte");
  return header;
}

Header headerFromFooter(std::span<const std::uint8_t> file, const std::string& name) {
  checkSmallestSize(file, name);
  checkFooterEnd(file, name);
  const std::uint64_t at = file.size() - kFooterSize;
  const Header header{getU16(file.data() + at + kMajorAt), getU16(file.data() + at + kMinorAt)};
  if (header.major != kFormatMajor) {
    throw Error(ErrorCode::kUnsupported, name, at + kMajorAt,
                "format major version " + std::to_string(header.major) +
                    "; this reader supports major version " + std::to_string(kFormatMajor));
  }
  return header;
}

Footer decodeFooter(std::span<const std::uint8_t> file, const Header& header,
                    const std::string& name) {
  const std::uint64_t at = file.size() - kFooterSize;
  const std::uint8_t* f = file.data() + at;
  checkFooterEnd(file, name);
  checkFixedFields(f, at, header, name);
  Footer footer = readFields(f);
  checkLayout(footer, at, name);
  return footer;
}

}  // namespace archive_news::internal
