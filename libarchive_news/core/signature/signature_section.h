// The signature section: one canonical SignatureSet message (format/newsarc.capnp) holding every
// signature over the seal's exact bytes, as a reader decodes it. The writer encodes it
// (core/write/capnp_encode.h) and replaces it as a whole when a signature is added.
#ifndef ARCHIVE_NEWS_CORE_SIGNATURE_SIGNATURE_SECTION_H_
#define ARCHIVE_NEWS_CORE_SIGNATURE_SIGNATURE_SECTION_H_

#include <archive_news/public_key.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

// Throws Error(kCorruption) naming `name` and `offset` (the section's place in the file) when
// the bytes are not exactly one canonical, well-formed SignatureSet message.
std::vector<Signature> decodeSignatureSet(std::span<const std::uint8_t> bytes,
                                          const std::string& name, std::uint64_t offset,
                                          const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNATURE_SIGNATURE_SECTION_H_
