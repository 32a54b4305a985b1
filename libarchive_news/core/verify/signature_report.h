// The signature checks of a verification report ("signature", "trusted-key", "keyring",
// "trusted-ca") over the seal.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_
#define ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_

#include <archive_news/error.h>
#include <archive_news/public_key.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/signature/cms.h"
#include "core/signature/minisign.h"
#include "core/verify/report.h"

namespace archive_news::internal {

// The bundle's signatures and what checking each against the signed bytes gave, or why the
// signature section could not be read.
struct SignatureFindings {
  std::vector<Signature> signatures;
  std::vector<SignatureCheck> checks;
  // For each X.509 record (algorithm 2, else unset): who, how, and the chain when anchors were
  // given.
  std::vector<std::optional<CmsCheck>> cms;
  std::optional<Error> unreadable;
};

// Whom the caller trusts.
struct Trust {
  const std::vector<PublicKey>& trustedKeys;
  const std::vector<PublicKey>& keyring;
  const TrustAnchors* anchors = nullptr;  // CA roots; null without
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
// as a trusted key's; an X.509 one names its certificate's subject and issuer, and with anchors
// whether it chains), one "trusted-key" line a trusted key (each must have made a valid
// signature), one "keyring" line when the keyring is not empty (one valid signature by any of
// its keys is enough), one "trusted-ca" line with anchors (one valid X.509 signature whose
// certificate chains to one of them is enough).
void reportSignatures(const SignatureFindings& found, const Trust& trust,
                      const SignedBytes& signedBytes, Report& r);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_SIGNATURE_REPORT_H_
