// The byte order of the header and footer: unsigned, little-endian, whatever the host's order.
#ifndef ARCHIVE_NEWS_CORE_COMMON_LITTLE_ENDIAN_H_
#define ARCHIVE_NEWS_CORE_COMMON_LITTLE_ENDIAN_H_

#include <cstdint>

namespace archive_news::internal {

inline void putU16(std::uint8_t* out, std::uint16_t value) {
  out[0] = static_cast<std::uint8_t>(value);
  out[1] = static_cast<std::uint8_t>(value >> 8);
}

inline void putU32(std::uint8_t* out, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

inline void putU64(std::uint8_t* out, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

inline std::uint16_t getU16(const std::uint8_t* in) {
  return static_cast<std::uint16_t>(in[0] | (in[1] << 8));
}

inline std::uint32_t getU32(const std::uint8_t* in) {
  std::uint32_t value = 0;
  for (int i = 3; i >= 0; --i) value = (value << 8) | in[i];
  return value;
}

inline std::uint64_t getU64(const std::uint8_t* in) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | in[i];
  return value;
}

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_LITTLE_ENDIAN_H_
