#include <archive_news/error.h>
#include <archive_news/x509.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <array>
#include <cstring>
#include <exception>
#include <limits>
#include <string>

#include "core/signature/cms.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

// Certificates and keys are small: a PEM file larger than this is not one.
constexpr std::uint64_t kMaxPemFileSize = std::uint64_t{1} << 20;
// As the verifier requires (spec/FORMAT.md 7.3.1).
constexpr int kMinRsaBits = 2048;

std::string lastError() {
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  const char* reason = last != 0 ? ERR_reason_error_string(last) : nullptr;
  return reason != nullptr ? std::string(" (") + reason + ")" : std::string();
}

struct BioFree {
  void operator()(BIO* b) const noexcept { BIO_free_all(b); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;

// The file's text in a memory BIO; the text is wiped when the holder goes.
struct PemText {
  std::string text;
  BioPtr bio;
  explicit PemText(const std::filesystem::path& path)
      : text(internal::readTextFile(path, kMaxPemFileSize)),
        bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size()))) {
    if (!bio) throw Error(ErrorCode::kIOError, path.string(), std::nullopt, "out of memory");
  }
  ~PemText() { OPENSSL_cleanse(text.data(), text.size()); }
  PemText(const PemText&) = delete;
  PemText& operator=(const PemText&) = delete;
};

// libcrypto's password callback over a PasswordProvider: asked at most once, and its
// exceptions carried across the C code.
struct PasswordContext {
  const PasswordProvider* provider = nullptr;
  bool asked = false;
  std::exception_ptr error;
};

int passwordCallback(char* buffer, int size, int /*rwflag*/, void* user) {
  auto* context = static_cast<PasswordContext*>(user);
  if (context->asked || context->provider == nullptr || !*context->provider) return -1;
  context->asked = true;
  try {
    std::string password = (*context->provider)();
    const bool fits = password.size() <= static_cast<std::size_t>(size);
    if (fits) std::memcpy(buffer, password.data(), password.size());
    const int length = fits ? static_cast<int>(password.size()) : -1;
    OPENSSL_cleanse(password.data(), password.size());
    return length;
  } catch (...) {
    context->error = std::current_exception();
    return -1;
  }
}

}  // namespace

struct X509Signer::Impl {
  X509* certificate = nullptr;
  STACK_OF(X509) * chain = nullptr;
  EVP_PKEY* key = nullptr;
  ~Impl() {
    X509_free(certificate);
    sk_X509_pop_free(chain, X509_free);
    EVP_PKEY_free(key);
  }
};

X509Signer::X509Signer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
X509Signer::~X509Signer() = default;
X509Signer::X509Signer(X509Signer&&) noexcept = default;
X509Signer& X509Signer::operator=(X509Signer&&) noexcept = default;

CertificateSummary X509Signer::certificate() const {
  return internal::summarizeCertificate(impl_->certificate);
}

namespace {

// The signed attributes of the profile (spec/FORMAT.md 7.3.1) that CMS_sign would add, for the
// Ed25519 signer that CMS_sign cannot make: contentType id-data, signingTime now, messageDigest.
bool addSignedAttributes(CMS_SignerInfo* info, std::span<const unsigned char> digest) {
  ASN1_OBJECT* data = OBJ_nid2obj(NID_pkcs7_data);
  std::unique_ptr<ASN1_TIME, void (*)(ASN1_TIME*)> now(X509_gmtime_adj(nullptr, 0), ASN1_TIME_free);
  return data != nullptr && now &&
         CMS_signed_add1_attr_by_NID(info, NID_pkcs9_contentType, V_ASN1_OBJECT, data, -1) == 1 &&
         CMS_signed_add1_attr_by_NID(info, NID_pkcs9_signingTime, now->type, now.get(), -1) == 1 &&
         CMS_signed_add1_attr_by_NID(info, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING,
                                     digest.data(), static_cast<int>(digest.size())) == 1;
}

// RFC 8419 by hand: OpenSSL before 3.5 cannot sign CMS with Ed25519. SHA-512 as the digest
// algorithm and messageDigest, a pure Ed25519 signature of the DER SET OF signed attributes,
// signatureAlgorithm id-Ed25519 without parameters. The rest (SignedData, the certificates, the
// SignerInfo's identifier) is CMS_sign's and CMS_add1_signer's.
CMS_ContentInfo* signEd25519(X509* certificate, EVP_PKEY* key, STACK_OF(X509) * chain,
                             std::span<const std::uint8_t> message) {
  const unsigned flags = CMS_PARTIAL | CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
  std::unique_ptr<CMS_ContentInfo, void (*)(CMS_ContentInfo*)> cms(
      CMS_sign(nullptr, nullptr, chain, nullptr, flags), CMS_ContentInfo_free);
  if (!cms) return nullptr;
  CMS_SignerInfo* info = CMS_add1_signer(cms.get(), certificate, key, EVP_sha512(), flags);
  if (info == nullptr) return nullptr;
  std::array<unsigned char, 64> digest{};
  unsigned int digestSize = 0;
  if (EVP_Digest(message.data(), message.size(), digest.data(), &digestSize, EVP_sha512(),
                 nullptr) != 1 ||
      digestSize != digest.size() || !addSignedAttributes(info, digest)) {
    return nullptr;
  }
  const std::vector<std::uint8_t> signedBytes =
      internal::signedAttributesDer(info, /*sorted=*/true);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::array<unsigned char, 64> signature{};
  std::size_t signatureSize = signature.size();
  if (signedBytes.empty() || !ctx ||
      EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
      EVP_DigestSign(ctx.get(), signature.data(), &signatureSize, signedBytes.data(),
                     signedBytes.size()) != 1) {
    return nullptr;
  }
  X509_ALGOR* algorithm = nullptr;
  CMS_SignerInfo_get0_algs(info, nullptr, nullptr, nullptr, &algorithm);
  ASN1_OCTET_STRING* field = CMS_SignerInfo_get0_signature(info);
  if (algorithm == nullptr || field == nullptr ||
      X509_ALGOR_set0(algorithm, OBJ_nid2obj(NID_ED25519), V_ASN1_UNDEF, nullptr) != 1 ||
      ASN1_STRING_set(field, signature.data(), static_cast<int>(signatureSize)) != 1) {
    return nullptr;
  }
  if (CMS_is_detached(cms.get()) != 1 && CMS_set_detached(cms.get(), 1) != 1) return nullptr;
  return cms.release();
}

}  // namespace

std::vector<std::uint8_t> X509Signer::sign(std::span<const std::uint8_t> message) const {
  ERR_clear_error();
  if (message.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw Error(ErrorCode::kInvalidArgument,
                "cannot sign a message of " + std::to_string(message.size()) + " bytes");
  }
  CMS_ContentInfo* cms = nullptr;
  if (EVP_PKEY_is_a(impl_->key, "ED25519") == 1) {
    cms = signEd25519(impl_->certificate, impl_->key, impl_->chain, message);
  } else {
    // CMS_sign's defaults are the profile for ECDSA and RSA: SHA-256, the signed attributes
    // contentType, messageDigest and signingTime (SMIMECapabilities left out), the signer
    // certificate and `chain` in the certificates field.
    BioPtr content(BIO_new_mem_buf(message.data(), static_cast<int>(message.size())));
    const unsigned flags = CMS_DETACHED | CMS_BINARY | CMS_NOSMIMECAP;
    if (content) {
      cms = CMS_sign(impl_->certificate, impl_->key, impl_->chain, content.get(), flags);
    }
  }
  if (cms == nullptr) {
    throw Error(ErrorCode::kInvalidArgument, "cannot make the CMS signature" + lastError());
  }
  const int size = i2d_CMS_ContentInfo(cms, nullptr);
  std::vector<std::uint8_t> der(size > 0 ? static_cast<std::size_t>(size) : 0);
  unsigned char* out = der.data();
  const bool encoded = size > 0 && i2d_CMS_ContentInfo(cms, &out) == size;
  CMS_ContentInfo_free(cms);
  if (!encoded) throw Error(ErrorCode::kInvalidArgument, "cannot encode the CMS" + lastError());
  if (der.size() > internal::kMaxCmsSize) {
    throw Error(ErrorCode::kInvalidArgument, "the CMS signature is " + std::to_string(der.size()) +
                                                 " bytes, over the format's limit of " +
                                                 std::to_string(internal::kMaxCmsSize) +
                                                 ": the certificate chain is too large");
  }
  // What a verifier will find: a signature this library cannot check back is never written.
  const internal::CmsCheck check = internal::checkCms(der, message, nullptr);
  if (!check.valid) {
    throw Error(ErrorCode::kInvalidArgument,
                "the CMS signature made does not verify: " + check.problem);
  }
  return der;
}

X509Signer loadX509Signer(const std::filesystem::path& certificate,
                          const std::filesystem::path& privateKey, const PasswordProvider& password,
                          const std::vector<std::filesystem::path>& chain) {
  ERR_clear_error();
  auto impl = std::make_unique<X509Signer::Impl>();
  {
    PemText pem(certificate);
    impl->certificate = PEM_read_bio_X509(pem.bio.get(), nullptr, nullptr, nullptr);
    if (impl->certificate == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, certificate.string(), std::nullopt,
                  "expected a PEM certificate" + lastError());
    }
  }
  impl->chain = sk_X509_new_null();
  for (const std::filesystem::path& path : chain) {
    PemText pem(path);
    std::size_t found = 0;
    while (X509* cert = PEM_read_bio_X509(pem.bio.get(), nullptr, nullptr, nullptr)) {
      if (sk_X509_push(impl->chain, cert) <= 0) {
        X509_free(cert);
        throw Error(ErrorCode::kIOError, path.string(), std::nullopt, "out of memory");
      }
      ++found;
    }
    ERR_clear_error();
    if (found == 0) {
      throw Error(ErrorCode::kInvalidArgument, path.string(), std::nullopt,
                  "expected PEM certificates (the chain's intermediates)");
    }
  }
  {
    PemText pem(privateKey);
    PasswordContext context{&password, false, nullptr};
    impl->key = PEM_read_bio_PrivateKey(pem.bio.get(), nullptr, passwordCallback, &context);
    if (context.error) std::rethrow_exception(context.error);
    if (impl->key == nullptr) {
      const std::string reason = lastError();
      if (context.asked) {
        throw Error(ErrorCode::kBadSignature, privateKey.string(), std::nullopt,
                    "cannot decrypt the private key: wrong password?" + reason);
      }
      throw Error(ErrorCode::kInvalidArgument, privateKey.string(), std::nullopt,
                  "expected a PEM private key" + reason);
    }
  }
  const bool supported =
      EVP_PKEY_is_a(impl->key, "EC") == 1 || EVP_PKEY_is_a(impl->key, "ED25519") == 1 ||
      ((EVP_PKEY_is_a(impl->key, "RSA") == 1 || EVP_PKEY_is_a(impl->key, "RSA-PSS") == 1) &&
       EVP_PKEY_get_bits(impl->key) >= kMinRsaBits);
  if (!supported) {
    const char* type = EVP_PKEY_get0_type_name(impl->key);
    throw Error(ErrorCode::kUnsupported, privateKey.string(), std::nullopt,
                std::string("a ") + (type != nullptr ? type : "?") + " key of " +
                    std::to_string(EVP_PKEY_get_bits(impl->key)) +
                    " bits; expected ECDSA, Ed25519 or RSA of at least 2048 bits");
  }
  if (X509_check_private_key(impl->certificate, impl->key) != 1) {
    throw Error(
        ErrorCode::kInvalidArgument, privateKey.string(), std::nullopt,
        "the private key is not the certificate's (" + certificate.string() + ")" + lastError());
  }
  ERR_clear_error();
  return X509Signer(std::move(impl));
}

}  // namespace archive_news
