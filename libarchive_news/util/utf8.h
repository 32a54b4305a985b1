// Which text the library accepts: well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates,
// nothing above U+10FFFF) without U+0000, which C strings and many consumers would cut short.
#ifndef ARCHIVE_NEWS_UTIL_UTF8_H_
#define ARCHIVE_NEWS_UTIL_UTF8_H_

#include <cstddef>
#include <string_view>

namespace archive_news::internal {

inline constexpr std::size_t kValidText = std::string_view::npos;

// Offset of the first byte that is not acceptable text, or kValidText.
std::size_t invalidTextOffset(std::string_view text);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_UTF8_H_
