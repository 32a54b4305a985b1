#include "core/signature/cms.h"

#include <archive_news/error.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <ctime>
#include <limits>
#include <string_view>

namespace archive_news::internal {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const noexcept { Free(p); }
};
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo, CMS_ContentInfo_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;

void freeCerts(STACK_OF(X509) * certs) { sk_X509_pop_free(certs, X509_free); }
using CertsPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), freeCerts>>;
// A stack that borrows its attributes: freeing it frees none of them.
void freeAttributeStack(STACK_OF(X509_ATTRIBUTE) * attributes) {
  sk_X509_ATTRIBUTE_free(attributes);
}
using AttributesPtr = std::unique_ptr<STACK_OF(X509_ATTRIBUTE),
                                      Deleter<STACK_OF(X509_ATTRIBUTE), freeAttributeStack>>;

// The reason of libcrypto's last error, cleared; `fallback` alone when it has none.
std::string lastError(const std::string& fallback) {
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  if (last == 0) return fallback;
  const char* reason = ERR_reason_error_string(last);
  return reason != nullptr ? fallback + " (" + reason + ")" : fallback;
}

// RFC 2253 with the characters it reserves and control characters escaped; UTF-8 kept as it is
// (callers make it terminal-safe where they show it).
std::string nameText(const X509_NAME* name) {
  constexpr unsigned long kFlags = XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB;
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, kFlags) < 0) {
    ERR_clear_error();
    return "?";
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return size > 0 ? std::string(data, static_cast<std::size_t>(size)) : std::string();
}

std::string timeText(const ASN1_TIME* time) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) {
    ERR_clear_error();
    return "?";
  }
  char text[32];
  const std::size_t n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(text, n);
}

int nidOf(const X509_ALGOR* algorithm) {
  const ASN1_OBJECT* object = nullptr;
  if (algorithm != nullptr) X509_ALGOR_get0(&object, nullptr, nullptr, algorithm);
  return object != nullptr ? OBJ_obj2nid(object) : NID_undef;
}

const char* digestName(int nid) {
  switch (nid) {
    case NID_sha256:
      return "SHA-256";
    case NID_sha384:
      return "SHA-384";
    case NID_sha512:
      return "SHA-512";
    default:
      return nullptr;
  }
}

// The signature algorithms of the profile (spec/FORMAT.md 7.3.1), by the key type they need.
enum class KeyKind { kNone, kEc, kRsa, kEd25519 };
KeyKind keyKindOfSignature(int nid) {
  switch (nid) {
    case NID_ecdsa_with_SHA256:
    case NID_ecdsa_with_SHA384:
    case NID_ecdsa_with_SHA512:
      return KeyKind::kEc;
    case NID_rsaEncryption:
    case NID_sha256WithRSAEncryption:
    case NID_sha384WithRSAEncryption:
    case NID_sha512WithRSAEncryption:
    case NID_rsassaPss:
      return KeyKind::kRsa;
    case NID_ED25519:
      return KeyKind::kEd25519;
    default:
      return KeyKind::kNone;
  }
}

bool keyIs(const EVP_PKEY* key, KeyKind kind) {
  switch (kind) {
    case KeyKind::kEc:
      return EVP_PKEY_is_a(key, "EC") == 1;
    case KeyKind::kRsa:
      return EVP_PKEY_is_a(key, "RSA") == 1 || EVP_PKEY_is_a(key, "RSA-PSS") == 1;
    case KeyKind::kEd25519:
      return EVP_PKEY_is_a(key, "ED25519") == 1;
    case KeyKind::kNone:
      break;
  }
  return false;
}

// RSA keys shorter than this are refused: they no longer resist factoring.
constexpr int kMinRsaBits = 2048;

// The chain of `signer` to an anchor at the current time: empty when it holds, with `anchor` set
// to the anchor's subject.
std::string chainProblem(CMS_ContentInfo* cms, X509* signer, X509_STORE* store,
                         std::string& anchor) {
  const std::uint32_t usage = X509_get_key_usage(signer);
  if (usage != std::numeric_limits<std::uint32_t>::max() &&
      (usage & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0) {
    ERR_clear_error();
    return "the signer certificate's key usage allows neither digitalSignature nor "
           "nonRepudiation";
  }
  // The certificates the record carries are untrusted candidates for the chain's middle.
  CertsPtr certs(CMS_get1_certs(cms));
  StoreCtxPtr ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), store, signer, certs.get()) != 1) {
    return lastError("cannot set up the chain check");
  }
  // Any purpose: publishers' certificates carry no one extended key usage for this (S/MIME's
  // emailProtection, code signing, document signing...); the key usage is checked above.
  X509_STORE_CTX_set_purpose(ctx.get(), X509_PURPOSE_ANY);
  if (X509_verify_cert(ctx.get()) == 1) {
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx.get());
    const int n = sk_X509_num(chain);
    if (n > 0) anchor = nameText(X509_get_subject_name(sk_X509_value(chain, n - 1)));
    ERR_clear_error();
    return {};
  }
  const int error = X509_STORE_CTX_get_error(ctx.get());
  std::string problem = X509_verify_cert_error_string(error);
  if (X509* at = X509_STORE_CTX_get_current_cert(ctx.get())) {
    problem += " (certificate " + nameText(X509_get_subject_name(at)) + ", depth " +
               std::to_string(X509_STORE_CTX_get_error_depth(ctx.get())) + ")";
  }
  ERR_clear_error();
  return problem;
}

// A profile check's result: the record parsed and its one SignerInfo, or why not.
struct Parsed {
  CmsPtr cms;
  CMS_SignerInfo* info = nullptr;
  X509* signer = nullptr;  // owned by `cms`; null when the record does not carry it
  int digestNid = NID_undef;
  KeyKind kind = KeyKind::kNone;
  std::string problem;
  bool ok() const { return problem.empty(); }
};

// The signed attribute of this type, when it is there exactly once with one value.
const ASN1_TYPE* singleAttribute(const CMS_SignerInfo* info, int nid) {
  const int at = CMS_signed_get_attr_by_NID(info, nid, -1);
  if (at < 0 || CMS_signed_get_attr_by_NID(info, nid, at) >= 0) return nullptr;
  X509_ATTRIBUTE* attribute = CMS_signed_get_attr(info, at);
  if (attribute == nullptr || X509_ATTRIBUTE_count(attribute) != 1) return nullptr;
  return X509_ATTRIBUTE_get0_type(attribute, 0);
}

// Parses `der` and checks it is the profile of spec/FORMAT.md 7.3.1, up to the signature itself.
// The signer certificate is looked for even when a later rule fails, so that a report can name
// who the record claims made it.
Parsed parseProfile(std::span<const std::uint8_t> der) {
  Parsed p;
  if (der.empty() || der.size() > kMaxCmsSize) {
    p.problem = "cms of " + std::to_string(der.size()) + " bytes; expected 1 to " +
                std::to_string(kMaxCmsSize);
    return p;
  }
  const unsigned char* in = der.data();
  p.cms.reset(d2i_CMS_ContentInfo(nullptr, &in, static_cast<long>(der.size())));
  if (!p.cms) {
    p.problem = lastError("cms is not a DER CMS ContentInfo");
    return p;
  }
  if (in != der.data() + der.size()) {
    p.problem = "cms has " + std::to_string(der.data() + der.size() - in) +
                " bytes after its ContentInfo; expected none";
    return p;
  }
  if (OBJ_obj2nid(CMS_get0_type(p.cms.get())) != NID_pkcs7_signed) {
    p.problem = "cms is not of type SignedData";
    return p;
  }
  STACK_OF(CMS_SignerInfo)* infos = CMS_get0_SignerInfos(p.cms.get());
  if (sk_CMS_SignerInfo_num(infos) != 1) {
    p.problem = "cms has " + std::to_string(std::max(0, sk_CMS_SignerInfo_num(infos))) +
                " signers; expected exactly one";
    return p;
  }
  p.info = sk_CMS_SignerInfo_value(infos, 0);
  // Matches the SignerInfo's identifier (issuer and serial, or key identifier) against the
  // certificates the record carries.
  if (CMS_set1_signers_certs(p.cms.get(), nullptr, 0) < 0) ERR_clear_error();
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  CMS_SignerInfo_get0_algs(p.info, nullptr, &p.signer, &digest, &signature);
  if (CMS_is_detached(p.cms.get()) != 1) {
    p.problem = "cms holds its content; expected it detached (the seal)";
    return p;
  }
  if (OBJ_obj2nid(CMS_get0_eContentType(p.cms.get())) != NID_pkcs7_data) {
    p.problem = "cms content type is not id-data";
    return p;
  }
  p.digestNid = nidOf(digest);
  if (digestName(p.digestNid) == nullptr) {
    p.problem = "cms digest algorithm is not SHA-256, SHA-384 or SHA-512";
    return p;
  }
  p.kind = keyKindOfSignature(nidOf(signature));
  if (p.kind == KeyKind::kNone) {
    p.problem = "cms signature algorithm is not ECDSA, RSA (PKCS #1 v1.5 or PSS) or Ed25519";
    return p;
  }
  if (p.kind == KeyKind::kEd25519) {
    int parameterType = V_ASN1_UNDEF;
    X509_ALGOR_get0(nullptr, &parameterType, nullptr, signature);
    if (p.digestNid != NID_sha512 || parameterType != V_ASN1_UNDEF) {
      p.problem = "cms Ed25519 signer uses " + std::string(digestName(p.digestNid)) +
                  (parameterType != V_ASN1_UNDEF ? " and algorithm parameters" : "") +
                  "; RFC 8419 requires SHA-512 and no parameters";
      return p;
    }
  }
  if (CMS_signed_get_attr_count(p.info) <= 0) {
    p.problem = "cms signer has no signed attributes; expected contentType and messageDigest";
    return p;
  }
  const ASN1_TYPE* contentType = singleAttribute(p.info, NID_pkcs9_contentType);
  if (contentType == nullptr || contentType->type != V_ASN1_OBJECT ||
      OBJ_obj2nid(contentType->value.object) != NID_pkcs7_data) {
    p.problem = "cms signed attributes lack one contentType attribute of id-data";
    return p;
  }
  const ASN1_TYPE* messageDigest = singleAttribute(p.info, NID_pkcs9_messageDigest);
  if (messageDigest == nullptr || messageDigest->type != V_ASN1_OCTET_STRING) {
    p.problem = "cms signed attributes lack one messageDigest attribute";
    return p;
  }
  if (p.signer == nullptr) {
    p.problem = "cms does not carry the signer's certificate";
    return p;
  }
  const EVP_PKEY* key = X509_get0_pubkey(p.signer);
  if (key == nullptr || !keyIs(key, p.kind)) {
    ERR_clear_error();
    p.problem = "the signer certificate's key does not fit the cms signature algorithm";
    return p;
  }
  if (p.kind == KeyKind::kRsa && EVP_PKEY_get_bits(key) < kMinRsaBits) {
    p.problem = "the signer's RSA key has " + std::to_string(EVP_PKEY_get_bits(key)) +
                " bits; expected at least " + std::to_string(kMinRsaBits);
    return p;
  }
  return p;
}

std::string algorithmText(const Parsed& p) {
  const std::string digest = digestName(p.digestNid);
  switch (p.kind) {
    case KeyKind::kEc:
      return "ECDSA with " + digest;
    case KeyKind::kRsa:
      return "RSA with " + digest;
    case KeyKind::kEd25519:
      return "Ed25519 (RFC 8419)";
    case KeyKind::kNone:
      break;
  }
  return {};
}

// RFC 8419 by hand (OpenSSL before 3.5 cannot): the messageDigest attribute is SHA-512 of the
// message, and the Ed25519 signature (pure, no prehash) covers the DER of the signed attributes.
std::string checkEd25519(const Parsed& p, std::span<const std::uint8_t> message) {
  std::array<unsigned char, 64> digest{};
  unsigned int digestSize = 0;
  if (EVP_Digest(message.data(), message.size(), digest.data(), &digestSize, EVP_sha512(),
                 nullptr) != 1 ||
      digestSize != digest.size()) {
    return lastError("cannot compute SHA-512");
  }
  const ASN1_TYPE* attribute = singleAttribute(p.info, NID_pkcs9_messageDigest);
  const ASN1_OCTET_STRING* claimed = attribute->value.octet_string;
  if (ASN1_STRING_length(claimed) != static_cast<int>(digestSize) ||
      std::memcmp(ASN1_STRING_get0_data(claimed), digest.data(), digestSize) != 0) {
    return "the signed messageDigest is not the SHA-512 of the seal";
  }
  const std::vector<std::uint8_t> signedBytes = signedAttributesDer(p.info, /*sorted=*/false);
  if (signedBytes.empty()) return lastError("cannot encode the signed attributes");
  const ASN1_OCTET_STRING* signature = CMS_SignerInfo_get0_signature(p.info);
  MdCtxPtr ctx(EVP_MD_CTX_new());
  EVP_PKEY* key = X509_get0_pubkey(p.signer);
  if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1) {
    return lastError("cannot set up the Ed25519 check");
  }
  if (signature == nullptr ||
      EVP_DigestVerify(ctx.get(), ASN1_STRING_get0_data(signature),
                       static_cast<std::size_t>(ASN1_STRING_length(signature)), signedBytes.data(),
                       signedBytes.size()) != 1) {
    return lastError("the signature does not verify over the signed attributes");
  }
  return {};
}

}  // namespace

struct TrustAnchors::Impl {
  X509_STORE* store = nullptr;
  std::size_t count = 0;
  ~Impl() { X509_STORE_free(store); }
};

namespace {

// Adds the PEM certificates of `text` to `store`; returns how many. Throws
// Error(kInvalidArgument) with the reason alone when it holds none or a malformed one.
std::size_t addPemCertificates(X509_STORE* store, std::string_view text) {
  if (text.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    throw Error(ErrorCode::kInvalidArgument, "too large for PEM certificates");
  }
  BioPtr bio(BIO_new_mem_buf(text.data(), static_cast<int>(text.size())));
  if (!bio) throw Error(ErrorCode::kIOError, lastError("out of memory"));
  std::size_t found = 0;
  while (X509Ptr cert{PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)}) {
    if (X509_STORE_add_cert(store, cert.get()) != 1) ERR_clear_error();  // a duplicate
    ++found;
  }
  const unsigned long error = ERR_peek_last_error();
  const bool endOfText =
      ERR_GET_LIB(error) == ERR_LIB_PEM && ERR_GET_REASON(error) == PEM_R_NO_START_LINE;
  if (found == 0 || (error != 0 && !endOfText)) {
    const std::string reason = lastError("");
    throw Error(ErrorCode::kInvalidArgument,
                (found == 0 ? "no PEM certificate" : "a malformed PEM certificate") + reason);
  }
  ERR_clear_error();
  return found;
}

}  // namespace

TrustAnchors::TrustAnchors(const std::vector<std::string>& pems) : impl_(std::make_unique<Impl>()) {
  ERR_clear_error();
  impl_->store = X509_STORE_new();
  if (impl_->store == nullptr) throw Error(ErrorCode::kIOError, lastError("out of memory"));
  for (std::size_t i = 0; i < pems.size(); ++i) {
    try {
      impl_->count += addPemCertificates(impl_->store, pems[i]);
    } catch (const Error& e) {
      throw Error(e.code(), "CA certificates " + std::to_string(i + 1) + ": " + e.reason());
    }
  }
}

std::size_t countPemCertificates(std::string_view pem) {
  ERR_clear_error();
  std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>> store(X509_STORE_new());
  if (!store) throw Error(ErrorCode::kIOError, lastError("out of memory"));
  return addPemCertificates(store.get(), pem);
}

TrustAnchors::~TrustAnchors() = default;
TrustAnchors::TrustAnchors(TrustAnchors&&) noexcept = default;
TrustAnchors& TrustAnchors::operator=(TrustAnchors&&) noexcept = default;
std::size_t TrustAnchors::size() const noexcept { return impl_->count; }

std::vector<std::uint8_t> signedAttributesDer(const CMS_SignerInfo_st* info, bool sorted) {
  AttributesPtr attributes(sk_X509_ATTRIBUTE_new_null());
  if (!attributes) return {};
  const int count = CMS_signed_get_attr_count(info);
  for (int i = 0; i < count; ++i) {
    if (sk_X509_ATTRIBUTE_push(attributes.get(), CMS_signed_get_attr(info, i)) <= 0) return {};
  }
  // PKCS7_ATTR_SIGN is a SET OF in DER order, PKCS7_ATTR_VERIFY the same tag in the order given:
  // the items libcrypto's own CMS and PKCS #7 code use for the bytes a signature covers.
  const ASN1_ITEM* item =
      sorted ? ASN1_ITEM_rptr(PKCS7_ATTR_SIGN) : ASN1_ITEM_rptr(PKCS7_ATTR_VERIFY);
  unsigned char* out = nullptr;
  const int size = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attributes.get()), &out, item);
  if (size <= 0 || out == nullptr) return {};
  std::vector<std::uint8_t> der(out, out + size);
  OPENSSL_free(out);
  return der;
}

CertificateSummary summarizeCertificate(const x509_st* certificate) {
  CertificateSummary s;
  s.subject = nameText(X509_get_subject_name(certificate));
  s.issuer = nameText(X509_get_issuer_name(certificate));
  s.notBefore = timeText(X509_get0_notBefore(certificate));
  s.notAfter = timeText(X509_get0_notAfter(certificate));
  return s;
}

CmsCheck checkCms(std::span<const std::uint8_t> der, std::span<const std::uint8_t> message,
                  const TrustAnchors* anchors) {
  ERR_clear_error();
  CmsCheck check;
  const Parsed p = parseProfile(der);
  if (p.signer != nullptr) check.signer = summarizeCertificate(p.signer);
  if (!p.ok()) {
    check.problem = p.problem;
    ERR_clear_error();
    return check;
  }
  check.algorithm = algorithmText(p);
  if (const ASN1_TYPE* time = singleAttribute(p.info, NID_pkcs9_signingTime)) {
    if (time->type == V_ASN1_UTCTIME || time->type == V_ASN1_GENERALIZEDTIME) {
      check.signingTime = timeText(time->value.utctime);
    }
  }
  if (message.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
    check.problem = "the message is too large";
    return check;
  }
  if (p.kind == KeyKind::kEd25519) {
    check.problem = checkEd25519(p, message);
  } else {
    // The seal behind a null filter: CMS_verify copies a memory BIO given as the content into
    // one of its own, which OpenSSL 3.0 leaks when the record's digestAlgorithms cannot be set
    // up (LeakSanitizer found it with bit-flipped records); a filter is read in place.
    BioPtr content(BIO_new(BIO_f_null()));
    BIO* seal = BIO_new_mem_buf(message.data(), static_cast<int>(message.size()));
    if (content && seal != nullptr) {
      BIO_push(content.get(), seal);
    } else {
      BIO_free(seal);
      content.reset();
    }
    // The signer certificate's chain is checked apart (below), against the caller's anchors
    // alone; CMS_verify checks the content's digest, the signed attributes and the signature.
    if (!content) {
      check.problem = lastError("out of memory");
    } else if (CMS_verify(p.cms.get(), nullptr, nullptr, content.get(), nullptr,
                          CMS_BINARY | CMS_NO_SIGNER_CERT_VERIFY) != 1) {
      check.problem = lastError("the signature does not verify over the seal");
    }
  }
  ERR_clear_error();
  check.valid = check.problem.empty();
  if (check.valid && anchors != nullptr) {
    check.chainProblem = chainProblem(p.cms.get(), p.signer, anchors->impl().store, check.anchor);
  }
  return check;
}

}  // namespace archive_news::internal

namespace archive_news {

std::optional<CertificateSummary> cmsSigner(const Signature& signature) {
  if (signature.algorithm != SignatureAlgorithm::kCmsX509) return std::nullopt;
  ERR_clear_error();
  const internal::Parsed p = internal::parseProfile(signature.cms);
  std::optional<CertificateSummary> summary;
  if (p.signer != nullptr) summary = internal::summarizeCertificate(p.signer);
  ERR_clear_error();
  return summary;
}

}  // namespace archive_news
