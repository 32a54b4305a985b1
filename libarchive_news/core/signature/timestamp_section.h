// The timestamp section (spec/FORMAT.md 7.4): empty, or one canonical TimestampSet message
// (format/newsarc.capnp) holding every RFC 3161 token over this state's seal, as a reader decodes
// it. The writer encodes it (core/write/capnp_encode.h) and replaces it as a whole when a token
// is added.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_SECTION_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_SECTION_H_

#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

// A token's DER is at most this long: a token with its TSA's certificate chain is a few KiB.
inline constexpr std::size_t kMaxTimestampTokenSize = 65536;

// Throws Error(kCorruption) naming `name` and `offset` (the section's place in the file) when
// the bytes are not exactly one canonical, well-formed TimestampSet message, or when a record
// breaks the rules of 7.4: a token of 1 to 65,536 bytes, `timestamps` not past its own place.
std::vector<Timestamp> decodeTimestampSet(std::span<const std::uint8_t> bytes,
                                          const std::string& name, std::uint64_t offset,
                                          const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_TIMESTAMP_SECTION_H_
