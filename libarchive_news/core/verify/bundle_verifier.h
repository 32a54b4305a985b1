// The verifier (docs/design/format-2.md, sections 7 and 11): every check of a bundle named
// and reported on its own with the offset it concerns: what the public verify() runs. Quick
// verification reads the tail alone (constant work); full verification streams the data region once
// (extent table, pages, every cluster and content); with `articles`, each named article is proved
// alone along its path of pages.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_BUNDLE_VERIFIER_H_
#define ARCHIVE_NEWS_CORE_VERIFY_BUNDLE_VERIFIER_H_

#include <archive_news/public_key.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

class TsaRoots;
class TrustAnchors;

struct BundleVerifyOptions {
  std::vector<PublicKey> trustedKeys;  // each must have made a valid signature ("trusted-key")
  std::vector<PublicKey> keyring;      // when not empty, one valid signature by one of them
  std::shared_ptr<const TsaRoots> tsaRoots;  // null: the TSAs are not checked
  std::int64_t now = 0;                      // when certificates must still be valid
  // When not null: one valid X.509 signature must chain to one of these ("trusted-ca").
  std::shared_ptr<const TrustAnchors> anchors;
  bool quick = false;                 // tail and signatures only (articles then ignored)
  std::vector<std::string> articles;  // when not empty: prove these articles alone
  // When set: verify the earlier state of this sequence, the prefix of the file that is its
  // bundle, as if it were the whole file (a missing state fails check "chain").
  std::optional<std::uint32_t> state;
  // Stored bytes of the data region checked so far, and their total, as the full pass goes.
  std::function<void(std::uint64_t done, std::uint64_t total)> progress;
};

// Never throws for a defect of the bundle: each is a failed check, the failures of one check
// listed up to kMaxFailuresPerCheck and the rest counted. A bundle whose tail cannot be read gives
// one failed check (header, footer, seal-digest or seal) with the error.
VerifyReport verifyBundle(std::span<const std::uint8_t> file, const std::string& name,
                          const BundleVerifyOptions& options, const ReaderOptions& readerOptions);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_BUNDLE_VERIFIER_H_
