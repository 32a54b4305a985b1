#include "core/common/container.h"

#include <archive_news/error.h>

#include <algorithm>
#include <cstring>

#include "core/common/little_endian.h"

namespace archive_news::internal {
namespace {

[[noreturn]] void corrupt(const std::string& name, std::uint64_t offset, const std::string& why) {
  throw Error(ErrorCode::kCorruption, name, offset, why);
}

// Footer field offsets (spec/FORMAT.md, "Footer").
constexpr std::size_t kManifestOffsetAt = 0;
constexpr std::size_t kManifestSizeAt = 8;
constexpr std::size_t kSignaturesOffsetAt = 16;
constexpr std::size_t kSignaturesSizeAt = 24;
constexpr std::size_t kManifestDigestAt = 32;
constexpr std::size_t kSignaturesDigestAt = 64;
constexpr std::size_t kDigestAlgorithmAt = 96;
constexpr std::size_t kMajorAt = 98;
constexpr std::size_t kMinorAt = 100;
constexpr std::size_t kReservedAt = 102;  // 10 bytes
constexpr std::size_t kFooterSizeAt = 112;
constexpr std::size_t kFooterMagicAt = 116;

}  // namespace

std::string hex(std::span<const std::uint8_t> bytes) {
  static const char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (std::uint8_t b : bytes) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

void requireZero(std::span<const std::uint8_t> bytes, std::uint64_t offset, const std::string& name,
                 const char* what) {
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (bytes[i] != 0) {
      corrupt(name, offset + i,
              std::string(what) + " must be zero, found 0x" + hex(bytes.subspan(i, 1)));
    }
  }
}

void checkFooterEnd(std::span<const std::uint8_t> file, std::size_t footerSize,
                    const std::string& name) {
  const std::uint64_t magicAt = file.size() - kFooterMagic.size();
  const std::uint64_t sizeAt = magicAt - 4;
  const std::span<const std::uint8_t> magic = file.subspan(magicAt);
  if (!std::equal(kFooterMagic.begin(), kFooterMagic.end(), magic.begin())) {
    corrupt(name, magicAt,
            "footer magic: expected " + hex(kFooterMagic) + ", found " + hex(magic) +
                " (truncated or not a newsarc bundle)");
  }
  if (getU32(file.data() + sizeAt) != footerSize) {
    corrupt(name, sizeAt,
            "footer size: expected " + std::to_string(footerSize) + ", found " +
                std::to_string(getU32(file.data() + sizeAt)));
  }
}

std::array<std::uint8_t, kHeaderSize> encodeHeader(const Header& header) {
  std::array<std::uint8_t, kHeaderSize> out{};
  std::copy(kHeaderMagic.begin(), kHeaderMagic.end(), out.begin());
  putU16(&out[12], header.major);
  putU16(&out[14], header.minor);
  return out;
}

std::array<std::uint8_t, kFooterSize> encodeFooter(const Footer& footer) {
  std::array<std::uint8_t, kFooterSize> out{};
  putU64(&out[kManifestOffsetAt], footer.manifestOffset);
  putU64(&out[kManifestSizeAt], footer.manifestSize);
  putU64(&out[kSignaturesOffsetAt], footer.signaturesOffset);
  putU64(&out[kSignaturesSizeAt], footer.signaturesSize);
  std::copy(footer.manifestDigest.begin(), footer.manifestDigest.end(), &out[kManifestDigestAt]);
  std::copy(footer.signaturesDigest.begin(), footer.signaturesDigest.end(),
            &out[kSignaturesDigestAt]);
  putU16(&out[kDigestAlgorithmAt], footer.digestAlgorithm);
  putU16(&out[kMajorAt], footer.major);
  putU16(&out[kMinorAt], footer.minor);
  putU32(&out[kFooterSizeAt], kFooterSize);
  std::copy(kFooterMagic.begin(), kFooterMagic.end(), &out[kFooterMagicAt]);
  return out;
}

Header decodeHeader(std::span<const std::uint8_t> file, const std::string& name,
                    std::uint16_t supportedMajor, std::size_t footerSize) {
  if (file.size() < kHeaderSize + footerSize) {
    throw Error(ErrorCode::kCorruption, name, file.size(),
                "file ends after " + std::to_string(file.size()) +
                    " bytes; a bundle has at least " + std::to_string(kHeaderSize + footerSize) +
                    " (header and footer)");
  }
  if (!std::equal(kHeaderMagic.begin(), kHeaderMagic.end(), file.begin())) {
    corrupt(name, 0,
            "not a newsarc bundle: expected magic " + hex(kHeaderMagic) + ", found " +
                hex(file.first(kHeaderMagic.size())));
  }
  Header header{getU16(&file[12]), getU16(&file[14])};
  if (header.major != supportedMajor) {
    throw Error(ErrorCode::kUnsupported, name, 12,
                "format major version " + std::to_string(header.major) +
                    "; this reader supports major version " + std::to_string(supportedMajor));
  }
  requireZero(file.subspan(16, 16), 16, name, "header reserved byte");
  return header;
}

Footer decodeFooter(std::span<const std::uint8_t> file, const Header& header,
                    const std::string& name) {
  const std::uint64_t at = file.size() - kFooterSize;
  const std::uint8_t* f = file.data() + at;
  checkFooterEnd(file, kFooterSize, name);
  Footer footer;
  footer.manifestOffset = getU64(f + kManifestOffsetAt);
  footer.manifestSize = getU64(f + kManifestSizeAt);
  footer.signaturesOffset = getU64(f + kSignaturesOffsetAt);
  footer.signaturesSize = getU64(f + kSignaturesSizeAt);
  std::copy_n(f + kManifestDigestAt, 32, footer.manifestDigest.begin());
  std::copy_n(f + kSignaturesDigestAt, 32, footer.signaturesDigest.begin());
  footer.digestAlgorithm = getU16(f + kDigestAlgorithmAt);
  footer.major = getU16(f + kMajorAt);
  footer.minor = getU16(f + kMinorAt);
  requireZero({f + kReservedAt, kFooterSizeAt - kReservedAt}, at + kReservedAt, name,
              "footer reserved byte");
  if (footer.major != header.major || footer.minor != header.minor) {
    corrupt(name, at + kMajorAt,
            "footer version " + std::to_string(footer.major) + "." + std::to_string(footer.minor) +
                " differs from header version " + std::to_string(header.major) + "." +
                std::to_string(header.minor));
  }
  if (footer.digestAlgorithm != kDigestSha256) {
    throw Error(ErrorCode::kUnsupported, name, at + kDigestAlgorithmAt,
                "digest algorithm " + std::to_string(footer.digestAlgorithm) +
                    "; this reader supports 1 (SHA-256)");
  }
  // Layout: header | blobs | manifest | signatures | footer, each section aligned and adjacent.
  const std::uint64_t m = footer.manifestOffset;
  const std::uint64_t ms = footer.manifestSize;
  if (m < kHeaderSize || m > at || m % kAlignment != 0) {
    corrupt(name, at + kManifestOffsetAt,
            "manifest offset " + std::to_string(m) + " is not a multiple of 8 between " +
                std::to_string(kHeaderSize) + " and the footer at " + std::to_string(at));
  }
  if (ms < kAlignment || ms > at - m || ms % kAlignment != 0) {
    corrupt(name, at + kManifestSizeAt,
            "manifest size " + std::to_string(ms) +
                " is not a non-zero multiple of 8 that fits before the footer");
  }
  if (footer.signaturesOffset != m + ms) {
    corrupt(name, at + kSignaturesOffsetAt,
            "signature section offset " + std::to_string(footer.signaturesOffset) + "; expected " +
                std::to_string(m + ms) + " (right after the manifest)");
  }
  if (footer.signaturesSize != at - footer.signaturesOffset || footer.signaturesSize < kAlignment ||
      footer.signaturesSize % kAlignment != 0) {
    corrupt(name, at + kSignaturesSizeAt,
            "signature section size " + std::to_string(footer.signaturesSize) + "; expected " +
                std::to_string(at - footer.signaturesOffset) +
                " (a non-zero multiple of 8 ending where the footer starts)");
  }
  return footer;
}

}  // namespace archive_news::internal
