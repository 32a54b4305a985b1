#include "core/write/tail_writer.h"

#include <archive_news/error.h>

#include "core/common/sha256.h"
#include "core/sign/signer.h"
#include "core/write/capnp_encode.h"

namespace archive_news::internal {

std::vector<Signature> signSeal(std::span<const std::uint8_t> sealBytes, const Seal& seal,
                                const std::vector<SealSigner>& signers, std::int64_t signingTime) {
  std::vector<Signature> signatures;
  for (const SealSigner& signer : signers) {
    signatures.push_back(signMessage(
        signer.key, sealBytes, makeTrustedComment(signingTime, seal.bundleId, signer.comment)));
  }
  return signatures;
}

void placeSignatureSection(Footer& footer, std::span<const std::uint8_t> section) {
  footer.signaturesSize = section.size();
  footer.signaturesDigest = sha256(section);
  footer.timestampsOffset = footer.signaturesOffset + section.size();
}

Footer writeTail(ExtentAppender& out, const Seal& seal, const std::vector<SealSigner>& signers,
                 std::int64_t signingTime) {
  out.pad();
  const std::vector<std::uint8_t> sealBytes = encodeSeal(seal);
  const std::vector<std::uint8_t> section =
      encodeSignatureSet(signSeal(sealBytes, seal, signers, signingTime));
  Footer footer;
  const ExtentRef sealExtent = out.appendRaw(sealBytes);
  footer.sealOffset = sealExtent.offset;
  footer.sealSize = sealExtent.storedSize;
  footer.sealDigest = sealExtent.storedDigest;
  footer.signaturesOffset = out.appendRaw(section).offset;
  footer.timestampsSize = 0;  // a new bundle's timestamp section is empty
  footer.timestampsDigest = sha256({});
  placeSignatureSection(footer, section);
  out.appendRaw(encodeFooter(footer));
  return footer;
}

}  // namespace archive_news::internal
