#include <archive_news/error.h>
#include <archive_news/writer.h>
#include <archive_news/x509.h>

#include <ctime>
#include <functional>

#include "core/read/bundle_impl.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/write/append_file.h"
#include "core/write/capnp_encode.h"
#include "core/write/tail_writer.h"

namespace archive_news {
namespace {

// What both ways of signing a written bundle share. Everything before the signature section stays
// as it is, byte for byte; the signature section is written anew with the record `makeRecord`
// returns last (so that a timestamp covering the first records still covers the same bytes), the
// timestamp section follows as it was, byte for byte, and the footer says where they now are.
void appendSignatureRecord(const std::filesystem::path& path,
                           const std::function<Signature(const internal::Tail& tail)>& makeRecord) {
  // Held until the new file is renamed into place: an append meanwhile would be lost with the
  // old file, and would fail at once instead.
  const std::unique_ptr<internal::FileDescriptor> lock =
      internal::lockBundleFile(path, internal::LockFor::kReplace);
  Bundle bundle = Bundle::open(path);
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  const internal::Tail& tail = b.reader->tail();
  // Throws for a section that does not match the footer's digest.
  std::vector<Signature> signatures = internal::readSignatures(tail, b.name, b.options);
  // A CMS record counts for its own integrity; whether its certificate chains to a CA is the
  // verifier's question, asked with the verifier's roots.
  const std::vector<internal::SignatureCheck> checks =
      internal::checkSignatures(signatures, tail.sealBytes);
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    if (checks[i] != internal::SignatureCheck::kValid) {
      throw Error(
          ErrorCode::kBadSignature, b.name, tail.footer.signaturesOffset,
          "existing signature " + std::to_string(i) + " does not verify; refusing to add another");
    }
  }
  signatures.push_back(makeRecord(tail));
  const std::vector<std::uint8_t> section = internal::encodeSignatureSet(signatures);
  internal::Footer footer = tail.footer;
  internal::placeSignatureSection(footer, section);

  internal::AtomicFile out(path, /*overwrite=*/true);
  out.copyFrom(path, 0, tail.footer.signaturesOffset);
  out.write(section);
  out.copyFrom(path, tail.footer.timestampsOffset, tail.footer.timestampsSize);
  out.write(internal::encodeFooter(footer));
  out.commit();
}

}  // namespace

void addSignature(const std::filesystem::path& path, const SecretKey& key, std::string signer) {
  appendSignatureRecord(path, [&](const internal::Tail& tail) {
    return internal::signMessage(
        key, tail.sealBytes,
        internal::makeTrustedComment(static_cast<std::int64_t>(std::time(nullptr)),
                                     tail.seal.bundleId, signer));
  });
}

void addX509Signature(const std::filesystem::path& path, const X509Signer& signer) {
  appendSignatureRecord(path, [&](const internal::Tail& tail) {
    Signature record;
    record.algorithm = SignatureAlgorithm::kCmsX509;
    const std::span<const std::uint8_t> seal = tail.sealBytes;
    record.cms = signer.sign(seal);
    return record;
  });
}

}  // namespace archive_news
