// The fixed parts of a bundle file: the 32-byte header, the 128-byte footer and the alignment
// rule. spec/FORMAT.md, "Header" and "Footer", defines every byte; this file is that table in code.
#ifndef ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_
#define ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_

#include <archive_news/article.h>

#include <array>
#include <cstdint>
#include <span>
#include <string>

namespace archive_news::internal {

inline constexpr std::uint16_t kFormatMajor = 1;
inline constexpr std::uint16_t kFormatMinor = 0;
inline constexpr std::size_t kHeaderSize = 32;
inline constexpr std::size_t kFooterSize = 128;
inline constexpr std::uint64_t kAlignment = 8;
inline constexpr std::uint16_t kDigestSha256 = 1;  // = schema DigestAlgorithm.sha256

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
  std::uint64_t manifestOffset = 0;
  std::uint64_t manifestSize = 0;
  std::uint64_t signaturesOffset = 0;
  std::uint64_t signaturesSize = 0;
  Digest manifestDigest{};
  Digest signaturesDigest{};
  std::uint16_t digestAlgorithm = kDigestSha256;
  std::uint16_t major = kFormatMajor;
  std::uint16_t minor = kFormatMinor;
};

std::array<std::uint8_t, kHeaderSize> encodeHeader(const Header& header);
std::array<std::uint8_t, kFooterSize> encodeFooter(const Footer& footer);

// Decode and check every rule a reader enforces on these bytes alone, throwing Error(kCorruption)
// or Error(kUnsupported) with `file` and the offending offset. The header is the same in format 1
// and 2; a reader names the major version it supports and the size of that version's footer.
Header decodeHeader(std::span<const std::uint8_t> file, const std::string& name,
                    std::uint16_t supportedMajor = kFormatMajor,
                    std::size_t footerSize = kFooterSize);
// Also checks the footer against the header and the file size: sections in order, aligned,
// adjacent and ending exactly where the footer starts.
Footer decodeFooter(std::span<const std::uint8_t> file, const Header& header,
                    const std::string& name);

std::string hex(std::span<const std::uint8_t> bytes);

// What every version's footer ends with, checked first so that a truncated or foreign file is
// named as such: its size (u32, `footerSize`) then the footer magic, the file's last 16 bytes.
// Throws Error(kCorruption) with the offset of the field.
void checkFooterEnd(std::span<const std::uint8_t> file, std::size_t footerSize,
                    const std::string& name);

// Reserved bytes and padding: Error(kCorruption) at the first non-zero byte, `what` naming it.
void requireZero(std::span<const std::uint8_t> bytes, std::uint64_t offset, const std::string& name,
                 const char* what);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CONTAINER_H_
