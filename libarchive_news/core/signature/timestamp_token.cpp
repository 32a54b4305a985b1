#include "core/signature/timestamp_token.h"

#include <archive_news/error.h>
#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <climits>
#include <ctime>

namespace archive_news::internal {
namespace {

template <typename T, void (*Free)(T*)>
struct Freer {
  void operator()(T* p) const noexcept { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owned = std::unique_ptr<T, Freer<T, Free>>;

using BioPtr = Owned<BIO, BIO_free_all>;
using Pkcs7Ptr = Owned<PKCS7, PKCS7_free>;
using CmsPtr = Owned<CMS_ContentInfo, CMS_ContentInfo_free>;
using TstInfoPtr = Owned<TS_TST_INFO, TS_TST_INFO_free>;
using StorePtr = Owned<X509_STORE, X509_STORE_free>;
using StoreCtxPtr = Owned<X509_STORE_CTX, X509_STORE_CTX_free>;
using VerifyCtxPtr = Owned<TS_VERIFY_CTX, TS_VERIFY_CTX_free>;
using RequestPtr = Owned<TS_REQ, TS_REQ_free>;
using ImprintPtr = Owned<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>;
using AlgorPtr = Owned<X509_ALGOR, X509_ALGOR_free>;
using IntegerPtr = Owned<ASN1_INTEGER, ASN1_INTEGER_free>;
using BignumPtr = Owned<BIGNUM, BN_free>;
using ResponsePtr = Owned<TS_RESP, TS_RESP_free>;

void freeCertificates(STACK_OF(X509) * certificates) { sk_X509_pop_free(certificates, X509_free); }
using CertificatesPtr = Owned<STACK_OF(X509), freeCertificates>;

// libcrypto's reason for the last failure, its queue emptied so that one failure does not show
// up in the next one's words.
std::string takeOpensslError() {
  unsigned long code = 0;
  unsigned long last = 0;
  while ((code = ERR_get_error()) != 0) last = code;
  const char* reason = last != 0 ? ERR_reason_error_string(last) : nullptr;
  return reason != nullptr ? reason : "no reason given";
}

const EVP_MD* digestOf(TimestampHash hash) {
  switch (hash) {
    case TimestampHash::kSha256:
      return EVP_sha256();
    case TimestampHash::kSha384:
      return EVP_sha384();
    case TimestampHash::kSha512:
      return EVP_sha512();
  }
  return EVP_sha256();
}

std::optional<TimestampHash> hashOfNid(int nid) {
  switch (nid) {
    case NID_sha256:
      return TimestampHash::kSha256;
    case NID_sha384:
      return TimestampHash::kSha384;
    case NID_sha512:
      return TimestampHash::kSha512;
    default:
      return std::nullopt;
  }
}

std::string objectText(const ASN1_OBJECT* object) {
  char text[128];
  const int n = OBJ_obj2txt(text, sizeof text, object, /*no_name=*/1);
  return n > 0 && static_cast<std::size_t>(n) < sizeof text ? std::string(text, n) : "?";
}

std::string hexOfInteger(const ASN1_INTEGER* integer) {
  if (integer == nullptr) return {};
  BignumPtr bn(ASN1_INTEGER_to_BN(integer, nullptr));
  if (!bn) return "?";
  char* hex = BN_bn2hex(bn.get());
  std::string text = hex != nullptr ? hex : "?";
  OPENSSL_free(hex);
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

std::vector<std::uint8_t> bytesOfInteger(const ASN1_INTEGER* integer) {
  if (integer == nullptr) return {};
  BignumPtr bn(ASN1_INTEGER_to_BN(integer, nullptr));
  if (!bn) return {};
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(BN_num_bytes(bn.get())));
  BN_bn2bin(bn.get(), bytes.data());
  return bytes;
}

// Seconds since 1970 of an ASN.1 time; false when it is not one.
bool secondsOf(const ASN1_TIME* time, std::int64_t& seconds) {
  std::tm tm{};
  if (time == nullptr || ASN1_TIME_to_tm(time, &tm) != 1) return false;
  seconds = static_cast<std::int64_t>(timegm(&tm));
  return true;
}

// "20261207120000.25Z" as "2026-12-07T12:00:00.25Z": the fraction kept as the TSA wrote it.
std::string rfc3339Of(const ASN1_GENERALIZEDTIME* time) {
  const std::string text(reinterpret_cast<const char*>(ASN1_STRING_get0_data(time)),
                         static_cast<std::size_t>(ASN1_STRING_length(time)));
  if (text.size() < 15) return text;
  return text.substr(0, 4) + "-" + text.substr(4, 2) + "-" + text.substr(6, 2) + "T" +
         text.substr(8, 2) + ":" + text.substr(10, 2) + ":" + text.substr(12, 2) + text.substr(14);
}

std::string nameOf(const X509_NAME* name) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253) < 0) return "?";
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<std::size_t>(size));
}

// The earliest notAfter of a chain.
std::int64_t chainEnd(STACK_OF(X509) * chain) {
  std::int64_t end = INT64_MAX;
  for (int i = 0; i < sk_X509_num(chain); ++i) {
    std::int64_t notAfter = 0;
    if (secondsOf(X509_get0_notAfter(sk_X509_value(chain, i)), notAfter)) {
      end = std::min(end, notAfter);
    }
  }
  return end;
}

// A DER element's total length at `bytes`, or 0 when it is not a definite-length one that fits.
std::size_t elementSize(std::span<const std::uint8_t> bytes) {
  const unsigned char* p = bytes.data();
  long length = 0;
  int tag = 0;
  int cls = 0;
  const int flags = ASN1_get_object(&p, &length, &tag, &cls, static_cast<long>(bytes.size()));
  if ((flags & 0x80) != 0 || flags == 0x21) return 0;  // an error, or indefinite length
  const std::size_t header = static_cast<std::size_t>(p - bytes.data());
  if (static_cast<std::size_t>(length) > bytes.size() - header) return 0;
  return header + static_cast<std::size_t>(length);
}

}  // namespace

std::string timestampHashName(TimestampHash hash) {
  switch (hash) {
    case TimestampHash::kSha256:
      return "sha256";
    case TimestampHash::kSha384:
      return "sha384";
    case TimestampHash::kSha512:
      return "sha512";
  }
  return "?";
}

std::vector<std::uint8_t> timestampDigest(TimestampHash hash, std::span<const std::uint8_t> bytes) {
  std::vector<std::uint8_t> digest(static_cast<std::size_t>(EVP_MD_get_size(digestOf(hash))));
  unsigned int size = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &size, digestOf(hash), nullptr) != 1) {
    throw Error(ErrorCode::kIOError, "", std::nullopt,
                "libcrypto could not hash: " + takeOpensslError());
  }
  return digest;
}

struct TsaRoots::Store {
  CertificatesPtr roots{sk_X509_new_null()};

  // A new store of the roots that checks certificates for time stamping at `when`.
  StorePtr at(std::int64_t when) const {
    StorePtr store(X509_STORE_new());
    if (!store) throw Error(ErrorCode::kIOError, "", std::nullopt, "out of memory");
    for (int i = 0; i < sk_X509_num(roots.get()); ++i) {
      X509_STORE_add_cert(store.get(), sk_X509_value(roots.get(), i));
    }
    X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
    X509_VERIFY_PARAM_set_time(param, static_cast<time_t>(when));
    X509_VERIFY_PARAM_set_purpose(param, X509_PURPOSE_TIMESTAMP_SIGN);
    return store;
  }
};

TsaRoots::TsaRoots(const std::vector<std::string>& pemTexts, const std::vector<std::string>& what)
    : store_(std::make_unique<Store>()) {
  for (std::size_t i = 0; i < pemTexts.size(); ++i) {
    const std::string& name = i < what.size() ? what[i] : "TSA root " + std::to_string(i);
    BioPtr bio(BIO_new_mem_buf(pemTexts[i].data(), static_cast<int>(pemTexts[i].size())));
    int count = 0;
    while (X509* certificate = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
      sk_X509_push(store_->roots.get(), certificate);
      ++count;
    }
    const unsigned long last = ERR_peek_last_error();
    const bool endOfText =
        ERR_GET_LIB(last) == ERR_LIB_PEM && ERR_GET_REASON(last) == PEM_R_NO_START_LINE;
    ERR_clear_error();
    if (count == 0 || !endOfText) {
      throw Error(ErrorCode::kInvalidArgument, name, std::nullopt,
                  count == 0 ? "holds no PEM certificate; expected the TSA's root certificates"
                             : "a PEM certificate does not parse");
    }
  }
}
TsaRoots::TsaRoots(TsaRoots&&) noexcept = default;
TsaRoots::~TsaRoots() = default;

struct TimestampToken::Handles {
  Pkcs7Ptr pkcs7;
  CmsPtr cms;
  TstInfoPtr info;
};

TimestampToken::TimestampToken(std::span<const std::uint8_t> der, const std::string& name,
                               std::optional<std::uint64_t> offset)
    : handles_(std::make_unique<Handles>()) {
  auto fail = [&](const std::string& what) {
    ERR_clear_error();
    throw Error(ErrorCode::kCorruption, name, offset, "timestamp token " + what);
  };
  if (der.empty() || der.size() > static_cast<std::size_t>(INT_MAX)) fail("is empty");
  const unsigned char* p = der.data();
  handles_->pkcs7.reset(d2i_PKCS7(nullptr, &p, static_cast<long>(der.size())));
  if (!handles_->pkcs7 || p != der.data() + der.size()) {
    fail("is not one DER CMS ContentInfo; expected an RFC 3161 TimeStampToken");
  }
  if (!PKCS7_type_is_signed(handles_->pkcs7.get()) ||
      sk_PKCS7_SIGNER_INFO_num(PKCS7_get_signer_info(handles_->pkcs7.get())) != 1) {
    fail("is not a SignedData with one signer");
  }
  handles_->info.reset(PKCS7_to_TS_TST_INFO(handles_->pkcs7.get()));
  if (!handles_->info) fail("holds no TSTInfo: " + takeOpensslError());
  p = der.data();
  handles_->cms.reset(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())));
  if (!handles_->cms) fail("does not decode as CMS: " + takeOpensslError());

  TS_TST_INFO* info = handles_->info.get();
  TS_MSG_IMPRINT* imprint = TS_TST_INFO_get_msg_imprint(info);
  const X509_ALGOR* algorithm = TS_MSG_IMPRINT_get_algo(imprint);
  const ASN1_OBJECT* oid = nullptr;
  X509_ALGOR_get0(&oid, nullptr, nullptr, algorithm);
  facts_.hash = hashOfNid(OBJ_obj2nid(oid));
  facts_.hashName = facts_.hash ? timestampHashName(*facts_.hash) : objectText(oid);
  const ASN1_OCTET_STRING* message = TS_MSG_IMPRINT_get_msg(imprint);
  facts_.imprint.assign(ASN1_STRING_get0_data(message),
                        ASN1_STRING_get0_data(message) + ASN1_STRING_length(message));
  const ASN1_GENERALIZEDTIME* time = TS_TST_INFO_get_time(info);
  if (!secondsOf(time, facts_.time)) fail("has a genTime that is not a time");
  facts_.timeText = rfc3339Of(time);
  facts_.serial = hexOfInteger(TS_TST_INFO_get_serial(info));
  facts_.policy = objectText(TS_TST_INFO_get_policy_id(info));
  facts_.nonce = bytesOfInteger(TS_TST_INFO_get_nonce(info));
  CertificatesPtr signers(nullptr);
  STACK_OF(X509)* found = PKCS7_get0_signers(handles_->pkcs7.get(), nullptr, 0);
  if (found != nullptr && sk_X509_num(found) == 1) {
    facts_.signer = nameOf(X509_get_subject_name(sk_X509_value(found, 0)));
  }
  sk_X509_free(found);  // the certificates belong to the token
  ERR_clear_error();
}

TimestampToken::TimestampToken(TimestampToken&&) noexcept = default;
TimestampToken::~TimestampToken() = default;

std::optional<std::string> TimestampToken::signatureProblem() const {
  if (facts_.signer.empty()) {
    return "the token does not carry the TSA's certificate (requested with certReq)";
  }
  if (CMS_verify(handles_->cms.get(), nullptr, nullptr, nullptr, nullptr,
                 CMS_NO_SIGNER_CERT_VERIFY | CMS_BINARY) != 1) {
    return "the TSA's signature does not verify: " + takeOpensslError();
  }
  return std::nullopt;
}

ChainCheck TimestampToken::tsaCheck(const TsaRoots& roots, std::int64_t when) const {
  ChainCheck check;
  StorePtr store = roots.store().at(when);
  STACK_OF(X509)* carried = handles_->pkcs7->d.sign->cert;
  // The chain first, for its own words ("certificate has expired") and its end; TS_RESP_verify
  // token says only "certificate verify error".
  STACK_OF(X509)* signers = PKCS7_get0_signers(handles_->pkcs7.get(), nullptr, 0);
  StoreCtxPtr chainContext(X509_STORE_CTX_new());
  if (signers == nullptr || sk_X509_num(signers) != 1 || !chainContext ||
      X509_STORE_CTX_init(chainContext.get(), store.get(), sk_X509_value(signers, 0), carried) !=
          1) {
    sk_X509_free(signers);
    check.problem = "the TSA certificate is not in the token";
    ERR_clear_error();
    return check;
  }
  sk_X509_free(signers);
  if (X509_verify_cert(chainContext.get()) != 1) {
    const int error = X509_STORE_CTX_get_error(chainContext.get());
    const X509* at = X509_STORE_CTX_get_current_cert(chainContext.get());
    check.problem = std::string(X509_verify_cert_error_string(error)) +
                    (at != nullptr ? " (" + nameOf(X509_get_subject_name(at)) + ")" : "");
    ERR_clear_error();
    return check;
  }
  const std::int64_t end = chainEnd(X509_STORE_CTX_get0_chain(chainContext.get()));
  // Then RFC 3161's own checks: the ESS signing-certificate attribute names the certificate
  // that signed, and the critical timeStamping usage.
  VerifyCtxPtr context(TS_VERIFY_CTX_new());
  if (!context) throw Error(ErrorCode::kIOError, "", std::nullopt, "out of memory");
  TS_VERIFY_CTX_set_flags(context.get(), TS_VFY_VERSION | TS_VFY_SIGNATURE);
  // The context frees the store it is given; ours stays ours.
  X509_STORE_up_ref(store.get());
  TS_VERIFY_CTX_set_store(context.get(), store.get());
  // The token's own certificates are offered as intermediates, as `openssl ts -verify
  // -untrusted` would be given them.
  if (carried != nullptr) TS_VERIFY_CTX_set_certs(context.get(), X509_chain_up_ref(carried));
  if (TS_RESP_verify_token(context.get(), handles_->pkcs7.get()) != 1) {
    check.problem = takeOpensslError();
    return check;
  }
  check.ok = true;
  check.validUntil = end;
  return check;
}

std::vector<std::uint8_t> encodeTimestampRequest(TimestampHash hash,
                                                 std::span<const std::uint8_t> digest,
                                                 std::span<const std::uint8_t> nonce) {
  auto fail = [] {
    throw Error(ErrorCode::kIOError, "", std::nullopt,
                "libcrypto could not build a timestamp request: " + takeOpensslError());
  };
  RequestPtr request(TS_REQ_new());
  ImprintPtr imprint(TS_MSG_IMPRINT_new());
  AlgorPtr algorithm(X509_ALGOR_new());
  BignumPtr nonceNumber(BN_bin2bn(nonce.data(), static_cast<int>(nonce.size()), nullptr));
  IntegerPtr nonceInteger(nonceNumber ? BN_to_ASN1_INTEGER(nonceNumber.get(), nullptr) : nullptr);
  if (!request || !imprint || !algorithm || !nonceInteger) fail();
  // Parameters NULL, as `openssl ts -query` writes them.
  if (X509_ALGOR_set0(algorithm.get(), OBJ_nid2obj(EVP_MD_get_type(digestOf(hash))), V_ASN1_NULL,
                      nullptr) != 1 ||
      TS_MSG_IMPRINT_set_algo(imprint.get(), algorithm.get()) != 1 ||
      TS_MSG_IMPRINT_set_msg(imprint.get(), const_cast<unsigned char*>(digest.data()),
                             static_cast<int>(digest.size())) != 1 ||
      TS_REQ_set_version(request.get(), 1) != 1 ||
      TS_REQ_set_msg_imprint(request.get(), imprint.get()) != 1 ||
      TS_REQ_set_nonce(request.get(), nonceInteger.get()) != 1 ||
      TS_REQ_set_cert_req(request.get(), 1) != 1) {
    fail();
  }
  unsigned char* der = nullptr;
  const int size = i2d_TS_REQ(request.get(), &der);
  if (size <= 0) fail();
  std::vector<std::uint8_t> bytes(der, der + size);
  OPENSSL_free(der);
  return bytes;
}

std::vector<std::uint8_t> tokenOfReply(std::span<const std::uint8_t> reply,
                                       const std::string& name) {
  auto refuse = [&](const std::string& what) {
    ERR_clear_error();
    throw Error(ErrorCode::kBadSignature, name, std::nullopt, what);
  };
  if (reply.empty() || reply.size() > static_cast<std::size_t>(INT_MAX)) {
    refuse("is empty; expected a DER TimeStampResp or TimeStampToken");
  }
  const unsigned char* p = reply.data();
  ResponsePtr response(d2i_TS_RESP(nullptr, &p, static_cast<long>(reply.size())));
  if (!response || p != reply.data() + reply.size()) {
    p = reply.data();
    Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(reply.size())));
    if (!token || p != reply.data() + reply.size()) {
      refuse("is neither a DER TimeStampResp nor a TimeStampToken (RFC 3161)");
    }
    ERR_clear_error();
    return {reply.begin(), reply.end()};
  }
  TS_STATUS_INFO* status = TS_RESP_get_status_info(response.get());
  const long granted = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status));
  if (granted != 0 && granted != 1) {
    std::string text;
    const STACK_OF(ASN1_UTF8STRING)* free = TS_STATUS_INFO_get0_text(status);
    for (int i = 0; i < sk_ASN1_UTF8STRING_num(free); ++i) {
      const ASN1_UTF8STRING* line = sk_ASN1_UTF8STRING_value(free, i);
      text += (text.empty() ? "" : "; ") +
              std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(line)),
                          static_cast<std::size_t>(ASN1_STRING_length(line)));
    }
    refuse("the TSA refused the request (PKIStatus " + std::to_string(granted) + ")" +
           (text.empty() ? std::string() : ": " + text));
  }
  if (TS_RESP_get_token(response.get()) == nullptr) refuse("grants the request but holds no token");
  // The token's bytes as the TSA wrote them: the reply's second element. Re-encoding a parsed
  // token could change bytes its signature covers if the TSA wrote BER.
  const unsigned char* outer = reply.data();
  long length = 0;
  int tag = 0;
  int cls = 0;
  ASN1_get_object(&outer, &length, &tag, &cls, static_cast<long>(reply.size()));
  const std::size_t statusAt = static_cast<std::size_t>(outer - reply.data());
  const std::size_t statusSize = elementSize(reply.subspan(statusAt));
  if (statusSize == 0) refuse("is not DER; expected a definite-length TimeStampResp");
  const std::span<const std::uint8_t> token = reply.subspan(statusAt + statusSize);
  if (elementSize(token) != token.size()) refuse("holds a token that is not one DER element");
  ERR_clear_error();
  return {token.begin(), token.end()};
}

}  // namespace archive_news::internal
