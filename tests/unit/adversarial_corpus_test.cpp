// The broken-file corpus tests/data/invalid/: one defect per file, each with the stage that must
// catch it and the exact error code (or verification check) and message expected, listed in
// tests/data/invalid/MANIFEST.tsv. This test checks every listed file against its expectation.
//
// The files are generated here from small valid bundles: each case takes a valid bundle apart
// (header, data region, manifest as a Cap'n Proto builder, signature records), makes exactly one
// change, and reassembles valid framing (offsets, sizes, SHA-256 digests in the footer) around it,
// so that the change is the only defect. To rebuild after a deliberate format change:
//   scripts/make-invalid-corpus.sh   (runs this test with NEWSARC_WRITE_INVALID=1)
//
// MANIFEST.tsv columns: file, stage, trusted key, expected, message substring.
//   stage open:   Bundle::open throws Error with code `expected` (errorCodeName).
//   stage read:   opens; reading everything (info, articles, images, attachments, schema,
//                 signatures) throws Error with code `expected`.
//   stage verify: verifyFile (trusting the key named, "-" for none) fails, with a failed check
//                 named `expected` whose detail holds the substring.
//   stage ok:     opens, reads everything and verifies (a newer minor version must still read).
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <archive_news/writer.h>
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

#include "../fuzz/fuzz_support.h"
#include "capnp_model.h"
#include "container.h"
#include "minisign.h"
#include "newsarc.capnp.h"
#include "sha256.h"
#include "signature_section.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

const fs::path kInvalid = fs::path(NEWSARC_SOURCE_DIR) / "tests/data/invalid";

bool writing() { return std::getenv("NEWSARC_WRITE_INVALID") != nullptr; }

// A second key, for "signed by someone else".
KeyPair otherKeyPair() {
  std::uint8_t seed[32] = {'o', 't', 'h', 'e', 'r'};
  std::uint8_t publicKey[32];
  std::uint8_t secretKey[64];
  crypto_sign_seed_keypair(publicKey, secretKey, seed);
  SecretKey secret(KeyId{0x6f, 0x74, 0x68, 0x65, 0x72, 0x6b, 0x65, 0x79}, secretKey);
  PublicKey pub = secret.publicKey();
  return {pub, std::move(secret)};
}

const std::string kNotice = [] {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "The harbour is open again from 12:00. ";
  return text;
}();

Article article(const std::string& uri) {
  Article a;
  a.uri = uri;
  a.headline = "Harbour reopens";
  a.body = {Paragraph{"The harbour reopened."}, ImageBlock{0}, AttachmentBlock{0}};
  a.images = {{"photo", "photo.png", "image/png", {}, {}, {}, {}, 2, 1, {}}};
  a.attachments = {{"notice", "notice.txt", "text/plain; charset=utf-8", {}, {}}};
  return a;
}

Bytes bundle(const std::vector<std::string>& uris, const SecretKey* key,
             const std::string& bundleId = "urn:uuid:00000000-0000-4000-8000-0000000bad01") {
  WriterOptions options = fixedOptions();
  options.bundleId = bundleId;
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), options);
  if (key != nullptr) writer.addSigner(*key, "invalid corpus");
  const Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};
  for (const auto& uri : uris) {
    Article a = article(uri);
    a.images[0].content = writer.addContent(png, "image/png");
    a.attachments[0].content = writer.addContent(toBytes(kNotice), "text/plain; charset=utf-8");
    writer.addArticle(a);
  }
  writer.finish();
  return out;
}

// A bundle taken apart, to be changed in one place and put together again.
struct Parts {
  internal::Header header;
  Bytes data;  // the file up to the manifest: header and blobs
  capnp::MallocMessageBuilder manifest;
  std::vector<Signature> signatures;

  explicit Parts(const Bytes& file) {
    header = internal::decodeHeader(file, "base");
    internal::Footer footer = internal::decodeFooter(file, header, "base");
    data.assign(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(footer.manifestOffset));
    kj::Array<capnp::word> words = kj::heapArray<capnp::word>(footer.manifestSize / 8);
    std::memcpy(words.begin(), file.data() + footer.manifestOffset, footer.manifestSize);
    capnp::FlatArrayMessageReader reader(words);
    manifest.setRoot(reader.getRoot<schema::Manifest>());
    signatures =
        internal::decodeSignatureSet({file.data() + footer.signaturesOffset, footer.signaturesSize},
                                     "base", footer.signaturesOffset, {});
  }

  schema::Manifest::Builder m() { return manifest.getRoot<schema::Manifest>(); }
  Bytes manifestBytes() { return internal::serialize(manifest); }

  // Index of the first blob of this kind and compression.
  std::uint32_t find(schema::BlobKind kind, schema::Compression compression) {
    auto blobs = m().getBlobs();
    for (std::uint32_t i = 0; i < blobs.size(); ++i) {
      if (blobs[i].getKind() == kind && blobs[i].getCompression() == compression) return i;
    }
    FAIL("no such blob");
    return 0;
  }

  // Replaces the stored bytes of one blob and lays the data region out again, updating every
  // offset, the stored size and the stored digest, so that the bytes are the only change.
  void replaceStored(std::uint32_t index, const Bytes& stored) {
    auto blobs = m().getBlobs();
    std::vector<std::uint32_t> order(blobs.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](auto a, auto b) { return blobs[a].getOffset() < blobs[b].getOffset(); });
    Bytes out(data.begin(), data.begin() + internal::kHeaderSize);
    for (std::uint32_t i : order) {
      auto blob = blobs[i];
      Bytes bytes = i == index ? stored
                               : Bytes(data.begin() + static_cast<std::ptrdiff_t>(blob.getOffset()),
                                       data.begin() + static_cast<std::ptrdiff_t>(
                                                          blob.getOffset() + blob.getStoredSize()));
      out.resize(internal::alignUp(out.size()), 0);
      blob.setOffset(out.size());
      blob.setStoredSize(bytes.size());
      if (i == index) {
        Digest d = internal::sha256(bytes);
        blob.setStoredDigest(capnp::Data::Reader(d.data(), d.size()));
      }
      out.insert(out.end(), bytes.begin(), bytes.end());
    }
    out.resize(internal::alignUp(out.size()), 0);
    data = std::move(out);
  }

  Bytes assemble(std::optional<Bytes> manifestOverride = std::nullopt,
                 std::optional<Bytes> signatureSection = std::nullopt) {
    Bytes manifestOut = manifestOverride ? *manifestOverride : manifestBytes();
    Bytes sigs = signatureSection ? *signatureSection : internal::encodeSignatureSet(signatures);
    Bytes out = data;
    auto h = internal::encodeHeader(header);
    std::copy(h.begin(), h.end(), out.begin());
    internal::Footer footer;
    footer.manifestOffset = out.size();
    footer.manifestSize = manifestOut.size();
    footer.signaturesOffset = out.size() + manifestOut.size();
    footer.signaturesSize = sigs.size();
    footer.manifestDigest = internal::sha256(manifestOut);
    footer.signaturesDigest = internal::sha256(sigs);
    footer.major = header.major;
    footer.minor = header.minor;
    out.insert(out.end(), manifestOut.begin(), manifestOut.end());
    out.insert(out.end(), sigs.begin(), sigs.end());
    auto f = internal::encodeFooter(footer);
    out.insert(out.end(), f.begin(), f.end());
    return out;
  }

  // Signs the current manifest again with this key: the result is validly signed, so the change
  // made is the only defect even for a reader that checks signatures.
  void resign(const SecretKey& key, const std::string& comment = "timestamp:0") {
    signatures = {internal::signMessage(key, manifestBytes(), comment)};
  }
};

// Manifest words, for defects the builder API cannot express (Cap'n Proto pointers that lie).
struct Words {
  std::vector<std::uint64_t> w;  // the segment, without the segment table
  explicit Words(const Bytes& message) {
    REQUIRE(message.size() >= 8);
    std::uint32_t segments = 0;
    std::memcpy(&segments, message.data(), 4);
    REQUIRE(segments == 0);  // one segment, as the writer makes it
    w.resize(message.size() / 8 - 1);
    std::memcpy(w.data(), message.data() + 8, w.size() * 8);
  }
  // Word index of pointer `n` of the root struct.
  std::size_t rootPointer(unsigned n) const {
    std::uint64_t root = w[0];
    std::int32_t offset = static_cast<std::int32_t>(static_cast<std::uint32_t>(root)) >> 2;
    std::uint16_t dataWords = static_cast<std::uint16_t>(root >> 32);
    return static_cast<std::size_t>(1 + offset + dataWords + n);
  }
  static std::uint64_t listPointer(std::int32_t offset, unsigned elementSize, std::uint32_t count) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(offset) << 2) | 1) |
           (static_cast<std::uint64_t>(elementSize) << 32) |
           (static_cast<std::uint64_t>(count) << 35);
  }
  Bytes bytes() const {
    Bytes out(8 + w.size() * 8);
    std::uint32_t size = static_cast<std::uint32_t>(w.size());
    std::memcpy(out.data() + 4, &size, 4);
    std::memcpy(out.data() + 8, w.data(), w.size() * 8);
    return out;
  }
};

// A zstd frame written by hand around one raw block, so its header says exactly what a case
// needs: `descriptor` is the frame header descriptor, then the window descriptor (when not single
// segment) and `contentSize` in the number of bytes the descriptor selects.
Bytes rawZstdFrame(std::uint8_t descriptor, std::optional<std::uint8_t> window,
                   std::uint64_t contentSize, unsigned contentSizeBytes, const Bytes& content) {
  Bytes out = {0x28, 0xb5, 0x2f, 0xfd, descriptor};
  if (window) out.push_back(*window);
  for (unsigned i = 0; i < contentSizeBytes; ++i) {
    out.push_back(static_cast<std::uint8_t>(contentSize >> (8 * i)));
  }
  std::uint32_t block = 1 | (static_cast<std::uint32_t>(content.size()) << 3);  // last, raw
  for (int i = 0; i < 3; ++i) out.push_back(static_cast<std::uint8_t>(block >> (8 * i)));
  out.insert(out.end(), content.begin(), content.end());
  return out;
}

struct Case {
  std::string file;
  std::string stage;
  std::string key;  // "-", "trusted" or "other"
  std::string expected;
  std::string substring;
  Bytes bytes;
};

std::vector<Case> makeCases() {
  KeyPair trusted = newsarc_fuzz::fixedKeyPair();
  KeyPair other = otherKeyPair();
  const Bytes plain = bundle({"urn:bad:a"}, nullptr);
  const Bytes two = bundle({"urn:bad:a", "urn:bad:b"}, nullptr);
  const Bytes signedByTrusted = bundle({"urn:bad:a"}, &trusted.secretKey);
  std::vector<Case> cases;
  auto add = [&](std::string file, std::string stage, std::string key, std::string expected,
                 std::string substring, Bytes bytes) {
    cases.push_back({std::move(file), std::move(stage), std::move(key), std::move(expected),
                     std::move(substring), std::move(bytes)});
  };

  // --- Framing -------------------------------------------------------------------------------
  {
    Bytes b = plain;
    b[1] = 'X';
    add("wrong-magic.newsarc", "open", "-", "corruption", "not a newsarc bundle: expected magic",
        b);
  }
  {
    Parts p(plain);
    p.header.major = 2;
    p.m().setFormatMajor(2);
    add("major-version-2.newsarc", "open", "-", "unsupported", "format major version 2",
        p.assemble());
  }
  {
    // Format 1.1 with fields 1.0 does not know: a data word and a pointer past the Manifest
    // struct's end. Cap'n Proto readers ignore them, so the bundle must read and verify.
    Parts p(plain);
    p.header.minor = 1;
    p.m().setFormatMinor(1);
    capnp::MallocMessageBuilder bigger;
    auto oldRoot = p.manifest.getRoot<capnp::AnyStruct>().asReader();
    auto data = oldRoot.getDataSection();
    auto pointers = oldRoot.getPointerSection();
    auto root = bigger.getRoot<capnp::AnyPointer>().initAsAnyStruct(
        static_cast<std::uint16_t>(data.size() / 8 + 1),
        static_cast<std::uint16_t>(pointers.size() + 1));
    std::memcpy(root.getDataSection().begin(), data.begin(), data.size());
    root.getDataSection()[data.size()] = 0x5a;
    for (unsigned i = 0; i < pointers.size(); ++i) root.getPointerSection()[i].set(pointers[i]);
    root.getPointerSection()[pointers.size()].setAs<capnp::Text>("a field of format 1.1");
    add("minor-version-unknown-fields.newsarc", "ok", "-", "", "",
        p.assemble(internal::serialize(bigger)));
  }
  {
    Bytes b(plain.begin(), plain.end() - 1);
    add("truncated-footer.newsarc", "open", "-", "corruption", "footer magic", b);
  }
  {
    Bytes b = plain;
    b.insert(b.end(), 8, 0);
    add("trailing-bytes.newsarc", "open", "-", "corruption", "footer magic", b);
  }
  {
    Parts p(plain);
    Bytes b = p.assemble();
    std::size_t footer = b.size() - internal::kFooterSize;
    std::uint64_t huge = std::uint64_t{1} << 40;
    std::memcpy(&b[footer], &huge, 8);
    add("manifest-offset-out-of-range.newsarc", "open", "-", "corruption", "manifest offset", b);
  }
  {
    Parts p(plain);
    Bytes b = p.assemble();
    b[b.size() - internal::kFooterSize + 40] ^= 1;
    add("footer-manifest-digest-lies.newsarc", "verify", "-", "manifest-digest",
        "the footer records", b);
  }
  {
    // A gap: 8 zero bytes between the last blob and the manifest that no blob accounts for.
    Parts p(plain);
    p.data.insert(p.data.end(), 8, 0);
    add("gap-before-manifest.newsarc", "verify", "-", "blob-table", "the manifest starts at",
        p.assemble());
  }

  // --- The blob table ------------------------------------------------------------------------
  {
    Parts p(plain);
    p.m().getBlobs()[0].setOffset(std::uint64_t{1} << 40);
    add("blob-offset-out-of-range.newsarc", "verify", "-", "blob-table", "offset 1099511627776",
        p.assemble());
  }
  {
    Parts p(plain);
    auto blobs = p.m().getBlobs();
    blobs[0].setStoredSize(std::uint64_t{1} << 40);
    add("blob-length-out-of-range.newsarc", "verify", "-", "blob-table",
        "stored bytes run past the manifest", p.assemble());
  }
  {
    Parts p(plain);
    auto blobs = p.m().getBlobs();
    blobs[1].setOffset(blobs[0].getOffset());
    add("overlapping-blobs.newsarc", "verify", "-", "blob-table", "offset 32; expected",
        p.assemble());
  }
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::NONE);
    auto digest = p.m().getBlobs()[i].getDigest();
    digest[0] ^= 1;
    add("blob-digest-lies.newsarc", "verify", "-", "blob-digest", "differs from the recorded",
        p.assemble());
  }
  {
    Parts p(two);
    auto articles = p.m().getArticles();
    articles[1].setId(articles[0].getId());
    add("duplicate-article-ids.newsarc", "verify", "-", "article-index",
        "not in strictly ascending byte order", p.assemble());
  }
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::ZSTD);
    p.m().getBlobs()[i].setDictionary(99);
    add("missing-dictionary.newsarc", "read", "-", "corruption",
        "dictionary 99 is not an uncompressed blob", p.assemble());
  }

  // --- Cap'n Proto pointers ------------------------------------------------------------------
  {
    // The articles pointer is a far pointer whose landing pad is itself: a pointer loop.
    Parts p(plain);
    Words w(p.manifestBytes());
    std::size_t at = w.rootPointer(5);
    w.w[at] = 2 | (static_cast<std::uint64_t>(at) << 3);
    add("far-pointer-loop.newsarc", "verify", "-", "manifest", "FAR pointer",
        p.assemble(w.bytes()));
  }
  {
    // Amplification: 10 bytes of message claim 2^29 - 1 empty article entries.
    Parts p(plain);
    Words w(p.manifestBytes());
    std::size_t at = w.rootPointer(5);
    w.w.push_back(static_cast<std::uint64_t>((1u << 29) - 1) << 2);  // the list's tag word
    w.w[at] = Words::listPointer(static_cast<std::int32_t>(w.w.size() - 1 - (at + 1)), 7, 0);
    add("huge-list-amplification.newsarc", "verify", "-", "manifest", "traversal limit",
        p.assemble(w.bytes()));
  }
  {
    // Over-long text: the bundle id claims 2^29 - 1 bytes inside a message of a few hundred.
    Parts p(plain);
    Words w(p.manifestBytes());
    std::size_t at = w.rootPointer(0);
    w.w[at] = Words::listPointer(0, 2, (1u << 29) - 1);
    add("over-long-text.newsarc", "verify", "-", "manifest", "out-of-bounds list pointer",
        p.assemble(w.bytes()));
  }

  // --- Decompression -------------------------------------------------------------------------
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::ZSTD);
    p.replaceStored(i,
                    rawZstdFrame(0xe0, std::nullopt, std::uint64_t{1} << 40, 8, toBytes(kNotice)));
    add("zstd-declares-more.newsarc", "read", "-", "corruption", "declares 1099511627776",
        p.assemble());
  }
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::ZSTD);
    auto blob = p.m().getBlobs()[i];
    blob.setRawSize(kNotice.size() - 100);
    p.replaceStored(i, rawZstdFrame(0x80, 0x00, kNotice.size() - 100, 4, toBytes(kNotice)));
    add("zstd-produces-more.newsarc", "verify", "-", "blob-digest", "zstd frame does not decode",
        p.assemble());
  }
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::ZSTD);
    p.replaceStored(i, rawZstdFrame(0x00, 0x00, 0, 0, toBytes(kNotice)));
    add("zstd-no-content-size.newsarc", "read", "-", "corruption",
        "does not declare its content size", p.assemble());
  }
  {
    Parts p(plain);
    std::uint32_t i = p.find(schema::BlobKind::CONTENT, schema::Compression::ZSTD);
    // Window descriptor 0xa0: exponent 20, window 2^30, past the default maxWindowLog of 27.
    p.replaceStored(i, rawZstdFrame(0x80, 0xa0, kNotice.size(), 4, toBytes(kNotice)));
    add("zstd-window-too-large.newsarc", "read", "-", "corruption",
        "asks for a window of 1073741824 bytes; this reader allows at most 2^27", p.assemble());
  }

  // --- Signatures ----------------------------------------------------------------------------
  add("signed-by-other-key.newsarc", "verify", "trusted", "trusted-key",
      "no valid signature by this key", bundle({"urn:bad:a"}, &other.secretKey));
  {
    // A valid signature, but of another bundle's manifest.
    Bytes another = bundle({"urn:bad:b"}, &trusted.secretKey);
    Parts p(plain);
    p.signatures = Parts(another).signatures;
    add("signature-of-another-bundle.newsarc", "verify", "trusted", "signature",
        "does not verify against the manifest", p.assemble());
  }
  {
    Parts p(signedByTrusted);
    p.signatures.clear();
    add("signature-stripped.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", p.assemble());
  }
  {
    // Made by the other key, naming the trusted key's id: valid against the key it carries, but
    // not made by the trusted key.
    Parts p(plain);
    Signature s = internal::signMessage(other.secretKey, p.manifestBytes(), "timestamp:0");
    s.keyId = trusted.publicKey.keyId;
    p.signatures = {s};
    add("signature-key-id-collision.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", p.assemble());
  }
  {
    Parts p(signedByTrusted);
    p.signatures[0].trustedComment[0] ^= 1;
    add("signature-trusted-comment-tampered.newsarc", "verify", "trusted", "signature",
        "trusted comment or global signature has been altered", p.assemble());
  }
  {
    // An algorithm this reader does not know is reported as a passing "not checked" signature
    // and never counts for a trusted key.
    Parts p(signedByTrusted);
    p.signatures[0].algorithm = static_cast<SignatureAlgorithm>(7);
    add("signature-unknown-algorithm.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", p.assemble());
  }
  return cases;
}

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) out.push_back(field);
  if (!line.empty() && line.back() == '\t') out.push_back("");
  return out;
}

void readEverything(const Bundle& bundle) {
  bundle.info();
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
    Article a = bundle.article(i);
    for (const auto& image : a.images) bundle.read(image.content);
    for (const auto& attachment : a.attachments) bundle.read(attachment.content);
  }
  bundle.schemaText();
  bundle.signatures();
}

// What actually happens to a file at a stage, in the manifest's terms: {expected, message}.
std::pair<std::string, std::string> outcome(const fs::path& path, const std::string& stage,
                                            const std::string& key) {
  VerifyOptions options;
  if (key == "trusted") options.trustedKeys = {newsarc_fuzz::fixedKeyPair().publicKey};
  if (key == "other") options.trustedKeys = {otherKeyPair().publicKey};
  if (stage == "open" || stage == "read") {
    try {
      Bundle bundle = Bundle::open(path);
      if (stage == "read") readEverything(bundle);
      return {"", "no error"};
    } catch (const Error& e) {
      return {std::string(errorCodeName(e.code())), e.what()};
    }
  }
  VerifyReport report = verifyFile(path, options);
  if (stage == "ok") {
    try {
      readEverything(Bundle::open(path));
    } catch (const Error& e) {
      return {"read error", e.what()};
    }
    if (!report.ok()) return {report.failures().front().name, report.failures().front().detail};
    return {"", ""};
  }
  if (report.ok()) return {"", "verified"};
  return {report.failures().front().name, report.failures().front().detail};
}

}  // namespace

TEST_CASE("every file of the broken-file corpus fails exactly as its manifest says") {
  if (writing()) {
    fs::create_directories(kInvalid);
    for (const auto& entry : fs::directory_iterator(kInvalid)) {
      if (entry.path().extension() == ".newsarc") fs::remove(entry.path());
    }
    std::ofstream manifest(kInvalid / "MANIFEST.tsv", std::ios::trunc);
    manifest << "# file\tstage\ttrusted key\texpected\tmessage substring "
                "(tests/unit/adversarial_corpus_test.cpp)\n";
    for (const Case& c : makeCases()) {
      std::ofstream out(kInvalid / c.file, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(c.bytes.data()),
                static_cast<std::streamsize>(c.bytes.size()));
      manifest << c.file << '\t' << c.stage << '\t' << c.key << '\t' << c.expected << '\t'
               << c.substring << '\n';
      auto [got, message] = outcome(kInvalid / c.file, c.stage, c.key);
      MESSAGE(c.file << ": " << got << ": " << message);
    }
  }
  std::ifstream manifest(kInvalid / "MANIFEST.tsv");
  REQUIRE_MESSAGE(manifest, "missing tests/data/invalid/MANIFEST.tsv");
  std::size_t files = 0;
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = splitTabs(line);
    REQUIRE(f.size() == 5);
    ++files;
    auto [got, message] = outcome(kInvalid / f[0], f[1], f[2]);
    INFO(f[0] << " (" << f[1] << "): got " << got << ": " << message);
    CHECK(got == f[3]);
    CHECK(message.find(f[4]) != std::string::npos);
  }
  MESSAGE(files << " broken files checked");
  CHECK(files >= 25);
}
