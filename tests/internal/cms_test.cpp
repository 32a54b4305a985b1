// CMS X.509 signatures (spec/FORMAT.md 7.3): checkCms on what X509Signer makes (P-256, Ed25519
// by RFC 8419, RSA), the chain against anchors (good, missing intermediate, unrelated root,
// expired, key usage), every profile rule on records made wrong with libcrypto, and hostile
// bytes (every truncation, bit flips) that must fail cleanly.
#include "core/signature/cms.h"

#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <archive_news/x509.h>
#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <memory>
#include <random>
#include <string>
#include <vector>

#include "signature_section_edit.h"
#include "test_pki.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace in = archive_news::internal;
namespace fs = std::filesystem;

namespace {

const Bytes kSeal = toBytes("the seal's exact bytes, as a bundle's signatures sign them");

const TestPki& pki() {
  static const TestPki made = makeTestPki();
  return made;
}

// The signer of `who`, its chain the intermediate (or none).
X509Signer signerOf(const TempDir& dir, const TestIdentity& who, bool withChain = true) {
  writeText(dir.path() / "cert.pem", who.certificate);
  writeText(dir.path() / "key.pem", who.key);
  writeText(dir.path() / "chain.pem", pki().intermediate.certificate);
  std::vector<std::filesystem::path> chain;
  if (withChain) chain.push_back(dir.path() / "chain.pem");
  return loadX509Signer(dir.path() / "cert.pem", dir.path() / "key.pem", {}, chain);
}

in::TrustAnchors anchors(const std::string& pem) { return in::TrustAnchors({pem}); }

// A CMS record made directly with libcrypto, to break one rule of the profile at a time.
template <typename T>
using Owned = std::unique_ptr<T, void (*)(T*)>;
Owned<X509> certOf(const std::string& pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free_all);
  return {PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free};
}
Owned<EVP_PKEY> keyOf(const std::string& pem) {
  Owned<BIO> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free_all);
  return {PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free};
}
Bytes derOf(CMS_ContentInfo* cms) {
  REQUIRE(cms != nullptr);
  const int size = i2d_CMS_ContentInfo(cms, nullptr);
  Bytes der(static_cast<std::size_t>(size));
  unsigned char* out = der.data();
  REQUIRE(i2d_CMS_ContentInfo(cms, &out) == size);
  CMS_ContentInfo_free(cms);
  return der;
}
Bytes signedWith(unsigned flags, const EVP_MD* md = nullptr, int signers = 1) {
  REQUIRE((signers == 1 || signers == 2));
  const Owned<X509> cert = certOf(pki().p256.certificate);
  const Owned<EVP_PKEY> key = keyOf(pki().p256.key);
  Owned<BIO> content(BIO_new_mem_buf(kSeal.data(), static_cast<int>(kSeal.size())), BIO_free_all);
  CMS_ContentInfo* cms =
      CMS_sign(nullptr, nullptr, nullptr, nullptr, flags | CMS_PARTIAL | CMS_BINARY);
  REQUIRE(CMS_add1_signer(cms, cert.get(), key.get(), md, flags | CMS_BINARY) != nullptr);
  if (signers == 2) {
    const Owned<X509> second = certOf(pki().rsa.certificate);
    const Owned<EVP_PKEY> secondKey = keyOf(pki().rsa.key);
    REQUIRE(CMS_add1_signer(cms, second.get(), secondKey.get(), md, flags | CMS_BINARY) != nullptr);
  }
  REQUIRE(CMS_final(cms, content.get(), nullptr, flags | CMS_BINARY) == 1);
  return derOf(cms);
}

std::string problemOf(std::span<const std::uint8_t> cms) {
  const in::CmsCheck check = in::checkCms(cms, kSeal, nullptr);
  CHECK_FALSE(check.valid);
  return check.problem;
}

}  // namespace

TEST_CASE("cms: P-256, Ed25519 and RSA signatures verify, name their signer, chain to the root") {
  TempDir dir;
  const in::TrustAnchors root = anchors(pki().root.certificate);
  struct Case {
    const TestIdentity* who;
    std::string subject;
    std::string algorithm;
  };
  for (const Case& c :
       {Case{&pki().p256, "CN=Example News P-256,O=newsarc tests", "ECDSA with SHA-256"},
        Case{&pki().ed25519, "CN=Example News Ed25519,O=newsarc tests", "Ed25519 (RFC 8419)"},
        Case{&pki().rsa, "CN=Example News RSA,O=newsarc tests", "RSA with SHA-256"}}) {
    CAPTURE(c.subject);
    const X509Signer signer = signerOf(dir, *c.who);
    CHECK(signer.certificate().subject == c.subject);
    const Bytes cms = signer.sign(kSeal);
    const in::CmsCheck check = in::checkCms(cms, kSeal, &root);
    CHECK(check.valid);
    CHECK(check.problem.empty());
    REQUIRE(check.signer);
    CHECK(check.signer->subject == c.subject);
    CHECK(check.signer->issuer == "CN=newsarc test intermediate,O=newsarc tests");
    CHECK(check.algorithm == c.algorithm);
    CHECK(check.signingTime.size() == 20);
    REQUIRE(check.chainProblem);
    CHECK(check.chainProblem->empty());
    CHECK(check.anchor == "CN=newsarc test root,O=newsarc tests");
    // Without anchors: integrity only.
    CHECK_FALSE(in::checkCms(cms, kSeal, nullptr).chainProblem);
    // Another message: the digest no longer matches.
    Bytes other = kSeal;
    other[0] ^= 1;
    CHECK_FALSE(in::checkCms(cms, other, &root).valid);
    CHECK_FALSE(in::checkCms(cms, {}, &root).valid);
    // The public summary says the same, unchecked.
    Signature record;
    record.algorithm = SignatureAlgorithm::kCmsX509;
    record.cms = cms;
    REQUIRE(cmsSigner(record));
    CHECK(*cmsSigner(record) == *check.signer);
  }
}

TEST_CASE("cms: Ed25519 records follow RFC 8419: SHA-512, id-Ed25519 without parameters") {
  TempDir dir;
  const Bytes der = signerOf(dir, pki().ed25519).sign(kSeal);
  const unsigned char* p = der.data();
  Owned<CMS_ContentInfo> cms(d2i_CMS_ContentInfo(nullptr, &p, static_cast<long>(der.size())),
                             CMS_ContentInfo_free);
  REQUIRE(cms);
  CMS_SignerInfo* info = sk_CMS_SignerInfo_value(CMS_get0_SignerInfos(cms.get()), 0);
  X509_ALGOR* digest = nullptr;
  X509_ALGOR* signature = nullptr;
  CMS_SignerInfo_get0_algs(info, nullptr, nullptr, &digest, &signature);
  const ASN1_OBJECT* object = nullptr;
  int parameterType = 0;
  X509_ALGOR_get0(&object, nullptr, nullptr, digest);
  CHECK(OBJ_obj2nid(object) == NID_sha512);
  X509_ALGOR_get0(&object, &parameterType, nullptr, signature);
  CHECK(OBJ_obj2nid(object) == NID_ED25519);
  CHECK(parameterType == V_ASN1_UNDEF);
  CHECK(ASN1_STRING_length(CMS_SignerInfo_get0_signature(info)) == 64);
  // The signed attributes as received are already in DER order: both encodings agree.
  CHECK(in::signedAttributesDer(info, true) == in::signedAttributesDer(info, false));
  CHECK(in::signedAttributesDer(info, true).at(0) == 0x31);
  CHECK(CMS_is_detached(cms.get()) == 1);
}

TEST_CASE("cms: a chain that does not hold is reported, the signature itself stays valid") {
  TempDir dir;
  const in::TrustAnchors root = anchors(pki().root.certificate);
  auto chainOf = [&](const TestIdentity& who, const in::TrustAnchors& a, bool withChain = true) {
    const in::CmsCheck check = in::checkCms(signerOf(dir, who, withChain).sign(kSeal), kSeal, &a);
    CHECK(check.valid);
    REQUIRE(check.chainProblem);
    return *check.chainProblem;
  };
  CHECK(chainOf(pki().expired, root).find("certificate has expired") == 0);
  CHECK(chainOf(pki().expired, root).find("CN=Example News expired") != std::string::npos);
  CHECK(chainOf(pki().p256, root, false).find("unable to get local issuer certificate") == 0);
  CHECK(chainOf(pki().p256, anchors(pki().otherRoot.certificate))
            .find("unable to get local issuer certificate") == 0);
  CHECK(chainOf(pki().otherLeaf, root).find("unable to get local issuer certificate") == 0);
  CHECK(chainOf(pki().noSigning, root).find("key usage allows neither digitalSignature") !=
        std::string::npos);
  // Several roots, one of them the right one.
  const in::TrustAnchors both({pki().otherRoot.certificate, pki().root.certificate});
  CHECK(both.size() == 2);
  CHECK(chainOf(pki().p256, both).empty());
  // The intermediate given as an anchor is not a root: chains end at a self-signed certificate.
  CHECK_FALSE(chainOf(pki().p256, anchors(pki().intermediate.certificate)).empty());
}

TEST_CASE("cms: anchors must be PEM certificates") {
  CHECK(codeOf([] { in::TrustAnchors({"not a certificate"}); }) == ErrorCode::kInvalidArgument);
  CHECK(codeOf([] {
          in::TrustAnchors({pki().root.certificate, ""});
        }) == ErrorCode::kInvalidArgument);
  std::string broken = pki().root.certificate;
  broken[broken.size() / 2] = '!';
  CHECK(codeOf([&] { in::TrustAnchors({broken}); }) == ErrorCode::kInvalidArgument);
  try {
    in::TrustAnchors({pki().root.certificate, pki().p256.key});
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()).find("CA certificates 2: no PEM certificate") != std::string::npos);
  }
}

TEST_CASE("cms: each rule of the profile refuses a record that breaks it") {
  TempDir dir;
  CHECK(problemOf({}) == "cms of 0 bytes; expected 1 to 65536");
  CHECK(problemOf(Bytes(in::kMaxCmsSize + 1, 0x30)) == "cms of 65537 bytes; expected 1 to 65536");
  CHECK(problemOf(toBytes("not DER")).find("cms is not a DER CMS ContentInfo") == 0);
  Bytes trailing = signerOf(dir, pki().p256).sign(kSeal);
  trailing.push_back(0);
  CHECK(problemOf(trailing) == "cms has 1 bytes after its ContentInfo; expected none");
  // A Data ContentInfo, not SignedData.
  {
    Owned<BIO> content(BIO_new_mem_buf(kSeal.data(), static_cast<int>(kSeal.size())), BIO_free_all);
    CHECK(problemOf(derOf(CMS_data_create(content.get(), CMS_BINARY))) ==
          "cms is not of type SignedData");
  }
  CHECK(problemOf(signedWith(0)) == "cms holds its content; expected it detached (the seal)");
  CHECK(problemOf(signedWith(CMS_DETACHED, nullptr, 2)) ==
        "cms has 2 signers; expected exactly one");
  CHECK(problemOf(signedWith(CMS_DETACHED, EVP_sha1())) ==
        "cms digest algorithm is not SHA-256, SHA-384 or SHA-512");
  CHECK(problemOf(signedWith(CMS_DETACHED | CMS_NOATTR)) ==
        "cms signer has no signed attributes; expected contentType and messageDigest");
  CHECK(problemOf(signedWith(CMS_DETACHED | CMS_NOCERTS)) ==
        "cms does not carry the signer's certificate");
  // What libcrypto makes with the profile's flags passes, SHA-384 and SHA-512 too.
  for (const EVP_MD* md : {EVP_sha256(), EVP_sha384(), EVP_sha512()}) {
    const in::CmsCheck check = in::checkCms(signedWith(CMS_DETACHED, md), kSeal, nullptr);
    CHECK(check.valid);
    CHECK(check.problem.empty());
  }
}

TEST_CASE("cms: truncated and bit-flipped records fail cleanly") {
  TempDir dir;
  for (const TestIdentity* who : {&pki().p256, &pki().ed25519}) {
    const Bytes good = signerOf(dir, *who).sign(kSeal);
    REQUIRE(in::checkCms(good, kSeal, nullptr).valid);
    // Every truncation.
    for (std::size_t size = 0; size < good.size(); ++size) {
      CAPTURE(size);
      CHECK_FALSE(in::checkCms(std::span(good).first(size), kSeal, nullptr).valid);
    }
    // Bit flips everywhere; a flip in a certificate may leave the signature valid (the record
    // does not sign the certificates; their chain does), never one in the signature value.
    std::mt19937 random(7);
    const in::TrustAnchors root = anchors(pki().root.certificate);
    for (std::size_t at = 0; at < good.size(); ++at) {
      Bytes flipped = good;
      flipped[at] ^= static_cast<std::uint8_t>(1u << (random() % 8));
      CAPTURE(at);
      const in::CmsCheck check = in::checkCms(flipped, kSeal, &root);
      CHECK(check.valid == check.problem.empty());
      if (at >= good.size() - 64) CHECK_FALSE(check.valid);
      Signature record;
      record.algorithm = SignatureAlgorithm::kCmsX509;
      record.cms = flipped;
      (void)cmsSigner(record);
    }
  }
}

TEST_CASE("cms: a bundle is not signed again while an X.509 signature of it does not verify") {
  TempDir dir;
  const fs::path path = dir.path() / "b.newsarc";
  writeFileBytes(path, buildBundle({smallArticle("urn:test:cms")}));
  addX509Signature(path, signerOf(dir, pki().p256));
  std::vector<Signature> signatures = Bundle::open(path).signatures();
  signatures[0].cms.back() ^= 1;  // the signature value's last byte
  const Bytes broken = withSignatureSection(readFileBytes(path), signatures);
  writeFileBytes(path, broken);
  const VerifyReport report = verifyFile(path);
  REQUIRE(report.failures().size() == 1);
  CHECK(report.failures()[0].name == "signature");
  CHECK(report.failures()[0].item == "signature 0 (X.509 CN=Example News P-256,O=newsarc tests)");
  CHECK(report.failures()[0].detail.starts_with("the signature does not verify over the seal"));
  try {
    addX509Signature(path, signerOf(dir, pki().ed25519));
    FAIL("expected an error");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kBadSignature);
    CHECK(std::string(e.what()).find("existing signature 0 does not verify") != std::string::npos);
  }
  CHECK(readFileBytes(path) == broken);
}

TEST_CASE("cms: keys outside the profile are refused when loaded") {
  TempDir dir;
  Owned<EVP_PKEY> ed448(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED448"), EVP_PKEY_free);
  Owned<BIO> out(BIO_new(BIO_s_mem()), BIO_free_all);
  REQUIRE(PEM_write_bio_PrivateKey(out.get(), ed448.get(), nullptr, nullptr, 0, nullptr, nullptr) ==
          1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(out.get(), &data);
  writeText(dir.path() / "ed448.key", std::string(data, static_cast<std::size_t>(size)));
  writeText(dir.path() / "cert.pem", pki().p256.certificate);
  CHECK(codeOf([&] { loadX509Signer(dir.path() / "cert.pem", dir.path() / "ed448.key", {}); }) ==
        ErrorCode::kUnsupported);
}
