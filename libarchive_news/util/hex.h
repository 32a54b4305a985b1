// Bytes as lowercase hexadecimal, two digits a byte: digests in messages, file names and terms.
#ifndef ARCHIVE_NEWS_UTIL_HEX_H_
#define ARCHIVE_NEWS_UTIL_HEX_H_

#include <cstdint>
#include <span>
#include <string>

namespace archive_news::internal {

std::string hex(std::span<const std::uint8_t> bytes);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_HEX_H_
