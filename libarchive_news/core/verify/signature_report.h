// The signature checks of a verification report ("signature", "trusted-key", "keyring") over the
// seal.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_
#define ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_

#include <archive_news/error.h>
#include <archive_news/public_key.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/signature/minisign.h"
#include "core/verify/report.h"

namespace archive_news::internal {

// The bundle's signatures and what checking each against the signed bytes gave, or why the
// signature section could not be read.
struct SignatureFindings {
  std::vector<Signature> signatures;
  std::vector<SignatureCheck> checks;
  std::optional<Error> unreadable;
};

// What the signatures sign and where they are, and the names the two formats give to checks
// that differ between them.
struct SignedBytes {
  std::string what;  // "manifest", "seal"
  std::uint64_t sectionOffset = 0;
  std::string unreadableCheck;  // an unreadable signature section
  std::string unsignedCheck;    // the line saying the bundle is not signed
};

// One "signature" line a signature (an unknown algorithm passes, not checked, and never counts
// as a trusted key's), one "trusted-key" line a trusted key (each must have made a valid
// signature), one "keyring" line when the keyring is not empty (one valid signature by any of
// its keys is enough).
void reportSignatures(const SignatureFindings& found, const std::vector<PublicKey>& trustedKeys,
                      const std::vector<PublicKey>& keyring, const SignedBytes& signedBytes,
                      Report& r);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_
