// The tail, written once the data region is complete: the seal, the signature section
// (every signature over the seal's exact bytes), the timestamp section (empty: timestamps are
// added later, core/write/add_timestamp.cpp) and the footer
// (docs/design/format-2.md, sections 1 and 3; core/common/container.h).
#ifndef ARCHIVE_NEWS_CORE_WRITE_TAIL_WRITER_H_
#define ARCHIVE_NEWS_CORE_WRITE_TAIL_WRITER_H_

#include <archive_news/secret_key.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/common/seal.h"
#include "core/write/extent_appender.h"

namespace archive_news::internal {

struct SealSigner {
  const SecretKey& key;
  std::string comment;  // the trusted comment's "signer:" field
};

// Signs the seal's bytes with each signer, the trusted comment carrying `signingTime` (Unix
// seconds) and the seal's bundle id.
std::vector<Signature> signSeal(std::span<const std::uint8_t> sealBytes, const Seal& seal,
                                const std::vector<SealSigner>& signers, std::int64_t signingTime);

// Sets the footer's signature section (at footer.signaturesOffset, already set) to `section`
// and moves its timestamp section right after it, its size and digest kept: what writing a tail
// and re-signing a bundle both do (a re-signed bundle's timestamp section is copied as it was).
void placeSignatureSection(Footer& footer, std::span<const std::uint8_t> section);

// Writes the tail after everything `out` holds (padded to 8 first) and returns the footer.
// seal.index.root must be the last extent written, as readers require.
Footer writeTail(ExtentAppender& out, const Seal& seal, const std::vector<SealSigner>& signers,
                 std::int64_t signingTime);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_TAIL_WRITER_H_
