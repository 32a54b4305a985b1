#include <archive_news/error.h>
#include <archive_news/writer.h>

#include <ctime>

#include "core/common/sha256.h"
#include "core/read/bundle_impl.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/signature/signature_section.h"
#include "core/write/capnp_encode.h"

namespace archive_news {

void addSignature(const std::filesystem::path& path, const SecretKey& key, std::string signer) {
  Bundle bundle = Bundle::open(path);
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  if (internal::sha256(b.manifestBytes()) != b.footer.manifestDigest) {
    throw Error(ErrorCode::kCorruption, b.name, b.footer.manifestOffset,
                "the manifest does not match the digest in the footer; refusing to sign it");
  }
  if (internal::sha256(b.signatureBytes()) != b.footer.signaturesDigest) {
    throw Error(ErrorCode::kCorruption, b.name, b.footer.signaturesOffset,
                "the signature section does not match the digest in the footer; refusing to "
                "rewrite it");
  }
  std::vector<Signature> signatures = bundle.signatures();
  const std::vector<internal::SignatureCheck> checks =
      internal::checkSignatures(signatures, b.manifestBytes());
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    if (checks[i] != internal::SignatureCheck::kValid) {
      throw Error(
          ErrorCode::kBadSignature, b.name, b.footer.signaturesOffset,
          "existing signature " + std::to_string(i) + " does not verify; refusing to add another");
    }
  }
  std::string bundleId = bundle.info().bundleId;
  signatures.push_back(
      internal::signMessage(key, b.manifestBytes(),
                            internal::makeTrustedComment(
                                static_cast<std::int64_t>(std::time(nullptr)), bundleId, signer)));
  std::vector<std::uint8_t> section = internal::encodeSignatureSet(signatures);
  internal::Footer footer = b.footer;
  footer.signaturesSize = section.size();
  footer.signaturesDigest = internal::sha256(section);

  internal::AtomicFile out(path, /*overwrite=*/true);
  out.copyFrom(path, 0, b.footer.signaturesOffset);
  out.write(section);
  out.write(internal::encodeFooter(footer));
  out.commit();
}

}  // namespace archive_news
