// Zero-copy access to content stored uncompressed: the bytes in the mapped bundle, checked.
#ifndef ARCHIVE_NEWS_CORE_READ_STORED_CONTENT_H_
#define ARCHIVE_NEWS_CORE_READ_STORED_CONTENT_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <optional>
#include <span>

namespace archive_news::internal {

// The bytes in the bundle of uncompressed content, once their digest is checked, to be written
// straight from the bundle; nullopt for compressed content, which must be decoded (read()).
// Error(kCorruption) as Bundle::read() gives it. Checking ahead, on another thread, lets the
// hashing of one article overlap the writing of the one before.
std::optional<std::span<const std::uint8_t>> verifiedStoredContent(const Bundle& bundle,
                                                                   const ContentRef& content);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_STORED_CONTENT_H_
