// What a 2.0 verifier does with what a later version may write (a signature of an unknown
// algorithm), and what a writer refuses to put into the signed seal and the bundle information.
// A seal of a later minor version with fields 2.0 does not know is in the broken-file corpus
// (minor-version-unknown-fields.newsarc, which must read and verify).
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include "signature_section_edit.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

Bytes withSignatures(const Bytes& bundle, const std::vector<Signature>& signatures) {
  return withSignatureSection(bundle, signatures);
}

ErrorCode writerError(WriterOptions options) {
  Bytes out;
  try {
    BundleWriter writer(std::make_unique<MemorySink>(out), std::move(options));
    writer.finish();
  } catch (const Error& e) {
    return e.code();
  }
  FAIL("the writer accepted the options");
  return ErrorCode::kCorruption;
}

}  // namespace

TEST_CASE("a signature of an algorithm this verifier does not know is reported, not trusted") {
  KeyPair keys = generateKeyPair();
  Bytes bundle = buildBundle({smallArticle("urn:test:future")}, {&keys.secretKey});
  std::vector<Signature> signatures = Bundle::fromMemory(bundle, "b").signatures();
  Signature future = signatures[0];
  future.algorithm = static_cast<SignatureAlgorithm>(7);
  signatures.push_back(future);
  Bytes both = withSignatures(bundle, signatures);

  VerifyOptions options;
  options.trustedKeys = {keys.publicKey};
  VerifyReport report = verifyMemory(both, "both", options);
  CHECK(report.ok());
  bool reported = false;
  for (const Check& c : report.checks) {
    reported = reported || c.detail.find("not checked: algorithm 7") != std::string::npos;
  }
  CHECK(reported);
  // Alone, the unknown signature proves nothing: the key's signature is missing.
  CHECK_FALSE(verifyMemory(withSignatures(bundle, {future}), "future", options).ok());
}

TEST_CASE("the writer refuses seal and information fields that are not clean text") {
  WriterOptions badTime = fixedOptions();
  badTime.created = "2024-3-1T1:2:3Z";
  CHECK(writerError(badTime) == ErrorCode::kInvalidArgument);
  WriterOptions zone = fixedOptions();
  zone.created = "2024-03-01T12:00:00+09:00";
  CHECK(writerError(zone) == ErrorCode::kInvalidArgument);
  WriterOptions february = fixedOptions();
  february.created = "2024-02-31T12:00:00Z";
  CHECK(writerError(february) == ErrorCode::kInvalidArgument);
  WriterOptions leap = fixedOptions();
  leap.created = "2024-02-29T23:59:60Z";
  CHECK(writerError(leap) == ErrorCode::kInvalidArgument);
  WriterOptions nul = fixedOptions();
  nul.title = std::string("title\0with NUL", 14);
  CHECK(writerError(nul) == ErrorCode::kInvalidArgument);
  WriterOptions latin1 = fixedOptions();
  latin1.description = "caf\xe9";
  CHECK(writerError(latin1) == ErrorCode::kInvalidArgument);
  WriterOptions twice = fixedOptions();
  twice.extra = {{"k", "1"}, {"k", "2"}};
  CHECK(writerError(twice) == ErrorCode::kInvalidArgument);
  WriterOptions newline = fixedOptions();
  newline.bundleId = "urn:x\ny";
  CHECK(writerError(newline) == ErrorCode::kInvalidArgument);
}

TEST_CASE("a signer text minisign could not read back is refused before any data is written") {
  KeyPair keys = generateKeyPair();
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), fixedOptions());
  CHECK_THROWS_AS(writer.addSigner(keys.secretKey, std::string(9000, 'x')), Error);
  CHECK_THROWS_AS(writer.addSigner(keys.secretKey, "tab\there"), Error);
  CHECK_THROWS_AS(writer.addSigner(keys.secretKey, "bad\xffutf8"), Error);
  CHECK_NOTHROW(writer.addSigner(keys.secretKey, "City Archive"));
}
