// The tail as written and read (core/write/tail_writer.h, core/read/tail_reader.h): the
// seal, its signatures and the footer round-trip, stock minisign's rules hold for the
// signatures, and every change or truncation of the tail is caught by reading it or by checking
// its signatures.
#include <archive_news/error.h>
#include <archive_news/secret_key.h>
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "core/read/tail_reader.h"
#include "core/signature/minisign.h"
#include "core/write/tail_writer.h"
#include "vector_sink.h"

using namespace archive_news;
using namespace archive_news::internal;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ReaderOptions kOptions;
const std::string kName = "t.newsarc";

struct Written {
  Bytes file;
  internal::Seal seal;
  internal::Footer footer;
};

// A bundle whose data region holds stand-ins for the schema, the information and an index root
// (the root last, as the seal requires), then the tail signed by `keys`.
Written writeBundle(const std::vector<const KeyPair*>& keys) {
  Written w;
  const auto header = internal::encodeHeader();
  w.file.assign(header.begin(), header.end());
  newsarc_test::VectorSink sink(w.file);
  ExtentAppender out(sink, w.file.size());
  const Bytes schema(301, 's'), info(24, 'i'), root(53, 'r');
  w.seal.bundleId = "urn:uuid:3f1c2b7d-9e10-4f5e-9a8e-8d0c5e4e6a51";
  w.seal.created = "2026-12-06T12:00:00Z";
  w.seal.schema = out.appendRaw(schema);
  w.seal.info = out.appendRaw(info);
  w.seal.extents = {w.seal.info, 1, 2};
  w.seal.index = {out.appendRaw(root), 1, 0};
  std::vector<internal::SealSigner> signers;
  for (const KeyPair* pair : keys) signers.push_back({pair->secretKey, "desk"});
  w.footer = internal::writeTail(out, w.seal, signers, 1765022400);
  return w;
}

std::string failure(const Bytes& file) {
  try {
    const internal::Tail tail = internal::readTail(file, kName, kOptions);
    const std::vector<Signature> signatures = internal::readSignatures(tail, kName, kOptions);
    for (SignatureCheck check : checkSignatures(signatures, tail.sealBytes)) {
      if (check != SignatureCheck::kValid) return "signature does not verify";
    }
    return "accepted";
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("a tail round-trips: seal, signatures over its bytes, footer") {
  const KeyPair first = generateKeyPair(), second = generateKeyPair();
  const Written w = writeBundle({&first, &second});
  const internal::Tail tail = internal::readTail(w.file, kName, kOptions);
  CHECK(tail.seal == w.seal);
  CHECK(tail.footer.sealOffset == alignUp(w.seal.index.root.end()));
  CHECK(tail.footer.timestampsSize == 0);
  CHECK(tail.footer.timestampsOffset + internal::kFooterSize == w.file.size());
  const std::vector<Signature> signatures = internal::readSignatures(tail, kName, kOptions);
  REQUIRE(signatures.size() == 2);
  CHECK(madeBy(signatures[0], first.publicKey));
  CHECK(madeBy(signatures[1], second.publicKey));
  CHECK(signatures[0].trustedComment ==
        "timestamp:1765022400\tbundle:" + w.seal.bundleId + "\tsigner:desk");
  for (SignatureCheck check : checkSignatures(signatures, tail.sealBytes)) {
    CHECK(check == SignatureCheck::kValid);
  }
  CHECK(failure(w.file) == "accepted");
}

TEST_CASE("an unsigned tail reads and its signature section is an empty set") {
  const Written w = writeBundle({});
  const internal::Tail tail = internal::readTail(w.file, kName, kOptions);
  CHECK(internal::readSignatures(tail, kName, kOptions).empty());
  CHECK(tail.footer.signaturesSize >= internal::kMinMessageSize);
}

TEST_CASE("the same seal and keys give the same tail, byte for byte") {
  const KeyPair keys = generateKeyPair();
  CHECK(writeBundle({&keys}).file == writeBundle({&keys}).file);
}

TEST_CASE("every one-byte change and truncation of the tail is caught") {
  const KeyPair keys = generateKeyPair();
  const Written w = writeBundle({&keys});
  int checked = 0;
  for (std::size_t i = w.footer.sealOffset; i < w.file.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80}) {
      Bytes changed = w.file;
      changed[i] ^= flip;
      CAPTURE(i);
      CHECK(failure(changed) != "accepted");
      ++checked;
    }
  }
  for (std::size_t size = 0; size < w.file.size(); size += 7) {
    CHECK(failure(Bytes(w.file.begin(), w.file.begin() + size)) != "accepted");
  }
  MESSAGE(checked << " changes of the tail, all caught");
}

TEST_CASE("a changed seal is named as such, with its offset") {
  const KeyPair keys = generateKeyPair();
  Written w = writeBundle({&keys});
  w.file[w.footer.sealOffset + 20] ^= 1;
  try {
    internal::readTail(w.file, kName, kOptions);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(e.offset() == w.footer.sealOffset);
    CHECK(std::string(e.what()).find("seal has SHA-256") != std::string::npos);
  }
}

TEST_CASE("a signature section over the reader's limit is refused before it is read") {
  const KeyPair keys = generateKeyPair();
  const Written w = writeBundle({&keys});
  ReaderOptions small;
  small.maxSignatureSectionSize = w.footer.signaturesSize - 8;
  try {
    internal::readTail(w.file, kName, small);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kLimitExceeded);
  }
}
