// RFC 3161 timestamps (core/signature/timestamp_*, core/write/add_timestamp.cpp,
// core/verify/timestamp_report.cpp) against a TSA made here with OpenSSL's TS_RESP_CTX, whose
// clock the test sets: the section's rules, hostile tokens, storing a reply, and the renewal rule.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/secret_key.h>
#include <archive_news/timestamp.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>
#include <string>
#include <vector>

#include "../unit/test_support.h"
#include "core/signature/timestamp_section.h"
#include "core/signature/timestamp_token.h"
#include "core/write/capnp_encode.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

constexpr std::int64_t kDay = 86400;
constexpr std::int64_t kT0 = 1796600000;  // 2026-12-06

struct KeyFree {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
  void operator()(X509* c) const { X509_free(c); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  REQUIRE(ext != nullptr);
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A certificate for `key`, valid [from, until], signed by `issuerKey` (itself when null).
Cert makeCert(const std::string& name, EVP_PKEY* key, std::int64_t from, std::int64_t until,
              X509* issuer, EVP_PKEY* issuerKey, bool tsa) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  static long serial = 1;
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial++);
  ASN1_TIME_set(X509_getm_notBefore(cert.get()), static_cast<time_t>(from));
  ASN1_TIME_set(X509_getm_notAfter(cert.get()), static_cast<time_t>(until));
  X509_NAME* subject = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(name.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : subject);
  X509_set_pubkey(cert.get(), key);
  X509* signer = issuer ? issuer : cert.get();
  if (tsa) {
    addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    addExtension(cert.get(), signer, NID_ext_key_usage, "critical,timeStamping");
  } else {
    addExtension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(cert.get(), signer, NID_key_usage, "critical,keyCertSign");
  }
  REQUIRE(X509_sign(cert.get(), issuerKey ? issuerKey : key, EVP_sha256()) > 0);
  return cert;
}

std::string pemOf(X509* cert) {
  BIO* bio = BIO_new(BIO_s_mem());
  PEM_write_bio_X509(bio, cert);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string text(data, static_cast<std::size_t>(size));
  BIO_free(bio);
  return text;
}

struct TestPki {
  Key rootKey{EVP_EC_gen("P-256")};
  Cert root = makeCert("test root", rootKey.get(), kT0 - 10 * kDay, kT0 + 3650 * kDay, nullptr,
                       nullptr, false);
  std::string rootPem = pemOf(root.get());
};

// A TSA whose certificate is valid [from, until] and whose clock reads `now`.
class TestTsa {
 public:
  TestTsa(const TestPki& pki, const std::string& name, std::int64_t from, std::int64_t until)
      : key_(EVP_EC_gen("P-256")),
        cert_(makeCert(name, key_.get(), from, until, pki.root.get(), pki.rootKey.get(), true)) {}

  Bytes reply(std::span<const std::uint8_t> request, std::int64_t now) const {
    TS_RESP_CTX* ctx = TS_RESP_CTX_new();
    TS_RESP_CTX_set_signer_cert(ctx, cert_.get());
    TS_RESP_CTX_set_signer_key(ctx, key_.get());
    ASN1_OBJECT* policy = OBJ_txt2obj("1.3.6.1.4.1.99999.1", 1);
    TS_RESP_CTX_set_def_policy(ctx, policy);
    ASN1_OBJECT_free(policy);
    TS_RESP_CTX_add_md(ctx, EVP_sha256());
    TS_RESP_CTX_add_md(ctx, EVP_sha384());
    TS_RESP_CTX_add_md(ctx, EVP_sha512());
    clock_ = now;
    TS_RESP_CTX_set_time_cb(ctx, &TestTsa::timeOf, const_cast<TestTsa*>(this));
    BIO* in = BIO_new_mem_buf(request.data(), static_cast<int>(request.size()));
    TS_RESP* response = TS_RESP_create_response(ctx, in);
    REQUIRE(response != nullptr);
    unsigned char* der = nullptr;
    const int size = i2d_TS_RESP(response, &der);
    Bytes bytes(der, der + size);
    OPENSSL_free(der);
    TS_RESP_free(response);
    BIO_free(in);
    TS_RESP_CTX_free(ctx);
    return bytes;
  }

 private:
  static int timeOf(TS_RESP_CTX*, void* data, long* seconds, long* micros) {
    *seconds = static_cast<long>(static_cast<TestTsa*>(data)->clock_);
    *micros = 0;
    return 1;
  }
  Key key_;
  Cert cert_;
  mutable std::int64_t clock_ = 0;
};

struct Fixture {
  TempDir dir;
  std::filesystem::path path = dir.path() / "t.newsarc";
  TestPki pki;
  SecretKey key = generateKeyPair().secretKey;
  Fixture() { writeFileBytes(path, buildBundle({smallArticle("urn:t:1")}, {&key})); }
  std::uint32_t stamp(const TestTsa& tsa, std::int64_t now, TimestampScope scope = {}) {
    const TimestampQuery query = makeTimestampQuery(Bundle::open(path), scope);
    return addTimestamp(path, tsa.reply(query.request, now), query);
  }
  VerifyReport check(std::int64_t now) {
    VerifyOptions options;
    options.tsaRoots = {pki.rootPem};
    options.now = now;
    options.quick = true;
    return verifyFile(path, options);
  }
};

ErrorCode errorOf(const std::function<void()>& action) { return codeOf(action); }

}  // namespace

TEST_CASE("the timestamp section: a non-empty list, tokens of 1 to 65,536 bytes, counts in order") {
  const ReaderOptions options;
  const std::vector<Timestamp> good = {{Bytes(5, 1), 2, 0}, {Bytes(7, 2), 0, 1}};
  CHECK(internal::decodeTimestampSet(internal::encodeTimestampSet(good), "f", 64, options) == good);
  CHECK(internal::encodeTimestampSet({}).empty());
  auto refused = [&](std::vector<Timestamp> t, const std::string& words) {
    try {
      internal::decodeTimestampSet(internal::encodeTimestampSet(t), "f", 64, options);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kCorruption);
      CHECK(e.offset() == 64);
      CHECK(std::string(e.what()).find(words) != std::string::npos);
    }
  };
  refused({{Bytes(), 0, 0}}, "token of 0 bytes; expected 1 to 65536");
  refused({{Bytes(65537, 1), 0, 0}}, "token of 65537 bytes");
  refused({{Bytes(3, 1), 0, 1}}, "timestamp 0 covers 1 earlier timestamps; only 0 come before it");
  refused({{Bytes(3, 1), 0, 0}, {Bytes(3, 2), 0, 2}}, "only 1 come before it");
}

TEST_CASE(
    "a stored timestamp leaves the seal as it was, is proven, and names the bytes it covers") {
  Fixture f;
  Bytes sealBefore;
  {
    const Bundle before = Bundle::open(f.path);
    sealBefore.assign(before.sealBytes().begin(), before.sealBytes().end());
  }
  TestTsa tsa(f.pki, "tsa a", kT0 - kDay, kT0 + 365 * kDay);
  CHECK(f.stamp(tsa, kT0) == 0);
  const Bundle bundle = Bundle::open(f.path);
  CHECK(Bytes(bundle.sealBytes().begin(), bundle.sealBytes().end()) == sealBefore);
  REQUIRE(bundle.timestamps().size() == 1);
  CHECK(bundle.timestamps()[0].signatures == 1);
  // What the imprint covers: the seal's digest and the signature record's, 32 bytes each.
  CHECK(timestampedData(bundle, 0).size() == 64);
  CHECK(errorOf([&] { timestampedData(bundle, 1); }) == ErrorCode::kNotFound);

  const VerifyReport report = f.check(kT0 + kDay);
  CHECK(report.ok());
  REQUIRE(report.timestamps.size() == 1);
  CHECK(report.timestamps[0].proven);
  CHECK(report.timestamps[0].time == kT0);
  CHECK(report.timestamps[0].tsa == "CN=tsa a");
  CHECK(report.provenTime == kT0);
  // Without roots: intact, not trusted, nothing proven.
  const VerifyReport plain = verifyFile(f.path);
  CHECK(plain.ok());
  CHECK(plain.timestamps.at(0).intact);
  CHECK(!plain.timestamps.at(0).trusted);
  CHECK(!plain.provenTime);
}

TEST_CASE("signing a timestamped bundle keeps its timestamps, which still cover what they did") {
  Fixture f;
  TestTsa tsa(f.pki, "tsa a", kT0 - kDay, kT0 + 365 * kDay);
  f.stamp(tsa, kT0);
  const std::vector<Timestamp> before = Bundle::open(f.path).timestamps();
  const SecretKey second = generateKeyPair().secretKey;
  addSignature(f.path, second, "second");
  const Bundle bundle = Bundle::open(f.path);
  CHECK(bundle.signatures().size() == 2);
  CHECK(bundle.timestamps() == before);
  const VerifyReport report = f.check(kT0 + kDay);
  CHECK(report.ok());
  CHECK(report.timestamps.at(0).signatures == 1);
  // A new timestamp may cover both.
  f.stamp(tsa, kT0 + 60);
  CHECK(Bundle::open(f.path).timestamps().at(1).signatures == 2);
  CHECK(f.check(kT0 + kDay).ok());
}

TEST_CASE("a reply is refused for a changed nonce, another bundle, or a second copy") {
  Fixture f;
  TestTsa tsa(f.pki, "tsa a", kT0 - kDay, kT0 + 365 * kDay);
  const TimestampQuery query = makeTimestampQuery(Bundle::open(f.path));
  TimestampQuery other = query;
  other.nonce[1] ^= 1;
  const Bytes reply = tsa.reply(query.request, kT0);
  CHECK(errorOf([&] { addTimestamp(f.path, reply, other); }) == ErrorCode::kBadSignature);
  Fixture g;
  CHECK(errorOf([&] { addTimestamp(g.path, reply); }) == ErrorCode::kBadSignature);
  CHECK(addTimestamp(f.path, reply) == 0);  // found without the query: seal and signature 0
  CHECK(errorOf([&] { addTimestamp(f.path, reply, query); }) == ErrorCode::kBadSignature);
  CHECK(Bundle::open(f.path).timestamps().size() == 1);
}

TEST_CASE("renewal: an expired TSA certificate stays proven only by a renewal made in time") {
  Fixture f;
  TestTsa shortLived(f.pki, "short", kT0 - kDay, kT0 + kDay);
  TestTsa longLived(f.pki, "long", kT0 - kDay, kT0 + 3000 * kDay);
  f.stamp(shortLived, kT0);
  // Before the end: proven by itself.
  CHECK(f.check(kT0 + 3600).ok());
  // After it: not proven, and a renewal made after the end does not help.
  CHECK(!f.check(kT0 + 2 * kDay).ok());
  Fixture late;
  TestTsa lateShort(late.pki, "short", kT0 - kDay, kT0 + kDay);
  TestTsa lateLong(late.pki, "long", kT0 - kDay, kT0 + 3000 * kDay);
  late.stamp(lateShort, kT0);
  TimestampScope renew;
  renew.renew = true;
  renew.hash = TimestampHash::kSha512;
  late.stamp(lateLong, kT0 + 2 * kDay, renew);
  VerifyReport tooLate = late.check(kT0 + 10 * kDay);
  CHECK(!tooLate.ok());
  CHECK(!tooLate.timestamps.at(0).proven);
  CHECK(tooLate.timestamps.at(1).proven);
  CHECK(tooLate.provenTime == kT0 + 2 * kDay);
  // A renewal within the validity carries token 0 on.
  f.stamp(longLived, kT0 + 3600, renew);
  const VerifyReport renewed = f.check(kT0 + 10 * kDay);
  CHECK(renewed.ok());
  CHECK(renewed.timestamps.at(0).proven);
  CHECK(renewed.timestamps.at(0).renewedBy == 1u);
  CHECK(renewed.timestamps.at(1).timestamps == 1);
  CHECK(renewed.timestamps.at(1).hash == "sha512");
  CHECK(renewed.provenTime == kT0);
  // Past the renewal's own end, nothing is left.
  CHECK(!f.check(kT0 + 4000 * kDay).ok());
}

TEST_CASE("a damaged token is a clean failure: every truncation, every flipped byte") {
  Fixture f;
  TestTsa tsa(f.pki, "tsa a", kT0 - kDay, kT0 + 365 * kDay);
  f.stamp(tsa, kT0);
  const Bytes token = Bundle::open(f.path).timestamps().at(0).token;
  const internal::TimestampToken original(token, "t", std::nullopt);
  const internal::TsaRoots roots({f.pki.rootPem}, {"root"});
  for (std::size_t size = 0; size < token.size(); ++size) {
    const Bytes cut(token.begin(), token.begin() + static_cast<std::ptrdiff_t>(size));
    CHECK(errorOf([&] { internal::TimestampToken(cut, "t", std::nullopt); }) ==
          ErrorCode::kCorruption);
  }
  std::size_t refused = 0;
  for (std::size_t at = 0; at < token.size(); ++at) {
    Bytes bad = token;
    bad[at] ^= 0x40;
    try {
      const internal::TimestampToken parsed(bad, "t", std::nullopt);
      const bool valid = !parsed.signatureProblem() && parsed.tsaCheck(roots, kT0).ok;
      const internal::TokenFacts& a = parsed.facts();
      const internal::TokenFacts& b = original.facts();
      // A change to what the token says never passes as valid.
      if (a.imprint != b.imprint || a.time != b.time || a.serial != b.serial ||
          a.nonce != b.nonce || a.policy != b.policy) {
        CHECK_MESSAGE(!valid, "byte " << at);
      }
      if (!valid) ++refused;
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kCorruption);
      ++refused;
    }
  }
  // Nearly every byte is signed or structural.
  CHECK(refused > token.size() * 9 / 10);
}
