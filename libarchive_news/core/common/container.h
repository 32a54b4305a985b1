// The fixed parts of a bundle file: the 32-byte header, the 192-byte footer, which says where the
// seal, the signature section and the timestamp section are and holds their digests, and the
// alignment rule. spec/FORMAT.md, sections 4 and 8, defines every byte; this file is that table
// in code.
//
// Header, at 0: magic (12 bytes, kHeaderMagic), major (u16, 2), minor (u16), reserved (16, zero).
//
// Footer, at F = file size - 192 (u16/u32/u64 little-endian):
//
//   offset  size  field
//        0     8  sealOffset         multiple of 8, after the header
//        8     8  sealSize           16 .. 4096, a multiple of 8
//       16     8  signaturesOffset   = sealOffset + sealSize
//       24     8  signaturesSize     a non-zero multiple of 8
//       32     8  timestampsOffset   = signaturesOffset + signaturesSize
//       40     8  timestampsSize     = F - timestampsOffset; 0 without timestamps
//       48    32  sealDigest         SHA-256 of the seal's bytes
//       80    32  signaturesDigest   SHA-256 of the signature section's bytes
//      112    32  timestampsDigest   SHA-256 of the timestamp section's bytes
//      144     2  digestAlgorithm    1: SHA-256
//      146     2  major              2, as the header's
//      148     2  minor              as the header's
//      150    26  reserved           zero
//      176     4  footerSize         192
//      180    12  magic              89 4e 45 57 53 45 4e 44 0d 0a 1a 0a ("\x89NEWSEND\r\n\x1a\n")
#ifndef ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_
#define ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_

#include <archive_news/article.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace archive_news::internal {

inline constexpr std::uint16_t kFormatMajor = 2;
inline constexpr std::uint16_t kFormatMinor = 0;
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::size_t kFooterSize = 192;
inline constexpr std::uint64_t kAlignment = 8;
inline constexpr std::uint16_t kDigestSha256 = 1;  // = schema DigestAlgorithm.sha256
// The seal is what every signature signs and what `verify --quick` reads: bounded so that its
// cost is constant and a network reader finds it in the file's last 64 KiB.
inline constexpr std::uint64_t kMaxSealSize = 4096;
// The smallest message: the segment table and one root pointer.
inline constexpr std::uint64_t kMinMessageSize = 16;

// "\x89NEWSARC\r\n\x1a\n": the high byte catches 7-bit transfers and the line endings catch
// newline conversion, as in PNG.
inline constexpr std::array<std::uint8_t, 12> kHeaderMagic = {0x89, 'N', 'E',  'W',  'S',  'A',
                                                              'R',  'C', '\r', '\n', 0x1a, '\n'};
inline constexpr std::array<std::uint8_t, 12> kFooterMagic = {0x89, 'N', 'E',  'W',  'S',  'E',
                                                              'N',  'D', '\r', '\n', 0x1a, '\n'};

constexpr std::uint64_t alignUp(std::uint64_t offset) {
  return (offset + kAlignment - 1) & ~(kAlignment - 1);
}

struct Header {
  std::uint16_t major = kFormatMajor;
  std::uint16_t minor = kFormatMinor;
};

struct Footer {
  std::uint64_t sealOffset = 0;
  std::uint64_t sealSize = 0;
  std::uint64_t signaturesOffset = 0;
  std::uint64_t signaturesSize = 0;
  std::uint64_t timestampsOffset = 0;
  std::uint64_t timestampsSize = 0;
  Digest sealDigest{};
  Digest signaturesDigest{};
  Digest timestampsDigest{};
  std::uint16_t digestAlgorithm = kDigestSha256;
  std::uint16_t major = kFormatMajor;
  std::uint16_t minor = kFormatMinor;
};

// The header of this version (kFormatMajor.kFormatMinor).
std::array<std::uint8_t, kHeaderSize> encodeHeader();
std::array<std::uint8_t, kFooterSize> encodeFooter(const Footer& footer);

// Decode and check every rule a reader enforces on these bytes alone, throwing Error(kCorruption)
// or Error(kUnsupported) with `name` and the offending offset: the file at least as long as a
// header and a footer, the magic, a major version of kFormatMajor, reserved bytes zero.
Header decodeHeader(std::span<const std::uint8_t> file, const std::string& name);
// The header a reader over a network assumes without fetching it (spec/FORMAT.md 10.8): the
// version the footer repeats, after the checks of decodeHeader that need no header byte (the
// size) and of the footer's end. Error(kUnsupported) for another major version.
Header headerFromFooter(std::span<const std::uint8_t> file, const std::string& name);
// Also checks the footer against the header and the file size: its end (size and magic) first,
// so that a truncated or foreign file is named as such, then its fields, then the sections in
// order, aligned, adjacent and ending exactly where the footer starts.
Footer decodeFooter(std::span<const std::uint8_t> file, const Header& header,
                    const std::string& name);

// Reserved bytes and padding: Error(kCorruption) at the first non-zero byte, `what` naming it.
void requireZero(std::span<const std::uint8_t> bytes, std::uint64_t offset, const std::string& name,
                 const char* what);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_
