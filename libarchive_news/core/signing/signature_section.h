// The signature section: a SignatureSet message (format/newsarc.capnp) holding every signature
// over the manifest's exact bytes. Replaced as a whole when a signature is added.
#ifndef ARCHIVE_NEWS_CORE_SIGNING_SIGNATURE_SECTION_H_
#define ARCHIVE_NEWS_CORE_SIGNING_SIGNATURE_SECTION_H_

#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

std::vector<std::uint8_t> encodeSignatureSet(const std::vector<Signature>& signatures);

// Throws Error(kCorruption) naming `name` and `offset` (the section's place in the file) when
// the bytes are not exactly one well-formed SignatureSet message.
std::vector<Signature> decodeSignatureSet(std::span<const std::uint8_t> bytes,
                                          const std::string& name, std::uint64_t offset,
                                          const ReaderOptions& options);

// "timestamp:<unix seconds>\tbundle:<bundleId>\tsigner:<signer>". Throws
// Error(kInvalidArgument) when signer holds a control character (a tab or newline would break
// the minisign signature file and the fields).
std::string makeTrustedComment(std::int64_t unixTime, const std::string& bundleId,
                               const std::string& signer);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_SIGNING_SIGNATURE_SECTION_H_
