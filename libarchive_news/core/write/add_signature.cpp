#include <archive_news/error.h>
#include <archive_news/writer.h>

#include <ctime>

#include "core/read/bundle_impl.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/write/append_file.h"
#include "core/write/capnp_encode.h"
#include "core/write/tail_writer.h"

namespace archive_news {

// Everything before the signature section stays as it is, byte for byte; the signature
// section and the footer are written anew, and the timestamp section is moved after the new
// signature section as it is: a timestamp covers the first signatures and the new one is added
// last (spec/FORMAT.md 13.3).
void addSignature(const std::filesystem::path& path, const SecretKey& key, std::string signer) {
  // Held until the new file is renamed into place: an append meanwhile would be lost with the
  // old file, and would fail at once instead.
  const std::unique_ptr<internal::FileDescriptor> lock =
      internal::lockBundleFile(path, internal::LockFor::kReplace);
  Bundle bundle = Bundle::open(path);
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  const internal::Tail& tail = b.reader->tail();
  // Throws for a section that does not match the footer's digest.
  std::vector<Signature> signatures = internal::readSignatures(tail, b.name, b.options);
  const std::vector<internal::SignatureCheck> checks =
      internal::checkSignatures(signatures, tail.sealBytes);
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    if (checks[i] != internal::SignatureCheck::kValid) {
      throw Error(
          ErrorCode::kBadSignature, b.name, tail.footer.signaturesOffset,
          "existing signature " + std::to_string(i) + " does not verify; refusing to add another");
    }
  }
  signatures.push_back(internal::signMessage(
      key, tail.sealBytes,
      internal::makeTrustedComment(static_cast<std::int64_t>(std::time(nullptr)),
                                   tail.seal.bundleId, signer)));
  const std::vector<std::uint8_t> section = internal::encodeSignatureSet(signatures);
  internal::Footer footer = tail.footer;
  internal::placeSignatureSection(footer, section);

  internal::AtomicFile out(path, /*overwrite=*/true);
  out.copyFrom(path, 0, tail.footer.signaturesOffset);
  out.write(section);
  out.write(tail.timestampBytes);
  out.write(internal::encodeFooter(footer));
  out.commit();
}

}  // namespace archive_news
