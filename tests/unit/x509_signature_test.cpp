// X.509 signatures through the public API: loadX509Signer's refusals, addX509Signature beside
// minisign signatures, verify()'s "signature" and "trusted-ca" checks with CA roots,
// countCaCertificates, and what the C API shows of an X.509 signature.
#include <archive_news/archive_news.h>
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <archive_news/x509.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "test_pki.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

const TestPki& pki() {
  static const TestPki made = makeTestPki();
  return made;
}

struct Files {
  TempDir dir;
  fs::path bundle = dir.path() / "b.newsarc";
  explicit Files(const std::vector<const SecretKey*>& keys = {}) {
    writeFileBytes(bundle, buildBundle({smallArticle("urn:test:x509")}, keys));
    writeText(dir.path() / "chain.pem", pki().intermediate.certificate);
  }
  X509Signer signer(const TestIdentity& who, const std::string& name = "leaf") const {
    writeText(dir.path() / (name + ".pem"), who.certificate);
    writeText(dir.path() / (name + ".key"), who.key);
    return loadX509Signer(dir.path() / (name + ".pem"), dir.path() / (name + ".key"), {},
                          {dir.path() / "chain.pem"});
  }
};

VerifyOptions withRoots(std::vector<std::string> roots) {
  VerifyOptions options;
  options.caRoots = std::move(roots);
  return options;
}

const Check* find(const VerifyReport& report, const std::string& name, std::size_t nth = 0) {
  for (const Check& c : report.checks) {
    if (c.name == name && nth-- == 0) return &c;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("x509: a P-256 and an Ed25519 signature verify and chain to the root") {
  for (const TestIdentity* who : {&pki().p256, &pki().ed25519, &pki().rsa}) {
    Files f;
    const X509Signer signer = f.signer(*who);
    addX509Signature(f.bundle, signer);
    const Bundle bundle = Bundle::open(f.bundle);
    const std::vector<Signature> signatures = bundle.signatures();
    REQUIRE(signatures.size() == 1);
    CHECK(signatures[0].algorithm == SignatureAlgorithm::kCmsX509);
    CHECK(signatures[0].keyId == KeyId{});
    CHECK(signatures[0].trustedComment.empty());
    REQUIRE(cmsSigner(signatures[0]));
    CHECK(cmsSigner(signatures[0])->subject == signer.certificate().subject);

    const VerifyReport report = verifyFile(f.bundle, withRoots({pki().root.certificate}));
    CAPTURE(report.failures().empty() ? "" : report.failures()[0].detail);
    CHECK(report.ok());
    const Check* line = find(report, "signature");
    REQUIRE(line);
    CHECK(line->item == "signature 0 (X.509 " + signer.certificate().subject + ")");
    CHECK(line->detail.starts_with("valid X.509 signature of the seal (CMS, "));
    CHECK(line->detail.ends_with("; chains to CN=newsarc test root,O=newsarc tests"));
    const Check* ca = find(report, "trusted-ca");
    REQUIRE(ca);
    CHECK(ca->passed);
    CHECK(ca->item == "CA roots (1 certificate)");
    // Without roots: intact, the chain not asked; the quick check says the same.
    VerifyOptions quick;
    quick.quick = true;
    CHECK(verify(bundle, quick).ok());
    CHECK(find(verify(bundle, quick), "trusted-ca") == nullptr);
    CHECK(find(verify(bundle, quick), "signature")
              ->detail.ends_with("chain not checked (no CA "
                                 "roots given)"));
  }
}

TEST_CASE("x509: roots the certificate does not chain to fail trusted-ca with the reason") {
  Files f;
  addX509Signature(f.bundle, f.signer(pki().p256));
  const VerifyReport other = verifyFile(f.bundle, withRoots({pki().otherRoot.certificate}));
  REQUIRE(other.failures().size() == 1);
  const Check failure = other.failures()[0];
  CHECK(failure.name == "trusted-ca");
  CHECK(failure.detail.find("certificate does not chain: unable to get local issuer certificate") !=
        std::string::npos);
  CHECK(find(other, "signature")->passed);  // the signature itself is valid

  Files expired;
  addX509Signature(expired.bundle, expired.signer(pki().expired));
  const VerifyReport late = verifyFile(expired.bundle, withRoots({pki().root.certificate}));
  REQUIRE(late.failures().size() == 1);
  CHECK(late.failures()[0].detail.find("certificate has expired") != std::string::npos);

  // Not signed at all, or by minisign alone: no X.509 signature to chain.
  Files plain;
  const VerifyReport none = verifyFile(plain.bundle, withRoots({pki().root.certificate}));
  REQUIRE(none.failures().size() == 1);
  CHECK(none.failures()[0].detail ==
        "no X.509 signature; expected a valid one whose certificate chains to these roots");
  CHECK(codeOf([&] { verifyFile(plain.bundle, withRoots({"junk"})); }) ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("x509: minisign and X.509 signatures together, each addition keeping the others") {
  const KeyPair keys = generateKeyPair();
  Files f({&keys.secretKey});
  addX509Signature(f.bundle, f.signer(pki().p256));
  addSignature(f.bundle, keys.secretKey, "second minisign");
  addX509Signature(f.bundle, f.signer(pki().ed25519, "ed"));
  const std::vector<Signature> signatures = Bundle::open(f.bundle).signatures();
  REQUIRE(signatures.size() == 4);
  CHECK(signatures[0].algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed);
  CHECK(signatures[1].algorithm == SignatureAlgorithm::kCmsX509);
  CHECK(signatures[2].algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed);
  CHECK(signatures[3].algorithm == SignatureAlgorithm::kCmsX509);
  VerifyOptions options = withRoots({pki().root.certificate});
  options.trustedKeys = {keys.publicKey};
  const VerifyReport report = verifyFile(f.bundle, options);
  CHECK(report.ok());
  CHECK(std::count_if(report.checks.begin(), report.checks.end(),
                      [](const Check& c) { return c.name == "signature" && c.passed; }) == 4);
  // A key trusted by --key never makes an X.509 record count, nor a CA a minisign one.
  Files x509Only;
  addX509Signature(x509Only.bundle, x509Only.signer(pki().p256));
  VerifyOptions keyOnly;
  keyOnly.trustedKeys = {keys.publicKey};
  CHECK(verifyFile(x509Only.bundle, keyOnly).failures().at(0).name == "trusted-key");
  Files minisignOnly({&keys.secretKey});
  CHECK(
      verifyFile(minisignOnly.bundle, withRoots({pki().root.certificate})).failures().at(0).name ==
      "trusted-ca");
}

TEST_CASE("x509: a bundle whose signature section is damaged is not signed again") {
  Files f;
  addX509Signature(f.bundle, f.signer(pki().p256));
  Bytes bytes = readFileBytes(f.bundle);
  const std::vector<Signature> signatures = Bundle::open(f.bundle).signatures();
  const Bytes& cms = signatures[0].cms;
  const auto at = std::search(bytes.begin(), bytes.end(), cms.begin(), cms.end());
  REQUIRE(at != bytes.end());
  *(at + static_cast<std::ptrdiff_t>(cms.size()) - 1) ^= 1;  // in the signature value
  writeFileBytes(f.bundle, bytes);
  CHECK(codeOf([&] { addX509Signature(f.bundle, f.signer(pki().ed25519, "ed")); }) ==
        ErrorCode::kCorruption);
  CHECK(readFileBytes(f.bundle) == bytes);
}

TEST_CASE("x509: loadX509Signer refuses what it cannot sign with") {
  Files f;
  const fs::path dir = f.dir.path();
  writeText(dir / "p256.pem", pki().p256.certificate);
  writeText(dir / "p256.key", pki().p256.key);
  writeText(dir / "ed.key", pki().ed25519.key);
  writeText(dir / "locked.key", encryptedKey(pki().p256.key, "open sesame"));
  int asked = 0;
  auto password = [&](std::string text) {
    return PasswordProvider([&asked, text] {
      ++asked;
      return text;
    });
  };
  // An unencrypted key asks for no password; an encrypted one asks once.
  (void)loadX509Signer(dir / "p256.pem", dir / "p256.key", password("unused"));
  CHECK(asked == 0);
  CHECK(loadX509Signer(dir / "p256.pem", dir / "locked.key", password("open sesame"))
            .certificate()
            .subject == "CN=Example News P-256,O=newsarc tests");
  CHECK(asked == 1);
  CHECK(codeOf([&] { loadX509Signer(dir / "p256.pem", dir / "locked.key", password("wrong")); }) ==
        ErrorCode::kBadSignature);
  CHECK(asked == 2);
  // The key of another certificate.
  CHECK(codeOf([&] { loadX509Signer(dir / "p256.pem", dir / "ed.key", {}); }) ==
        ErrorCode::kInvalidArgument);
  // Not PEM; a missing file.
  CHECK(codeOf([&] { loadX509Signer(dir / "p256.key", dir / "p256.key", {}); }) ==
        ErrorCode::kInvalidArgument);
  CHECK(codeOf([&] { loadX509Signer(dir / "p256.pem", dir / "missing.key", {}); }) ==
        ErrorCode::kIOError);
  CHECK(codeOf([&] {
          loadX509Signer(dir / "p256.pem", dir / "p256.key", {}, {dir / "p256.key"});
        }) == ErrorCode::kInvalidArgument);
}

TEST_CASE("x509: countCaCertificates counts the PEM certificates of a --ca file") {
  CHECK(countCaCertificates(pki().root.certificate) == 1);
  CHECK(countCaCertificates(pki().root.certificate + pki().otherRoot.certificate) == 2);
  CHECK(codeOf([] { countCaCertificates(""); }) == ErrorCode::kInvalidArgument);
  CHECK(codeOf([] { countCaCertificates(pki().p256.key); }) == ErrorCode::kInvalidArgument);
  std::string cut = pki().root.certificate;
  cut.resize(cut.size() / 2);
  CHECK(codeOf([&] { countCaCertificates(pki().otherRoot.certificate + cut); }) ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("x509: the C API gives an X.509 signature its subject and no key id") {
  const KeyPair keys = generateKeyPair();
  Files f({&keys.secretKey});
  addX509Signature(f.bundle, f.signer(pki().p256));
  an_bundle* bundle = nullptr;
  REQUIRE(an_open(f.bundle.c_str(), nullptr, &bundle) == AN_OK);
  CHECK(an_bundle_number_of(bundle, AN_BUNDLE_SIGNATURE_COUNT) == 2);
  std::size_t length = 1;
  CHECK(std::string(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_KEY_ID, 0, &length)) ==
        keyIdToHex(keys.publicKey.keyId));
  CHECK(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_SUBJECT, 0, &length) == nullptr);
  CHECK(length == 0);
  CHECK(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_KEY_ID, 1, &length) == nullptr);
  CHECK(std::string(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_SUBJECT, 1, &length)) ==
        "CN=Example News P-256,O=newsarc tests");
  CHECK(
      std::string(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_TRUSTED_COMMENT, 1, &length)).empty());
  CHECK(an_bundle_text(bundle, AN_BUNDLE_SIGNATURE_SUBJECT, 2, &length) == nullptr);
  an_report* report = nullptr;
  REQUIRE(an_verify(bundle, nullptr, 0, AN_VERIFY_QUICK, &report) == AN_OK);
  CHECK(an_report_ok(report) == 1);
  an_report_free(report);
  an_bundle_close(bundle);
}
