// Format 2's fixed parts (docs/design/format-2.md, section 1): the 32-byte header, which is
// format 1's with major version 2, and the 192-byte footer, which says where the seal, the
// signature section and the timestamp section are and holds their digests. Lives beside format
// 1's container.h, in namespace v2, until format 2 replaces format 1.
//
// Footer, at F = file size - 192 (u16/u32/u64 little-endian):
//
//   offset  size  field
//        0     8  sealOffset         multiple of 8, after the header
//        8     8  sealSize           16 .. 4096, a multiple of 8
//       16     8  signaturesOffset   = sealOffset + sealSize
//       24     8  signaturesSize     a non-zero multiple of 8
//       32     8  timestampsOffset   = signaturesOffset + signaturesSize
//       40     8  timestampsSize     = F - timestampsOffset; 0 in format 2.0
//       48    32  sealDigest         SHA-256 of the seal's bytes
//       80    32  signaturesDigest   SHA-256 of the signature section's bytes
//      112    32  timestampsDigest   SHA-256 of the timestamp section's bytes
//      144     2  digestAlgorithm    1: SHA-256
//      146     2  major              2, as the header's
//      148     2  minor              as the header's
//      150    26  reserved           zero
//      176     4  footerSize         192
//      180    12  magic              89 4e 45 57 53 45 4e 44 0d 0a 1a 0a ("\x89NEWSEND\r\n\x1a\n")
#ifndef ARCHIVE_NEWS_CORE_COMMON_CONTAINER2_H_
#define ARCHIVE_NEWS_CORE_COMMON_CONTAINER2_H_

#include <archive_news/article.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "core/common/container.h"

namespace archive_news::internal::v2 {

inline constexpr std::uint16_t kFormatMajor = 2;
inline constexpr std::uint16_t kFormatMinor = 0;
inline constexpr std::size_t kFooterSize = 192;
// The seal is what every signature signs and what `verify --quick` reads: bounded so that its
// cost is constant and a network reader finds it in the file's last 64 KiB.
inline constexpr std::uint64_t kMaxSealSize = 4096;
// The smallest message: the segment table and one root pointer.
inline constexpr std::uint64_t kMinMessageSize = 16;

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

std::array<std::uint8_t, kHeaderSize> encodeHeader();
std::array<std::uint8_t, kFooterSize> encodeFooter(const Footer& footer);

// The header, checked as format 1's is but for major version 2.
Header decodeHeader(std::span<const std::uint8_t> file, const std::string& name);

// The footer of `file` (whole), checked on its own bytes and against the header and the file's
// size: magic, size, version, algorithm, reserved bytes, and the tail's layout: seal, signature
// section and timestamp section adjacent, in this order, ending where the footer starts. Throws
// Error(kCorruption) or Error(kUnsupported) with the offset of the offending field. Digests are
// the reader's to check (readSealBytes, the verifier).
Footer decodeFooter(std::span<const std::uint8_t> file, const Header& header,
                    const std::string& name);

}  // namespace archive_news::internal::v2

#endif  // ARCHIVE_NEWS_CORE_COMMON_CONTAINER2_H_
