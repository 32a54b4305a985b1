#include "core/signature/signature_section.h"

#include <archive_news/error.h>
#include <capnp/message.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <system_error>

#include "core/common/canonical_message.h"
#include "core/common/capnp_text.h"
#include "core/signature/cms.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {
namespace {

template <std::size_t N>
bool copyExact(capnp::Data::Reader data, std::array<std::uint8_t, N>& out) {
  if (data.size() != N) return false;
  std::memcpy(out.data(), data.begin(), N);
  return true;
}

}  // namespace

std::vector<Signature> decodeSignatureSet(std::span<const std::uint8_t> bytes,
                                          const std::string& name, std::uint64_t offset,
                                          const ReaderOptions& options) {
  CanonicalMessageView view(bytes, name, offset, options, "signature section");
  return guardCapnp(name, offset, "signature section", [&] {
    std::vector<Signature> signatures;
    auto list = view.root<schema::SignatureSet>().getSignatures();
    for (unsigned i = 0; i < list.size(); ++i) {
      auto in = list[i];
      Signature s;
      s.algorithm = static_cast<SignatureAlgorithm>(in.getAlgorithm());
      const std::string item = "signature " + std::to_string(i);
      if (in.hasCms()) {
        const capnp::Data::Reader cms = in.getCms();
        if (cms.size() == 0 || cms.size() > kMaxCmsSize) {
          throw Error(ErrorCode::kCorruption, name, offset,
                      item + ": cms of " + std::to_string(cms.size()) + " bytes; expected 1 to " +
                          std::to_string(kMaxCmsSize));
        }
        s.cms.assign(cms.begin(), cms.end());
      }
      if (s.algorithm == SignatureAlgorithm::kCmsX509) {
        if (s.cms.empty() || in.hasKeyId() || in.hasPublicKey() || in.hasSignature() ||
            in.hasTrustedComment() || in.hasGlobalSignature()) {
          throw Error(ErrorCode::kCorruption, name, offset,
                      item +
                          ": a CMS X.509 record (algorithm 2) must have cms and no key id, public "
                          "key, signature, trusted comment or global signature");
        }
        signatures.push_back(std::move(s));
        continue;
      }
      if (s.algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed && in.hasCms()) {
        throw Error(ErrorCode::kCorruption, name, offset,
                    item + ": an Ed25519 record (algorithm 1) has cms; expected it absent");
      }
      s.trustedComment = toString(in.getTrustedComment());
      if (!copyExact(in.getKeyId(), s.keyId) || !copyExact(in.getPublicKey(), s.publicKey) ||
          !copyExact(in.getSignature(), s.signature) ||
          !copyExact(in.getGlobalSignature(), s.globalSignature)) {
        throw Error(ErrorCode::kCorruption, name, offset,
                    item +
                        ": key id, public key, signature or global signature has the wrong "
                        "length; expected 8, 32, 64 and 64 bytes");
      }
      signatures.push_back(std::move(s));
    }
    return signatures;
  });
}

}  // namespace archive_news::internal

namespace archive_news {

TrustedComment parseTrustedComment(std::string_view text) {
  TrustedComment fields;
  while (!text.empty()) {
    const std::size_t tab = text.find('\t');
    const std::string_view field = text.substr(0, tab);
    text = tab == std::string_view::npos ? std::string_view() : text.substr(tab + 1);
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view key = field.substr(0, colon);
    const std::string_view value = field.substr(colon + 1);
    if (key == "timestamp") {
      std::int64_t seconds = 0;
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (error == std::errc() && end == value.data() + value.size()) fields.timestamp = seconds;
    } else if (key == "bundle") {
      fields.bundle = std::string(value);
    } else if (key == "signer") {
      // The signer is the last field, and may itself hold ':' but never a tab.
      fields.signer = std::string(value);
    }
  }
  return fields;
}

}  // namespace archive_news
