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
// The stages and the columns of MANIFEST.tsv are described in corpus_outcome.h.
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
#include <functional>
#include <map>
#include <sstream>

#include "../fuzz/fuzz_support.h"
#include "core/common/container.h"
#include "core/common/sha256.h"
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "core/signature/signature_section.h"
#include "core/write/capnp_encode.h"
#include "core/write/compression.h"
#include "corpus_outcome.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;

namespace {

bool writing() { return std::getenv("NEWSARC_WRITE_INVALID") != nullptr; }

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

// A valid bundle of these articles; `edit` may rename their files (names the writer accepts).
Bytes bundle(const std::vector<std::string>& uris, const SecretKey* key,
             const std::function<void(Article&)>& edit = {}) {
  WriterOptions options = fixedOptions();
  options.bundleId = "urn:uuid:00000000-0000-4000-8000-0000000bad01";
  Bytes out;
  BundleWriter writer(std::make_unique<MemorySink>(out), options);
  if (key != nullptr) writer.addSigner(*key, "invalid corpus");
  const Bytes png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};
  for (const auto& uri : uris) {
    Article a = article(uri);
    a.images[0].content = writer.addContent(png, "image/png");
    a.attachments[0].content = writer.addContent(toBytes(kNotice), "text/plain; charset=utf-8");
    if (edit) edit(a);
    writer.addArticle(a);
  }
  writer.finish();
  return out;
}

// A bundle taken apart, to be changed in one place and put together again.
struct Parts {
  Bytes original;
  internal::Header header;
  Bytes data;  // the file up to the manifest: header and blobs
  capnp::MallocMessageBuilder manifest;
  std::vector<Signature> signatures;

  explicit Parts(const Bytes& file) : original(file) {
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

  // Replaces the record of article `index` by the article `edit` makes of it, written by hand so
  // that it may break rules the writer enforces; stored uncompressed (or, when `compress`, as one
  // zstd frame without dictionary), with the blob table and the index entry's contentSize updated
  // to match.
  void replaceArticle(std::uint32_t index, const std::function<void(Article&)>& edit,
                      bool compress = false) {
    Article a = Bundle::fromMemory(original, "base").article(index);
    edit(a);
    capnp::MallocMessageBuilder message;
    internal::buildArticle(message.initRoot<schema::Article>(), a);
    const Bytes raw = internal::serialize(message);
    auto entry = m().getArticles()[index];
    const std::uint32_t record = entry.getRecord();
    auto blob = m().getBlobs()[record];
    entry.setContentSize(entry.getContentSize() - blob.getRawSize() + raw.size());
    const Digest digest = internal::sha256(raw);
    blob.setDigest(capnp::Data::Reader(digest.data(), digest.size()));
    blob.setRawSize(raw.size());
    blob.setDictionary(kNoBlob);
    if (compress) {
      blob.setCompression(schema::Compression::ZSTD);
      replaceStored(record, internal::Compressor(3).compress(raw));
      return;
    }
    blob.setCompression(schema::Compression::NONE);
    replaceStored(record, raw);
    m().getBlobs()[record].disownStoredDigest();  // absent for an uncompressed blob
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
  // Word index of the last pointer of the root struct.
  std::size_t lastRootPointer() const {
    return rootPointer(static_cast<std::uint16_t>(w[0] >> 48) - 1u);
  }
  // Where the struct or list pointer at `at` points.
  std::size_t target(std::size_t at) const {
    const std::int32_t offset = static_cast<std::int32_t>(static_cast<std::uint32_t>(w[at])) >> 2;
    return static_cast<std::size_t>(static_cast<std::int64_t>(at) + 1 + offset);
  }
  // Makes the pointer at `at` point where the pointer at `from` points (an alias, which a writer
  // never makes: each object has one pointer to it).
  void alias(std::size_t at, std::size_t from) {
    const auto offset = static_cast<std::int32_t>(static_cast<std::int64_t>(target(from)) -
                                                  static_cast<std::int64_t>(at) - 1);
    w[at] = (w[from] & ~std::uint64_t{0xfffffffc}) |
            (static_cast<std::uint64_t>(static_cast<std::uint32_t>(offset) << 2));
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

// Format 1.1 with fields 1.0 does not know: a data word and a pointer past the Manifest struct's
// end, the pointer filled by `fill`. Cap'n Proto readers ignore such fields, so this alone must
// read and verify.
// `rewrite`, when given, then changes the manifest's words (Words::lastRootPointer() is the field).
Bytes withUnknownField(const Bytes& base,
                       const std::function<void(capnp::AnyPointer::Builder)>& fill,
                       const std::function<void(Words&)>& rewrite = {}) {
  Parts p(base);
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
  fill(root.getPointerSection()[pointers.size()]);
  if (!rewrite) return p.assemble(internal::serialize(bigger));
  Words words(internal::serialize(bigger));
  rewrite(words);
  return p.assemble(words.bytes());
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
  add("minor-version-unknown-fields.newsarc", "ok", "-", "", "",
      withUnknownField(plain, [](capnp::AnyPointer::Builder field) {
        field.setAs<capnp::Text>("a field of format 1.1");
      }));
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
    // Two blobs that claim the same content: the writer stores identical content once.
    Parts p(plain);
    auto blobs = p.m().getBlobs();
    blobs[1].setDigest(blobs[0].getDigest());
    add("repeated-blob-digest.newsarc", "verify", "-", "blob-table",
        "another blob has the same digest", p.assemble());
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

  {
    // Deep nesting: an unknown field of format 1.1 holding a chain of 100 structs, each pointing
    // to the next, past the nesting limit of 64. Only verify's walk of every pointer reaches it.
    add("capnp-deep-nesting.newsarc", "verify", "-", "manifest", "nested",
        withUnknownField(plain, [](capnp::AnyPointer::Builder field) {
          for (int depth = 0; depth < 100; ++depth) {
            field = field.initAsAnyStruct(0, 1).getPointerSection()[0];
          }
        }));
  }

  {
    // Amplification by aliases: a chain of 48 structs, each with two pointers to the next. 400
    // bytes, but 2^48 structs to a reader that follows every pointer without a budget.
    constexpr int kDepth = 48;
    add("capnp-pointer-alias-amplification.newsarc", "verify", "-", "manifest", "traversal limit",
        withUnknownField(
            plain,
            [](capnp::AnyPointer::Builder field) {
              for (int depth = 0; depth < kDepth; ++depth) {
                field = field.initAsAnyStruct(0, 2).getPointerSection()[0];
              }
            },
            [](Words& w) {
              for (std::size_t at = w.lastRootPointer(), depth = 0; depth + 1 < kDepth; ++depth) {
                const std::size_t next = w.target(at);  // the struct's two pointers
                w.alias(next + 1, next);
                at = next;
              }
            }));
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

  // --- Article record size ------------------------------------------------------------------
  {
    // A record one word past the format's limit, a frame of a few KiB: refused on the blob
    // table's rawSize before a byte is decoded, whether read (show, extract) or verified.
    Parts p(plain);
    p.replaceArticle(
        0,
        [](Article& a) {
          capnp::MallocMessageBuilder message;
          internal::buildArticle(message.initRoot<schema::Article>(), a);
          const std::size_t base = internal::serialize(message).size();
          a.body.push_back(Paragraph{std::string(kMaxArticleRecordSize - base, 'z')});
        },
        true);
    REQUIRE(p.m().getBlobs()[p.m().getArticles()[0].getRecord()].getRawSize() >
            kMaxArticleRecordSize);
    const Bytes file = p.assemble();
    add("record-over-size-limit.newsarc", "read", "-", "limit exceeded",
        "exceeds ReaderOptions::maxRecordSize (16777216)", file);
  }
  {
    // The bundle of issue 13: a record frame of 32 KiB (RLE blocks) declaring 1 GiB of zeros,
    // digest and all correct. A reader that decoded it took 1 GB and 10-15 s.
    constexpr std::uint64_t kSize = std::uint64_t{1} << 30;
    constexpr std::uint32_t kBlock = 128 << 10;
    Bytes frame = {0x28, 0xb5, 0x2f, 0xfd, 0xc0, 0x38};  // 8-byte content size, 128 KiB window
    for (unsigned i = 0; i < 8; ++i) frame.push_back(static_cast<std::uint8_t>(kSize >> (8 * i)));
    internal::Sha256 zeros;
    const Bytes block(kBlock, 0);
    for (std::uint64_t done = 0; done < kSize; done += kBlock) {
      const bool last = done + kBlock == kSize;
      const std::uint32_t header = (last ? 1u : 0u) | (1u << 1) | (kBlock << 3);  // RLE block
      for (int i = 0; i < 3; ++i) frame.push_back(static_cast<std::uint8_t>(header >> (8 * i)));
      frame.push_back(0);
      zeros.update(block);
    }
    const Digest digest = zeros.finish();
    Parts p(plain);
    auto entry = p.m().getArticles()[0];
    const std::uint32_t record = entry.getRecord();
    auto blob = p.m().getBlobs()[record];
    entry.setContentSize(entry.getContentSize() - blob.getRawSize() + kSize);
    blob.setDigest(capnp::Data::Reader(digest.data(), digest.size()));
    blob.setRawSize(kSize);
    blob.setCompression(schema::Compression::ZSTD);
    blob.setDictionary(kNoBlob);
    p.replaceStored(record, frame);
    add("record-declares-1-gib.newsarc", "verify", "-", "article-record",
        "of 1073741824 bytes exceeds ReaderOptions::maxRecordSize (16777216)", p.assemble());
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

  // --- Extract -------------------------------------------------------------------------------
  // Names the writer refuses, written into the record by hand: extract checks every name again,
  // refuses the article as damaged and writes nothing.
  auto badName = [&](std::string file, const std::string& name, std::string substring) {
    Parts p(plain);
    p.replaceArticle(0, [&name](Article& a) { a.images[0].fileName = name; });
    add(std::move(file), "extract", "-", "corruption", std::move(substring), p.assemble());
  };
  badName("extract-dotdot-name.newsarc", "../../escape.png", "has a \"..\" component");
  badName("extract-absolute-name.newsarc", "/tmp/newsarc-escape.png", "is an absolute path");
  badName("extract-nul-in-name.newsarc", std::string("photo\0.png", 10), "NUL byte at byte 5");
  badName("extract-control-bytes-in-name.newsarc", "photo\x1b[2J.png", "has a control byte");
  badName("extract-4000-byte-name.newsarc", std::string(3996, 'n') + ".png",
          "...\" is 4000 bytes long");
  // Names a file system would mangle: a Windows device name in a file and a folder name, and
  // names (and ids, hence folders) that differ only in case. Valid, so made by the writer.
  add("extract-device-names.newsarc", "extract-ok", "-", "files",
      "urn_bad_a/_aux/_com1.txt|urn_bad_a/_con.png|urn_bad_a/article.json",
      bundle({"urn:bad:a"}, nullptr, [](Article& a) {
        a.images[0].fileName = "con.png";
        a.attachments[0].fileName = "aux/com1.txt";
      }));
  add("extract-case-only-duplicates.newsarc", "extract-ok", "-", "files",
      "urn_bad_A/Photo.png|urn_bad_A/article.json|urn_bad_A/photo-2.png|"
      "urn_bad_a-2/Photo.png|urn_bad_a-2/article.json|urn_bad_a-2/photo-2.png",
      bundle({"urn:bad:A", "urn:bad:a"}, nullptr, [](Article& a) {
        a.images[0].fileName = "Photo.png";
        a.attachments[0].fileName = "photo.png";
      }));
  // Windows names beyond con.jpg (FORMAT.md 16.4): device names as article folders (from ids),
  // with a superscript digit, with spaces before the extension; names of other scripts kept.
  add("extract-windows-device-names.newsarc", "extract-ok", "-", "files",
      "_CON/_COM\xc2\xb9.jpg|_CON/_con .jpg|_CON/article.json|"
      "_lpt1.txt/_COM\xc2\xb9.jpg|_lpt1.txt/_con .jpg|_lpt1.txt/article.json",
      bundle({"CON", "lpt1.txt"}, nullptr, [](Article& a) {
        a.images[0].fileName = "COM\xc2\xb9.jpg";
        a.attachments[0].fileName = "con .jpg";
      }));
  add("extract-script-names.newsarc", "extract-ok", "-", "files",
      "urn_m_\xe6\x97\xa5\xe6\x9c\xac/ARTICLE-2.JSON|urn_m_\xe6\x97\xa5\xe6\x9c\xac/_CONIN$|"
      "urn_m_\xe6\x97\xa5\xe6\x9c\xac/article.json|"
      "urn_m_\xed\x95\x9c\xea\xb5\xad/ARTICLE-2.JSON|urn_m_\xed\x95\x9c\xea\xb5\xad/_CONIN$|"
      "urn_m_\xed\x95\x9c\xea\xb5\xad/article.json",
      bundle({"urn:m:\xed\x95\x9c\xea\xb5\xad", "urn:m:\xe6\x97\xa5\xe6\x9c\xac"}, nullptr,
             [](Article& a) {
               a.images[0].fileName = "ARTICLE.JSON";
               a.attachments[0].fileName = "CONIN$";
             }));
  add("extract-symlink-in-target.newsarc", "extract-symlink", "-", "i/o error",
      "is a symbolic link; refusing to write through or over it",
      bundle({"urn:bad:a"}, nullptr,
             [](Article& a) { a.images[0].fileName = "photos/photo.png"; }));
  return cases;
}

}  // namespace

TEST_CASE("every file of the broken-file corpus fails exactly as its manifest says") {
  const fs::path& dir = invalidCorpusDir();
  if (writing()) {
    fs::create_directories(dir);
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() == ".newsarc") fs::remove(entry.path());
    }
    std::ofstream manifest(dir / "MANIFEST.tsv", std::ios::trunc);
    manifest << "# file\tstage\ttrusted key\texpected\tmessage substring "
                "(tests/internal/adversarial_corpus_test.cpp, stages in corpus_outcome.h)\n";
    for (const Case& c : makeCases()) {
      std::ofstream out(dir / c.file, std::ios::binary | std::ios::trunc);
      out.write(reinterpret_cast<const char*>(c.bytes.data()),
                static_cast<std::streamsize>(c.bytes.size()));
      out.close();
      manifest << c.file << '\t' << c.stage << '\t' << c.key << '\t' << c.expected << '\t'
               << c.substring << '\n';
      const auto outcome = corpusOutcome({c.file, c.stage, c.key, c.expected, c.substring});
      MESSAGE(c.file << ": " << outcome.first << ": " << outcome.second);
    }
  }
  std::size_t files = 0;
  for (const CorpusEntry& entry : readCorpusManifest()) {
    ++files;
    // Not a structured binding: clang 14 cannot capture one in INFO's lambda.
    const std::pair<std::string, std::string> outcome = corpusOutcome(entry);
    const std::string& got = outcome.first;
    const std::string& message = outcome.second;
    INFO(entry.file << " (" << entry.stage << "): got " << got << ": " << message);
    CHECK(got == entry.expected);
    CHECK(message.find(entry.substring) != std::string::npos);
  }
  MESSAGE(files << " broken files checked");
  CHECK(files >= 25);
}

// traversalFactor at and just past the limit. A field of format 1.1 holds a list of 64 pointers
// that all point to one struct of 256 words: verify's walk of every pointer reads the struct 64
// times, about 16 400 words, in a manifest of about 430, so it needs a factor of about 39.
TEST_CASE("traversalFactor holds at the limit and refuses just past it") {
  constexpr unsigned kAliases = 64;
  const Bytes file = withUnknownField(
      bundle({"urn:bad:a"}, nullptr),
      [](capnp::AnyPointer::Builder field) {
        auto list = field.initAsAnyList(capnp::ElementSize::POINTER, kAliases)
                        .as<capnp::List<capnp::AnyPointer>>();
        list[0].initAsAnyStruct(256, 0);
      },
      [](Words& w) {
        const std::size_t first = w.target(w.lastRootPointer());
        for (std::size_t i = 1; i < kAliases; ++i) w.alias(first + i, first);
      });
  auto traversalProblem = [&](std::uint32_t factor) {
    ReaderOptions options;
    options.traversalFactor = factor;
    for (const Check& check : verifyMemory(file, "traversal", {}, options).failures()) {
      if (check.detail.find("traversal limit") != std::string::npos) return true;
    }
    return false;
  };
  std::uint32_t needed = 1;
  while (traversalProblem(needed) && needed < 1000) ++needed;
  MESSAGE("verify needs a traversal factor of " << needed);
  CHECK(needed >= 30);
  CHECK(needed <= 40);
  CHECK_FALSE(traversalProblem(needed));
  CHECK(traversalProblem(needed - 1));
  CHECK(traversalProblem(8));  // the default refuses it
}
