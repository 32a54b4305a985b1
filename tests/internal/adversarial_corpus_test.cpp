// The broken-file corpus tests/data/invalid/: one defect per file, each with the stage that must
// catch it and the exact error code (or verification check) and message expected, listed in
// tests/data/invalid/MANIFEST.tsv. This test checks every listed file against its expectation.
//
// The files are generated here, never edited by hand: a small bundle is assembled piece by piece
// (the Forge below: header, content extents, schema, clusters of records, information, extent
// table, index, seal, signature section, footer) from the library's own encoders, with exactly
// one piece made wrong, and everything around it made right for it (offsets, sizes, digests of
// the extent table, the index, the seal and the footer), so that the change is the only defect.
// Defects the encoders cannot express (a Cap'n Proto pointer that lies, a field of a later
// version) are made on the message's words or through a message builder. To rebuild after a
// deliberate format change:
//   scripts/make-invalid-corpus.sh   (runs this test with NEWSARC_WRITE_INVALID=1)
//
// Each case names the rule of spec/FORMAT.md section 14.2 ("A reader MUST reject") it breaks;
// the stages and the columns of MANIFEST.tsv are described in corpus_outcome.h.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>

#include "../fuzz/fuzz_support.h"
#include "core/common/canonical_message.h"
#include "core/common/container.h"
#include "core/common/index_entry.h"
#include "core/common/info_message.h"
#include "core/common/seal.h"
#include "core/common/sha256.h"
#include "core/common/table_extent.h"
#include "core/sign/signer.h"
#include "core/signature/cms.h"
#include "core/write/capnp_encode.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "core/write/extent_page_builder.h"
#include "core/write/extent_table_writer.h"
#include "core/write/index_page_builder.h"
#include "core/write/index_tree_writer.h"
#include "core/write/record_encode.h"
#include "core/write/schema_text.h"
#include "core/write/tail_writer.h"
#include "corpus_outcome.h"
#include "newsarc.capnp.h"
#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;
namespace fs = std::filesystem;
namespace in = archive_news::internal;

namespace {

bool writing() { return std::getenv("NEWSARC_WRITE_INVALID") != nullptr; }

constexpr std::int64_t kSigningTime = 1764331200;  // 2025-11-28T12:00:00Z

const std::string kNotice = [] {
  std::string text;
  for (int i = 0; i < 20; ++i) text += "The harbour is open again from 12:00. ";
  return text;
}();
const Bytes kPng = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 1, 2, 3, 4};

Article article(const std::string& uri) {
  Article a;
  a.uri = uri;
  a.headline = "Harbour reopens";
  a.body = {Paragraph{"The harbour reopened."}, ImageBlock{0}, AttachmentBlock{0}};
  a.images = {{"photo", "photo.png", "image/png", {}, {}, {}, {}, 2, 1, {}}};
  a.attachments = {{"notice", "notice.txt", "text/plain; charset=utf-8", {}, {}}};
  return a;
}

// A framed one-segment message copied into a builder, changed by `edit`, and encoded again in
// canonical form: for values the library's encoders refuse to write.
template <typename T>
Bytes editMessage(std::span<const std::uint8_t> bytes,
                  const std::function<void(typename T::Builder)>& edit) {
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(bytes.size() / 8);
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  capnp::FlatArrayMessageReader reader(words);
  capnp::MallocMessageBuilder builder;
  builder.setRoot(reader.getRoot<T>());
  edit(builder.getRoot<T>());
  return in::canonicalMessage(builder.getRoot<T>().asReader());
}

// A message's words, for defects no builder can express (Cap'n Proto pointers that lie).
struct Words {
  std::vector<std::uint64_t> w;  // the segment, without the segment table
  explicit Words(std::span<const std::uint8_t> message) {
    REQUIRE(message.size() >= 16);
    std::uint32_t segments = 0;
    std::memcpy(&segments, message.data(), 4);
    REQUIRE(segments == 0);
    w.resize(message.size() / 8 - 1);
    std::memcpy(w.data(), message.data() + 8, w.size() * 8);
  }
  // Word index of pointer `n` of the root struct.
  std::size_t rootPointer(unsigned n) const {
    const std::uint64_t root = w[0];
    const std::int32_t offset = static_cast<std::int32_t>(static_cast<std::uint32_t>(root)) >> 2;
    const auto dataWords = static_cast<std::uint16_t>(root >> 32);
    return static_cast<std::size_t>(1 + offset + dataWords + n);
  }
  std::size_t lastRootPointer() const {
    return rootPointer(static_cast<std::uint16_t>(w[0] >> 48) - 1u);
  }
  std::size_t target(std::size_t at) const {
    const std::int32_t offset = static_cast<std::int32_t>(static_cast<std::uint32_t>(w[at])) >> 2;
    return static_cast<std::size_t>(static_cast<std::int64_t>(at) + 1 + offset);
  }
  // Makes the pointer at `at` point where the pointer at `from` points (an alias, which a
  // canonical message never holds: each object has one pointer to it, in pre-order).
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
    const auto size = static_cast<std::uint32_t>(w.size());
    std::memcpy(out.data() + 4, &size, 4);
    std::memcpy(out.data() + 8, w.data(), w.size() * 8);
    return out;
  }
};

ByteSink& headed(ByteSink& sink) {
  sink.write(internal::encodeHeader());
  return sink;
}

// A bundle assembled piece by piece, in the reference writer's order (FORMAT.md 13.2): header,
// schema, content, dictionary, clusters, information, extent table, index, tail. Each step may
// be replaced or followed by a change; every later piece is then made to agree with it.
struct Forge {
  Bytes file;
  newsarc_test::VectorSink sink{file};
  in::ExtentAppender out{headed(sink), in::kHeaderSize};
  in::Compressor compressor{3};
  std::vector<in::TableExtent> table;  // every extent but the pages, in file order
  std::vector<in::IndexEntry> entries;
  std::map<Digest, in::ExtentRef> contents;
  Bytes dictionaryBytes;
  std::optional<in::CompressionDictionary> dictionary;
  internal::Seal seal;

  Forge() {
    seal.bundleId = "urn:uuid:00000000-0000-4000-8000-0000000bad02";
    seal.created = "2026-11-28T12:00:00Z";
    seal.schema = compressible(in::schemaText(), in::ExtentKind::kSchema);
  }

  void list(const in::ExtentRef& extent, in::ExtentKind kind) {
    table.push_back({extent.offset, extent.storedSize, extent.rawSize, kind, extent.storedDigest});
  }
  in::ExtentRef put(std::span<const std::uint8_t> stored, std::uint64_t rawSize, bool compressed,
                    bool withDictionary, in::ExtentKind kind) {
    const in::ExtentRef extent = out.append(stored, rawSize, compressed, withDictionary);
    list(extent, kind);
    return extent;
  }
  in::ExtentRef compressible(std::span<const std::uint8_t> raw, in::ExtentKind kind,
                             bool withDictionary = false) {
    const in::ExtentRef extent = out.appendCompressible(
        raw, compressor, withDictionary && dictionary ? &*dictionary : nullptr);
    list(extent, kind);
    return extent;
  }

  static ContentRef refOf(std::span<const std::uint8_t> raw, const in::ExtentRef& extent) {
    return {in::sha256(raw),
            raw.size(),
            {extent.offset, extent.storedSize, extent.compressed, extent.storedDigest}};
  }
  // Content stored as given (`stored`, a frame of `raw` when compressed), named by the digest
  // of `raw`.
  ContentRef content(std::span<const std::uint8_t> raw, std::span<const std::uint8_t> stored,
                     bool compressed) {
    const in::ExtentRef extent =
        put(stored, raw.size(), compressed, false, in::ExtentKind::kContent);
    contents[in::sha256(raw)] = extent;
    return refOf(raw, extent);
  }
  ContentRef content(std::span<const std::uint8_t> raw) {
    const in::ExtentRef extent = compressible(raw, in::ExtentKind::kContent);
    contents[in::sha256(raw)] = extent;
    return refOf(raw, extent);
  }
  // The article's images and attachments get kPng and kNotice, stored once.
  Article withContent(Article a) {
    const Digest png = in::sha256(kPng);
    const Digest notice = in::sha256(toBytes(kNotice));
    for (Image& image : a.images) {
      image.content = contents.count(png) ? refOf(kPng, contents[png]) : content(kPng);
    }
    for (Attachment& attachment : a.attachments) {
      const Bytes raw = toBytes(kNotice);
      attachment.content = contents.count(notice) ? refOf(raw, contents[notice]) : content(raw);
    }
    return a;
  }

  // A dictionary trained on made-up records, stored raw and named by the seal.
  void trainDictionary() {
    std::vector<Bytes> samples;
    for (int i = 0; i < 200; ++i) {
      Article a = article("urn:bad:sample-" + std::to_string(i));
      a.images.clear();
      a.attachments.clear();
      a.body = {Paragraph{"Sample " + std::to_string(i * 7919) + " of the harbour " + kNotice}};
      samples.push_back(record(a));
    }
    std::optional<Bytes> trained = in::trainDictionary(samples, 4 << 10);
    REQUIRE(trained);
    dictionaryBytes = *trained;
    seal.dictionary =
        put(dictionaryBytes, dictionaryBytes.size(), false, false, in::ExtentKind::kDictionary);
    dictionary.emplace(dictionaryBytes, 3);
  }

  Bytes record(const Article& a) const {
    return in::encodeArticleRecord(a, [&](const ContentRef& ref) {
      const auto found = contents.find(ref.digest);
      if (found != contents.end()) return found->second;
      in::ExtentRef made;  // content not stored: a reference that reads nothing (never used)
      made.offset = ref.extent.offset;
      made.storedSize = ref.extent.storedSize;
      made.rawSize = ref.size;
      made.compressed = ref.extent.compressed;
      made.storedDigest = ref.extent.storedDigest;
      return made;
    });
  }

  // One cluster of these records (raw bytes `raw`, or the extent `stored` put already), with
  // their index entries.
  in::ExtentRef cluster(const Bytes& raw, std::vector<in::IndexEntry> of,
                        std::optional<in::ExtentRef> stored = std::nullopt) {
    const in::ExtentRef extent =
        stored ? *stored : compressible(raw, in::ExtentKind::kCluster, true);
    for (std::uint32_t k = 0; k < of.size(); ++k) {
      of[k].cluster = extent;
      of[k].recordNumber = k;
      entries.push_back(of[k]);
    }
    ++seal.clusterCount;
    return extent;
  }
  // Articles (sorted by id by the caller), one cluster each, with their content stored first.
  void articles(const std::vector<Article>& items) {
    std::vector<Article> stored;
    for (const Article& a : items) stored.push_back(withContent(a));
    for (const Article& a : stored) {
      const Bytes r = record(a);
      cluster(r, {in::indexEntryOf(a, r.size())});
    }
  }

  void info(const internal::InfoFields& fields = {"Broken", std::nullopt, "invalid corpus", {}}) {
    seal.info = compressible(internal::encodeInfo(fields), in::ExtentKind::kInfo);
  }
  void infoBytes(const Bytes& raw) { seal.info = compressible(raw, in::ExtentKind::kInfo); }

  void extentTable() {
    in::ExtentTableWriter writer(out, compressor);
    for (const in::TableExtent& e : table) {
      writer.add(e);
      seal.rawBytes += e.rawSize;
      seal.storedBytes += e.storedSize;
      if (e.kind == in::ExtentKind::kContent) ++seal.contentCount;
    }
    seal.extents = writer.finish();
  }
  void index() {
    in::IndexTreeWriter writer(out, compressor);
    for (const in::IndexEntry& e : entries) writer.add(e);
    seal.index = writer.finish();
  }
  // A page made by hand (raw bytes, compressed unless that is not smaller): the root of a tree
  // of depth 1 holding `count` items.
  in::PageTreeRef page(const Bytes& raw, std::uint64_t count) {
    return {out.appendCompressible(raw, compressor, nullptr), 1, count};
  }
  in::PageTreeRef indexLeaf(const std::vector<in::IndexEntry>& of) {
    in::IndexLeafBuilder leaf;
    for (const in::IndexEntry& e : of) leaf.add(e);
    return page(leaf.encode(), of.size());
  }

  // The tail, signed by `key` unless null.
  Bytes tail(const SecretKey* key = nullptr) {
    std::vector<internal::SealSigner> signers;
    if (key != nullptr) signers.push_back({*key, "invalid corpus"});
    internal::writeTail(out, seal, signers, kSigningTime);
    return file;
  }
  Bytes build(const SecretKey* key = nullptr) {
    extentTable();
    index();
    return tail(key);
  }
};

// A plain bundle: articles of these ids, each with the image and the attachment.
Bytes plainBundle(const std::vector<std::string>& ids, const SecretKey* key = nullptr,
                  const std::function<void(Article&)>& edit = {}) {
  Forge f;
  std::vector<Article> items;
  for (const std::string& id : ids) {
    items.push_back(article(id));
    if (edit) edit(items.back());
  }
  f.articles(items);
  f.info();
  return f.build(key);
}

// A bundle's tail taken apart: the bytes before the seal, the three sections and the footer.
struct Tail {
  Bytes data;
  Bytes seal;
  Bytes signatures;
  Bytes timestamps;
  internal::Footer footer;

  explicit Tail(const Bytes& file) {
    const in::Header header = internal::decodeHeader(file, "base");
    footer = internal::decodeFooter(file, header, "base");
    const auto piece = [&](std::uint64_t offset, std::uint64_t size) {
      return Bytes(file.begin() + static_cast<std::ptrdiff_t>(offset),
                   file.begin() + static_cast<std::ptrdiff_t>(offset + size));
    };
    data = piece(0, footer.sealOffset);
    seal = piece(footer.sealOffset, footer.sealSize);
    signatures = piece(footer.signaturesOffset, footer.signaturesSize);
    timestamps = piece(footer.timestampsOffset, footer.timestampsSize);
  }
  // Signs the seal again (after a change) with `key`, or leaves it unsigned when null.
  void sign(const SecretKey* key) {
    std::vector<Signature> list;
    if (key != nullptr) {
      list.push_back(in::signMessage(
          *key, seal,
          in::makeTrustedComment(kSigningTime, "urn:uuid:00000000-0000-4000-8000-0000000bad02",
                                 "invalid corpus")));
    }
    signatures = internal::encodeSignatureSet(list);
  }
  // The file again, the footer's offsets, sizes and digests made to agree with the sections;
  // `edit` may then change the footer (and the header's version, through `header`).
  Bytes join(const std::function<void(internal::Footer&)>& edit = {}) const {
    internal::Footer f = footer;
    f.sealOffset = data.size();
    f.sealSize = seal.size();
    f.signaturesOffset = f.sealOffset + f.sealSize;
    f.signaturesSize = signatures.size();
    f.timestampsOffset = f.signaturesOffset + f.signaturesSize;
    f.timestampsSize = timestamps.size();
    f.sealDigest = in::sha256(seal);
    f.signaturesDigest = in::sha256(signatures);
    f.timestampsDigest = in::sha256(timestamps);
    if (edit) edit(f);
    Bytes out = data;
    for (const Bytes* part : {&seal, &signatures, &timestamps}) {
      out.insert(out.end(), part->begin(), part->end());
    }
    const auto encoded = internal::encodeFooter(f);
    out.insert(out.end(), encoded.begin(), encoded.end());
    return out;
  }
};

// The bundle with its seal changed by `edit` through a message builder, unsigned.
Bytes withSeal(const Bytes& file, const std::function<void(schema::Seal::Builder)>& edit) {
  Tail t(file);
  t.seal = editMessage<schema::Seal>(t.seal, edit);
  t.sign(nullptr);
  return t.join();
}

void setU16(Bytes& file, std::size_t at, std::uint16_t value) {
  file[at] = static_cast<std::uint8_t>(value);
  file[at + 1] = static_cast<std::uint8_t>(value >> 8);
}

// A zstd frame of `count` bytes `value` as one RLE block, declaring `contentSize` (single
// segment, 8-byte size field) unless `window` is given (then the window descriptor and a 4-byte
// size field); with a 1-byte dictionary id when `dictionaryId` is not 0.
Bytes rleZstdFrame(std::uint64_t contentSize, std::uint32_t count, std::uint8_t value = 'a',
                   std::optional<std::uint8_t> window = std::nullopt,
                   std::uint8_t dictionaryId = 0) {
  std::uint8_t descriptor = window ? 0x80 : 0xe0;  // 4- or 8-byte content size; single segment
  if (dictionaryId != 0) descriptor |= 0x01;
  Bytes out = {0x28, 0xb5, 0x2f, 0xfd, descriptor};
  if (window) out.push_back(*window);
  if (dictionaryId != 0) out.push_back(dictionaryId);
  for (unsigned i = 0; i < (window ? 4u : 8u); ++i) {
    out.push_back(static_cast<std::uint8_t>(contentSize >> (8 * i)));
  }
  const std::uint32_t block = 1 | (1u << 1) | (count << 3);  // last, RLE
  for (int i = 0; i < 3; ++i) out.push_back(static_cast<std::uint8_t>(block >> (8 * i)));
  out.push_back(value);
  return out;
}

// One article whose attachment is `raw`, stored as `stored` (a frame when `compressed`).
Bytes bundleWithAttachment(const Bytes& raw, const Bytes& stored, bool compressed) {
  Forge f;
  Article a = article("urn:bad:a");
  a.images.clear();
  a.body.erase(a.body.begin() + 1);
  a.attachments[0].content = f.content(raw, stored, compressed);
  const Bytes r = f.record(a);
  f.cluster(r, {in::indexEntryOf(a, r.size())});
  f.info();
  return f.build();
}

// One article whose record is `record` (made by the caller, possibly broken), entry from `a`.
Bytes bundleWithRecord(const std::function<Bytes(Forge&, Article&)>& make) {
  Forge f;
  Article a = f.withContent(article("urn:bad:a"));
  const Bytes r = make(f, a);
  f.cluster(r, {in::indexEntryOf(a, r.size())});
  f.info();
  return f.build();
}

// A later minor version's seal: a data word and a pointer past the Seal struct's end, the
// pointer filled by `fill`; header, footer and seal of minor version `minor`.
Bytes withUnknownSealField(const Bytes& base, std::uint16_t minor,
                           const std::function<void(capnp::AnyPointer::Builder)>& fill) {
  Tail t(base);
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(t.seal.size() / 8);
  std::memcpy(words.begin(), t.seal.data(), t.seal.size());
  capnp::FlatArrayMessageReader reader(words);
  capnp::MallocMessageBuilder copy;
  copy.setRoot(reader.getRoot<schema::Seal>());
  copy.getRoot<schema::Seal>().setFormatMinor(minor);
  capnp::MallocMessageBuilder bigger;
  auto oldRoot = copy.getRoot<capnp::AnyStruct>().asReader();
  auto data = oldRoot.getDataSection();
  auto pointers = oldRoot.getPointerSection();
  // Past every field of this version's Seal, whether or not the base seal sets it (canonical
  // form leaves trailing null pointers and zero words out).
  const auto known = capnp::Schema::from<schema::Seal>().getProto().getStruct();
  const unsigned dataWords = std::max<unsigned>(data.size() / 8, known.getDataWordCount());
  const unsigned pointerCount = std::max<unsigned>(pointers.size(), known.getPointerCount());
  auto root = bigger.getRoot<capnp::AnyPointer>().initAsAnyStruct(
      static_cast<std::uint16_t>(dataWords + 1), static_cast<std::uint16_t>(pointerCount + 1));
  std::memcpy(root.getDataSection().begin(), data.begin(), data.size());
  root.getDataSection()[dataWords * 8] = 0x5a;
  for (unsigned i = 0; i < pointers.size(); ++i) root.getPointerSection()[i].set(pointers[i]);
  fill(root.getPointerSection()[pointerCount]);
  t.seal = in::canonicalMessage(bigger.getRoot<capnp::AnyStruct>().asReader());
  setU16(t.data, 14, minor);
  t.sign(nullptr);
  return t.join([&](internal::Footer& f) { f.minor = minor; });
}

// The information with an unknown pointer field (a later minor version's) filled by `fill`.
Bytes withUnknownInfoField(const std::function<void(capnp::AnyPointer::Builder)>& fill) {
  Forge f;
  f.articles({article("urn:bad:a")});
  capnp::MallocMessageBuilder info;
  auto root = info.getRoot<capnp::AnyPointer>().initAsAnyStruct(0, 5);
  root.getPointerSection()[2].setAs<capnp::Text>("invalid corpus");
  fill(root.getPointerSection()[4]);
  f.infoBytes(in::canonicalMessage(info.getRoot<capnp::AnyStruct>().asReader()));
  return f.build();
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
  const Bytes plain = plainBundle({"urn:bad:a"});
  const Bytes signedByTrusted = plainBundle({"urn:bad:a"}, &trusted.secretKey);
  const std::size_t footerAt = plain.size() - internal::kFooterSize;
  std::vector<Case> cases;
  auto add = [&](std::string file, std::string stage, std::string key, std::string expected,
                 std::string substring, Bytes bytes) {
    cases.push_back({std::move(file), std::move(stage), std::move(key), std::move(expected),
                     std::move(substring), std::move(bytes)});
  };
  auto changed = [&](const std::function<void(Bytes&)>& change) {
    Bytes b = plain;
    change(b);
    return b;
  };

  // --- 14.2.1 to 14.2.6: header and footer ------------------------------------------------------
  add("file-too-short.newsarc", "open", "-", "corruption",
      "file ends after 200 bytes; a bundle has at least 224",
      Bytes(plain.begin(), plain.begin() + 200));
  add("wrong-magic.newsarc", "open", "-", "corruption",
      "offset 0: not a newsarc bundle: expected magic", changed([](Bytes& b) { b[1] = 'X'; }));
  add("major-version-3.newsarc", "open", "-", "unsupported",
      "offset 12: format major version 3; this reader supports major version 2",
      changed([&](Bytes& b) {
        setU16(b, 12, 3);
        setU16(b, footerAt + 146, 3);
      }));
  add("header-reserved-byte.newsarc", "open", "-", "corruption",
      "offset 20: header reserved byte must be zero", changed([](Bytes& b) { b[20] = 1; }));
  add("truncated.newsarc", "open", "-", "corruption", "footer magic: expected",
      Bytes(plain.begin(), plain.end() - 1));
  add("trailing-bytes.newsarc", "open", "-", "corruption", "footer magic: expected",
      changed([](Bytes& b) { b.insert(b.end(), 8, 0); }));
  add("footer-size-not-192.newsarc", "open", "-", "corruption",
      "footer size: expected 192, found 200", changed([&](Bytes& b) { b[footerAt + 176] = 200; }));
  add("footer-reserved-byte.newsarc", "open", "-", "corruption",
      "footer reserved byte must be zero", changed([&](Bytes& b) { b[footerAt + 160] = 1; }));
  add("footer-version-differs.newsarc", "open", "-", "corruption",
      "footer version 2.1 differs from header version 2.0",
      changed([&](Bytes& b) { setU16(b, footerAt + 148, 1); }));
  add("footer-digest-algorithm-2.newsarc", "open", "-", "unsupported",
      "digest algorithm 2; this reader supports 1 (SHA-256)",
      changed([&](Bytes& b) { setU16(b, footerAt + 144, 2); }));
  add("footer-seal-offset-unaligned.newsarc", "open", "-", "corruption",
      "is not a multiple of 8 after the header",
      Tail(plain).join([](internal::Footer& f) { f.sealOffset += 4; }));
  add("footer-seal-over-4096.newsarc", "open", "-", "corruption",
      "seal size 4104; expected a multiple of 8 from 16 to 4096",
      Tail(plain).join([](internal::Footer& f) { f.sealSize = 4104; }));
  add("footer-sections-not-adjacent.newsarc", "open", "-", "corruption", "(right after the seal)",
      Tail(plain).join([](internal::Footer& f) { f.signaturesOffset += 8; }));
  add("footer-signatures-size-unaligned.newsarc", "open", "-", "corruption",
      "signature section size 36; expected a multiple of 8",
      Tail(plain).join([](internal::Footer& f) { f.signaturesSize += 4; }));
  add("footer-timestamps-offset-wrong.newsarc", "open", "-", "corruption",
      "expected 8024 (right after the signature section)",
      Tail(plain).join([](internal::Footer& f) { f.timestampsOffset += 8; }));
  add("footer-timestamps-size-wrong.newsarc", "open", "-", "corruption",
      "timestamp section size 8; expected 0",
      Tail(plain).join([](internal::Footer& f) { f.timestampsSize = 8; }));

  // --- 14.2.7 to 14.2.9: the sections of the tail --------------------------------------------
  {
    Tail t(plain);
    // A canonical TimestampSet of no timestamp: the root a struct of no size.
    t.timestamps = {0, 0, 0, 0, 1, 0, 0, 0, 0xfc, 0xff, 0xff, 0xff, 0, 0, 0, 0};
    add("timestamp-section-empty-set.newsarc", "verify", "-", "timestamp-section",
        "expected an empty section instead", t.join());
  }
  {
    Tail t(plain);
    t.signatures.assign((std::size_t{1} << 20) + 8, 0);
    add("signature-section-over-limit.newsarc", "open", "-", "limit exceeded",
        "signature section of 1048584 bytes exceeds the limit of 1048576", t.join());
  }
  add("seal-digest-lies.newsarc", "open", "-", "corruption", "seal has SHA-256",
      Tail(plain).join([](internal::Footer& f) { f.sealDigest[0] ^= 1; }));
  add("timestamps-digest-lies.newsarc", "open", "-", "corruption", "timestamp section has SHA-256",
      Tail(plain).join([](internal::Footer& f) { f.timestampsDigest[0] ^= 1; }));
  add("signatures-digest-lies.newsarc", "read", "-", "corruption", "signature section has SHA-256",
      Tail(signedByTrusted).join([](internal::Footer& f) { f.signaturesDigest[0] ^= 1; }));

  // --- 14.2.10: messages ---------------------------------------------------------------------
  {
    Tail t(plain);
    t.seal[0] = 1;  // two segments
    add("seal-two-segments.newsarc", "open", "-", "corruption",
        "seal has 2 segments; expected a canonical message of one segment", t.join());
  }
  {
    Tail t(plain);
    t.seal.insert(t.seal.end(), 8, 0);  // a word after the message, inside the seal's span
    add("seal-trailing-word.newsarc", "open", "-", "corruption",
        "the segment fills the message exactly", t.join());
  }
  {
    // The bundle id is a far pointer whose landing pad is itself: a loop, and no canonical
    // message holds a far pointer.
    Tail t(plain);
    Words w(t.seal);
    const std::size_t at = w.rootPointer(0);
    w.w[at] = 2 | (static_cast<std::uint64_t>(at) << 3);
    t.seal = w.bytes();
    add("seal-far-pointer-loop.newsarc", "open", "-", "corruption", "seal is not canonical",
        t.join());
  }
  {
    // The bundle id claims 2^29 - 1 bytes inside a message of a few hundred.
    Tail t(plain);
    Words w(t.seal);
    const std::size_t at = w.rootPointer(0);
    w.w[at] = Words::listPointer(0, 2, (1u << 29) - 1);
    t.seal = w.bytes();
    add("seal-over-long-text.newsarc", "open", "-", "corruption", "out-of-bounds list pointer",
        t.join());
  }
  {
    // Two pointers to one object: not canonical (each object has one pointer, in pre-order).
    Tail t(plain);
    Words w(t.seal);
    w.alias(w.rootPointer(1), w.rootPointer(0));  // created points at the bundle id
    t.seal = w.bytes();
    add("seal-pointer-alias.newsarc", "open", "-", "corruption", "seal is not canonical", t.join());
  }
  add("info-deep-nesting.newsarc", "read", "-", "limit exceeded", "too deeply-nested",
      withUnknownInfoField([](capnp::AnyPointer::Builder field) {
        for (int depth = 0; depth < 100; ++depth) {
          field = field.initAsAnyStruct(0, 1).getPointerSection()[0];
        }
      }));
  add("info-huge-list-amplification.newsarc", "read", "-", "limit exceeded", "traversal limit",
      withUnknownInfoField([](capnp::AnyPointer::Builder field) {
        // 2^16 structs of no size in 16 bytes: a reader that counted no words for them would
        // walk them all; the traversal limit counts each as a word.
        field.initAsListOfAnyStruct(0, 0, 1u << 16);
      }));

  // --- 14.2.11: the seal ---------------------------------------------------------------------
  add("seal-digest-algorithm-unknown.newsarc", "open", "-", "unsupported",
      "seal: digest algorithm 2; this reader supports sha256 (1)",
      withSeal(plain, [](schema::Seal::Builder s) {
        s.setDigestAlgorithm(static_cast<schema::DigestAlgorithm>(2));
      }));
  add("seal-version-differs.newsarc", "open", "-", "corruption",
      "seal: version 2.1 differs from the header's 2.0",
      withSeal(plain, [](schema::Seal::Builder s) { s.setFormatMinor(1); }));
  add("seal-bundle-id-empty.newsarc", "open", "-", "corruption", "seal: bundle id is empty",
      withSeal(plain, [](schema::Seal::Builder s) { s.setBundleId(""); }));
  add("seal-bundle-id-control-byte.newsarc", "open", "-", "corruption",
      "seal: bundle id holds a control character",
      withSeal(plain, [](schema::Seal::Builder s) { s.setBundleId("urn:bad\tid"); }));
  add("seal-created-not-utc.newsarc", "open", "-", "corruption",
      "is not of the form YYYY-MM-DDThh:mm:ssZ",
      withSeal(plain, [](schema::Seal::Builder s) { s.setCreated("2026-11-28T13:00:00+01:00"); }));
  add("seal-sequence-without-previous.newsarc", "open", "-", "corruption",
      "seal: sequence 1 without a previous seal",
      withSeal(plain, [](schema::Seal::Builder s) { s.setSequence(1); }));
  add("seal-schema-missing.newsarc", "open", "-", "corruption",
      "seal: schema or information reference is missing",
      withSeal(plain, [](schema::Seal::Builder s) { s.disownSchema(); }));
  {
    // Eight zero bytes between the index root and the seal.
    Tail t(plain);
    t.data.insert(t.data.end(), 8, 0);
    add("seal-index-root-not-last.newsarc", "open", "-", "corruption",
        "expected it right before the seal", t.join());
  }
  // A search index (FORMAT.md 5.10) is raw, named by a printable engine name.
  const auto withSearchIndex = [&](const std::string& engine, bool compressed) {
    return withSeal(plain, [=](schema::Seal::Builder s) {
      auto index = s.initSearchIndex();
      index.setExtent(s.getInfo().asReader());
      index.setEngine(engine);
      index.setDocuments(1);
      auto extent = index.getExtent();
      extent.setCompression(compressed ? schema::Compression::ZSTD : schema::Compression::NONE);
      extent.setRawSize(extent.getStoredSize() + (compressed ? 100 : 0));
    });
  };
  add("seal-search-index-compressed.newsarc", "open", "-", "corruption",
      "seal: the search index is compressed", withSearchIndex("xapian-glass-1.4", true));
  add("seal-search-index-engine-space.newsarc", "open", "-", "corruption",
      "seal: search index engine name is not 1 to 64 printable ASCII characters",
      withSearchIndex("xapian glass", false));
  add("seal-search-index-engine-empty.newsarc", "open", "-", "corruption",
      "seal: search index engine name is not 1 to 64 printable ASCII characters",
      withSearchIndex("", false));
  // The seal names an index the extent table does not list (the info extent stands in for it).
  add("search-index-not-listed.newsarc", "verify", "-", "counts",
      "0 extents of this kind in the table; expected 1",
      withSearchIndex("xapian-glass-1.4", false));
  add("seal-unknown-bits.newsarc", "open", "-", "corruption",
      "holds bits no field of format 2.0 uses",
      withUnknownSealField(plain, 0, [](capnp::AnyPointer::Builder field) {
        field.setAs<capnp::Text>("a field of format 2.1");
      }));
  // Not a defect: a seal of a later minor version with fields 2.0 does not know reads and
  // verifies (FORMAT.md 15).
  add("minor-version-unknown-fields.newsarc", "ok", "-", "", "",
      withUnknownSealField(plain, 1, [](capnp::AnyPointer::Builder field) {
        field.setAs<capnp::Text>("a field of format 2.1");
      }));

  // --- 14.2.12: signature records ------------------------------------------------------------
  {
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      auto record = set.getSignatures()[0];
      const auto keyId = record.getKeyId();
      record.setKeyId(capnp::Data::Reader(keyId.begin(), 7));
    });
    add("signature-key-id-7-bytes.newsarc", "verify", "trusted", "signature-section",
        "has the wrong length; expected 8, 32, 64 and 64 bytes", t.join());
  }
  {
    // An X.509 record (algorithm 2) holds `cms` alone.
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      auto record = set.getSignatures()[0];
      record.setAlgorithm(schema::SignatureAlgorithm::CMS_X509);
      const Bytes cms = {0x30, 0x00};
      record.setCms(capnp::Data::Reader(cms.data(), cms.size()));
    });
    add("signature-cms-with-key-id.newsarc", "verify", "trusted", "signature-section",
        "must have cms and no key id, public key, signature, trusted comment or global signature",
        t.join());
  }
  {
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      set.initSignatures(1)[0].setAlgorithm(schema::SignatureAlgorithm::CMS_X509);
    });
    add("signature-cms-missing.newsarc", "verify", "trusted", "signature-section",
        "a CMS X.509 record (algorithm 2) must have cms", t.join());
  }
  {
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      const Bytes cms = {0x30, 0x00};
      set.getSignatures()[0].setCms(capnp::Data::Reader(cms.data(), cms.size()));
    });
    add("signature-ed25519-with-cms.newsarc", "verify", "trusted", "signature-section",
        "an Ed25519 record (algorithm 1) has cms; expected it absent", t.join());
  }
  {
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      auto record = set.initSignatures(1)[0];
      record.setAlgorithm(schema::SignatureAlgorithm::CMS_X509);
      const Bytes cms(in::kMaxCmsSize + 1, 0x30);
      record.setCms(capnp::Data::Reader(cms.data(), cms.size()));
    });
    add("signature-cms-over-limit.newsarc", "verify", "trusted", "signature-section",
        "cms of 65537 bytes; expected 1 to 65536", t.join());
  }
  {
    // Well-formed as a record, but its cms is no CMS: the signature fails, nothing crashes.
    Tail t(plain);
    Signature record;
    record.algorithm = SignatureAlgorithm::kCmsX509;
    record.cms = {0x30, 0x03, 0x02, 0x01, 0x01};
    t.signatures = internal::encodeSignatureSet({record});
    add("signature-cms-not-cms.newsarc", "verify", "trusted", "signature",
        "cms is not a DER CMS ContentInfo", t.join());
  }

  // --- 14.2.13: extent references (the seal's reference to the information, stored raw) -----
  {
    Forge f;
    f.articles({article("urn:bad:a")});
    const Bytes info = internal::encodeInfo({"Broken", std::nullopt, "invalid corpus", {}});
    f.seal.info = f.put(info, info.size(), false, false, in::ExtentKind::kInfo);
    const Bytes rawInfo = f.build();
    const auto infoRef = [&](const std::function<void(schema::ExtentRef::Builder)>& edit) {
      return withSeal(rawInfo, [&](schema::Seal::Builder s) { edit(s.getInfo()); });
    };
    add("ref-offset-unaligned.newsarc", "open", "-", "corruption",
        "seal information: offset 6892 is not a multiple of 8",
        infoRef([](auto r) { r.setOffset(r.getOffset() + 4); }));
    add("ref-outside-data-region.newsarc", "read", "-", "corruption",
        "do not lie in the data region",
        infoRef([](auto r) { r.setOffset(std::uint64_t{1} << 40); }));
    add("ref-stored-size-0.newsarc", "open", "-", "corruption",
        "seal information: stored size is zero", infoRef([](auto r) { r.setStoredSize(0); }));
    add("ref-size-2-62.newsarc", "open", "-", "corruption",
        "seal information: offset or size of 2^62 or more",
        infoRef([](auto r) { r.setStoredSize(std::uint64_t{1} << 62); }));
    add("ref-raw-sizes-differ.newsarc", "open", "-", "corruption",
        "raw size 88 of uncompressed bytes; expected 80, the stored size",
        infoRef([](auto r) { r.setRawSize(r.getRawSize() + 8); }));
    add("ref-frame-not-smaller.newsarc", "open", "-", "corruption",
        "expected a frame smaller than its raw bytes",
        infoRef([](auto r) { r.setCompression(schema::Compression::ZSTD); }));
    add("ref-raw-with-dictionary.newsarc", "open", "-", "corruption",
        "uncompressed bytes marked as compressed with the dictionary",
        infoRef([](auto r) { r.setWithDictionary(true); }));
    add("ref-digest-31-bytes.newsarc", "open", "-", "corruption",
        "stored digest of 31 bytes; expected 32", infoRef([](auto r) {
          const auto digest = r.getStoredDigest();
          r.setStoredDigest(capnp::Data::Reader(digest.begin(), 31));
        }));
    add("ref-unknown-compression.newsarc", "open", "-", "unsupported",
        "seal information: unknown compression 2",
        infoRef([](auto r) { r.setCompression(static_cast<schema::Compression>(2)); }));
  }

  // --- 14.2.14 to 14.2.16: stored bytes and zstd frames --------------------------------------
  {
    // One byte of the image's stored (raw) bytes changed after it was listed and referenced.
    Forge f;
    f.articles({article("urn:bad:a")});
    f.info();
    Bytes b = f.build();
    const in::ExtentRef png = f.contents.at(in::sha256(kPng));
    b[png.offset + 4] ^= 1;
    add("stored-digest-lies.newsarc", "read", "-", "corruption", "stored bytes have SHA-256", b);
  }
  const Bytes letters(760, 'a');
  {
    Bytes frame = rleZstdFrame(760, 760);
    frame[0] = 0x29;
    add("zstd-bad-magic.newsarc", "read", "-", "corruption",
        "do not start with the zstd frame magic", bundleWithAttachment(letters, frame, true));
  }
  {
    // Single segment flag off, window descriptor 0x58 (2^21), no content size field.
    Bytes frame = {0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58};
    const std::uint32_t block = 1 | (1u << 1) | (760u << 3);
    for (int i = 0; i < 3; ++i) frame.push_back(static_cast<std::uint8_t>(block >> (8 * i)));
    frame.push_back('a');
    add("zstd-no-content-size.newsarc", "read", "-", "corruption",
        "zstd frame does not declare its content size", bundleWithAttachment(letters, frame, true));
  }
  {
    // The frame's last byte (the RLE block's value) cut off: less than one frame.
    Bytes frame = rleZstdFrame(760, 760);
    frame.pop_back();
    add("zstd-truncated-frame.newsarc", "read", "-", "corruption",
        "zstd frame is truncated or malformed", bundleWithAttachment(letters, frame, true));
  }
  add("zstd-declares-more.newsarc", "read", "-", "corruption",
      "zstd frame declares 1099511627776 bytes of content; expected 760",
      bundleWithAttachment(letters, rleZstdFrame(std::uint64_t{1} << 40, 760), true));
  {
    // A whole frame of the 760 bytes, then a second frame.
    Bytes two = rleZstdFrame(760, 760);
    const Bytes second = rleZstdFrame(8, 8);
    two.insert(two.end(), second.begin(), second.end());
    add("zstd-two-frames.newsarc", "read", "-", "corruption",
        "stored bytes hold more than one zstd frame", bundleWithAttachment(letters, two, true));
  }
  add("zstd-window-too-large.newsarc", "read", "-", "corruption",
      "asks for a window of 1073741824 bytes; this reader allows at most 2^27",
      bundleWithAttachment(letters, rleZstdFrame(760, 760, 'a', 0xa0), true));
  add("zstd-foreign-dictionary-id.newsarc", "read", "-", "corruption",
      "zstd frame names dictionary 66; expected 0",
      bundleWithAttachment(letters, rleZstdFrame(760, 760, 'a', std::nullopt, 0x42), true));
  add("zstd-produces-more.newsarc", "read", "-", "corruption", "zstd frame does not decode",
      bundleWithAttachment(letters, rleZstdFrame(760, 800), true));
  {
    // A cluster marked as made with the dictionary, in a bundle without one.
    Forge f;
    Article a = f.withContent(article("urn:bad:a"));
    const Bytes r = f.record(a);
    const Bytes frame = f.compressor.compress(r);
    f.cluster(r, {in::indexEntryOf(a, r.size())},
              f.put(frame, r.size(), true, true, in::ExtentKind::kCluster));
    f.info();
    add("dictionary-flag-without-dictionary.newsarc", "read", "-", "corruption",
        "compressed with a dictionary, but the bundle has none", f.build());
  }
  {
    // A dictionary past the most a reader loads: refused before zstd is given it.
    Forge f;
    const Bytes large(in::kMaxDictionarySize + 8, 0x5a);
    f.seal.dictionary = f.put(large, large.size(), false, false, in::ExtentKind::kDictionary);
    f.articles({article("urn:bad:a")});
    f.info();
    add("dictionary-over-limit.newsarc", "open", "-", "limit exceeded",
        "exceeds the limit of 1048576 bytes", f.build());
  }
  {
    // The index root compressed with the dictionary (pages never are).
    Forge f;
    f.trainDictionary();
    f.articles({article("urn:bad:a"), article("urn:bad:b")});
    f.info();
    f.extentTable();
    in::IndexLeafBuilder leaf;
    for (const in::IndexEntry& e : f.entries) leaf.add(e);
    const Bytes raw = leaf.encode();
    const Bytes frame = f.compressor.compress(raw, &*f.dictionary);
    REQUIRE(frame.size() < raw.size());
    f.seal.index = {f.out.append(frame, raw.size(), true, true), 1, f.entries.size()};
    add("page-with-dictionary.newsarc", "read", "-", "corruption",
        "index page: compressed with the dictionary", f.tail());
  }

  // --- 14.2.17 and 14.2.18: pages and trees --------------------------------------------------
  {
    // One leaf of 60 entries with headlines of 1,000 bytes: over the 48 KiB of a root.
    Forge f;
    std::vector<Article> items;
    for (int i = 0; i < 60; ++i) {
      Article a = article("urn:bad:" + std::to_string(100 + i));
      a.headline = std::string(1000, 'h');
      items.push_back(f.withContent(a));
    }
    Bytes raw;
    std::vector<in::IndexEntry> of;
    for (const Article& a : items) {
      const Bytes r = f.record(a);
      raw.insert(raw.end(), r.begin(), r.end());
      of.push_back(in::indexEntryOf(a, r.size()));
    }
    f.cluster(raw, of);
    f.info();
    f.extentTable();
    f.seal.index = f.indexLeaf(f.entries);
    REQUIRE(f.seal.index.root.rawSize > in::kMaxRootPageSize);
    add("index-root-over-48k.newsarc", "read", "-", "corruption",
        "index page: raw size 63048; expected at most 49152 (a root page)", f.tail());
  }
  const auto twoEntries = [&](const std::function<void(std::vector<in::IndexEntry>&)>& edit) {
    Forge f;
    f.articles({article("urn:bad:a"), article("urn:bad:b")});
    f.info();
    f.extentTable();
    std::vector<in::IndexEntry> entries = f.entries;
    edit(entries);
    f.seal.index = f.indexLeaf(entries);
    return f.tail();
  };
  add("index-ids-out-of-order.newsarc", "read", "-", "corruption",
      "expected ids strictly increasing in byte order",
      twoEntries([](auto& e) { std::swap(e[0], e[1]); }));
  add("index-duplicate-ids.newsarc", "read", "-", "corruption",
      "expected ids strictly increasing in byte order",
      twoEntries([](auto& e) { e[1].id = e[0].id; }));
  {
    Forge f;
    f.articles({article("urn:bad:a")});
    f.info();
    f.table.back().kind = static_cast<in::ExtentKind>(9);
    add("extent-table-unknown-kind.newsarc", "verify", "-", "extent-table-page",
        "of unknown kind 9", f.build());
  }
  {
    // Two listed extents that overlap: the second starts inside the first.
    Forge f;
    f.articles({article("urn:bad:a")});
    f.info();
    in::ExtentLeafBuilder leaf;
    for (std::size_t i = 0; i < f.table.size(); ++i) {
      in::TableExtent e = f.table[i];
      if (i == 1) e.offset -= 8;
      leaf.add(e);
      f.seal.rawBytes += e.rawSize;
      f.seal.storedBytes += e.storedSize;
      if (e.kind == in::ExtentKind::kContent) ++f.seal.contentCount;
    }
    f.seal.extents = f.page(leaf.encode(), f.table.size());
    f.index();
    add("extent-table-overlap.newsarc", "verify", "-", "extent-table-page",
        "starts before the previous one ends", f.tail());
  }
  {
    // Eight bytes of the data region in no listed extent or page, and not zero padding.
    Forge f;
    f.articles({article("urn:bad:a")});
    const Bytes unlisted(8, 0x5a);
    f.out.append(unlisted, unlisted.size(), false, false);
    f.info();
    add("gap-in-data-region.newsarc", "verify", "-", "coverage", "starts at 6896; expected 6888",
        f.build());
  }
  add("tree-depth-0.newsarc", "open", "-", "corruption", "seal: index depth 0; expected 1 to 16",
      withSeal(plain, [](schema::Seal::Builder s) { s.getIndex().setDepth(0); }));
  add("tree-depth-17.newsarc", "open", "-", "corruption", "seal: index depth 17; expected 1 to 16",
      withSeal(plain, [](schema::Seal::Builder s) { s.getIndex().setDepth(17); }));

  // --- 14.2.19: clusters ---------------------------------------------------------------------
  {
    // A cluster declaring 1 GiB in a frame of a few bytes: refused on its size before a byte
    // of it is decoded (the frame would not even decode to it).
    Forge f;
    Article a = f.withContent(article("urn:bad:a"));
    const Bytes r = f.record(a);
    const Bytes frame = rleZstdFrame(std::uint64_t{1} << 30, 1 << 16, 0);
    f.cluster(r, {in::indexEntryOf(a, r.size())},
              f.put(frame, std::uint64_t{1} << 30, true, false, in::ExtentKind::kCluster));
    f.info();
    add("cluster-over-limit.newsarc", "read", "-", "limit exceeded",
        "raw size 1073741824 exceeds the limit of 16777216 bytes", f.build());
  }
  const auto oneCluster = [&](const std::function<void(Bytes&)>& raw,
                              const std::function<void(Forge&)>& after = {}) {
    Forge f;
    Article a = f.withContent(article("urn:bad:a"));
    Bytes r = f.record(a);
    const in::IndexEntry entry = in::indexEntryOf(a, r.size());
    raw(r);
    f.cluster(r, {entry});
    if (after) after(f);
    f.info();
    return f.build();
  };
  add("cluster-trailing-bytes.newsarc", "verify", "-", "cluster",
      "4 trailing bytes after 1 records", oneCluster([](Bytes& r) { r.insert(r.end(), 4, 0); }));
  add("cluster-record-past-end.newsarc", "read", "-", "corruption",
      "record 0 declares 93 words; only 92 remain in the cluster",
      oneCluster([](Bytes& r) { r[4] += 1; }));
  add("cluster-record-two-segments.newsarc", "read", "-", "corruption",
      "record 0 has 2 segments; expected one segment", oneCluster([](Bytes& r) { r[0] = 1; }));
  add("cluster-record-number-past-end.newsarc", "read", "-", "corruption",
      "holds 1 records; expected at least 2 (record 1 is wanted)",
      oneCluster([](Bytes&) {}, [](Forge& f) { f.entries[0].recordNumber = 1; }));

  // --- 14.2.20 and 14.2.21: records and content ----------------------------------------------
  add("record-not-canonical.newsarc", "read", "-", "corruption", "record 0 is not canonical",
      bundleWithRecord([](Forge& f, Article& a) {
        Words w(f.record(a));
        w.w.push_back(0);  // a word no pointer reaches, inside the segment
        return w.bytes();
      }));
  add("record-content-digest-31-bytes.newsarc", "read", "-", "corruption",
      "image 0's content: digest of 31 bytes; expected 32",
      bundleWithRecord([](Forge& f, Article& a) {
        return editMessage<schema::Article>(f.record(a), [](schema::Article::Builder r) {
          auto content = r.getImages()[0].getContent();
          const auto digest = content.getDigest();
          content.setDigest(capnp::Data::Reader(digest.begin(), 31));
        });
      }));
  add("record-unknown-block.newsarc", "read", "-", "unsupported",
      "article body holds a block of kind 9, unknown to this reader",
      bundleWithRecord([](Forge& f, Article& a) {
        return editMessage<schema::Article>(f.record(a), [](schema::Article::Builder r) {
          // Block 0, a paragraph, gets the union tag 9, which 2.0 does not know.
          capnp::AnyStruct::Builder block = r.getBody()[0];
          block.getDataSection()[0] = 9;
        });
      }));
  add("record-uri-differs.newsarc", "read", "-", "corruption",
      "record 0 has uri 'urn:bad:b'; the index says 'urn:bad:a'",
      bundleWithRecord([](Forge& f, Article& a) {
        Article other = a;
        other.uri = "urn:bad:b";
        return f.record(other);
      }));
  add("content-digest-lies.newsarc", "read", "-", "corruption", "raw bytes have SHA-256",
      bundleWithRecord([](Forge& f, Article& a) {
        Article lying = a;
        lying.images[0].content.digest[0] ^= 1;
        return f.record(lying);
      }));

  // --- 14.2.22: the bundle information -------------------------------------------------------
  {
    const Bytes good = internal::encodeInfo({"Broken", std::nullopt, "invalid corpus", {}});
    const auto withInfo = [&](const std::function<void(schema::BundleInfo::Builder)>& edit) {
      Forge f;
      f.articles({article("urn:bad:a")});
      f.infoBytes(editMessage<schema::BundleInfo>(good, edit));
      return f.build();
    };
    add("info-not-utf8.newsarc", "read", "-", "corruption",
        "bundle information: title: byte 3 is not valid UTF-8",
        withInfo([](schema::BundleInfo::Builder i) {
          const char latin1[] = "caf\xe9";
          i.setTitle(capnp::Text::Reader(latin1, 4));
        }));
    add("info-extra-key-twice.newsarc", "read", "-", "corruption",
        "bundle information: extra key 'k' is used twice",
        withInfo([](schema::BundleInfo::Builder i) {
          auto extra = i.initExtra(2);
          for (unsigned k = 0; k < 2; ++k) {
            extra[k].setKey("k");
            extra[k].setValue("v");
          }
        }));
  }

  // --- Signatures (14.3, 11.1): valid messages that prove nothing for the trusted key -------
  add("signed-by-other-key.newsarc", "verify", "trusted", "trusted-key",
      "no valid signature by this key", plainBundle({"urn:bad:a"}, &other.secretKey));
  {
    // A valid signature, but of another bundle's seal.
    Tail t(plain);
    t.signatures = Tail(plainBundle({"urn:bad:b"}, &trusted.secretKey)).signatures;
    add("signature-of-another-bundle.newsarc", "verify", "trusted", "signature",
        "does not verify against the seal", t.join());
  }
  {
    Tail t(signedByTrusted);
    t.sign(nullptr);
    add("signature-stripped.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", t.join());
  }
  {
    // Made by the other key, naming the trusted key's id: valid against the key it carries,
    // but not made by the trusted key.
    Tail t(plain);
    Signature s = in::signMessage(other.secretKey, t.seal, "timestamp:0");
    s.keyId = trusted.publicKey.keyId;
    t.signatures = internal::encodeSignatureSet({s});
    add("signature-key-id-collision.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", t.join());
  }
  {
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      auto record = set.getSignatures()[0];
      std::string comment = record.getTrustedComment().cStr();
      comment[0] ^= 1;
      record.setTrustedComment(comment);
    });
    add("signature-trusted-comment-tampered.newsarc", "verify", "trusted", "signature",
        "trusted comment or global signature has been altered", t.join());
  }
  {
    // An algorithm this reader does not know is reported as a passing "not checked" signature
    // and never counts for a trusted key.
    Tail t(signedByTrusted);
    t.signatures = editMessage<schema::SignatureSet>(t.signatures, [](auto set) {
      set.getSignatures()[0].setAlgorithm(static_cast<schema::SignatureAlgorithm>(7));
    });
    add("signature-unknown-algorithm.newsarc", "verify", "trusted", "trusted-key",
        "no valid signature by this key", t.join());
  }

  // --- 14.2.23: extract ----------------------------------------------------------------------
  // Names the writer refuses, written into the record by hand: extract checks every name again,
  // refuses the article as damaged and writes nothing.
  auto badNames = [&](std::string file, const std::function<void(Article&)>& edit,
                      std::string substring) {
    add(std::move(file), "extract", "-", "corruption", std::move(substring),
        plainBundle({"urn:bad:a"}, nullptr, edit));
  };
  auto badName = [&](std::string file, const std::string& name, std::string substring) {
    badNames(
        std::move(file), [&name](Article& a) { a.images[0].fileName = name; },
        std::move(substring));
  };
  badName("extract-dotdot-name.newsarc", "../../escape.png", "has a \"..\" component");
  badName("extract-absolute-name.newsarc", "/tmp/newsarc-escape.png", "is an absolute path");
  badName("extract-nul-in-name.newsarc", std::string("photo\0.png", 10), "NUL byte at byte 5");
  badName("extract-control-bytes-in-name.newsarc", "photo\x1b[2J.png", "has a control byte");
  badName("extract-4000-byte-name.newsarc", std::string(3996, 'n') + ".png",
          "...\" is 4000 bytes long");
  badNames(
      "extract-one-name-two-contents.newsarc",
      [](Article& a) { a.attachments[0].fileName = a.images[0].fileName; },
      "\"photo.png\" names two different contents");
  badNames(
      "extract-name-is-folder-of-another.newsarc",
      [](Article& a) { a.attachments[0].fileName = a.images[0].fileName + "/notice.txt"; },
      "is both a file and the folder of");
  // Names a file system would mangle: a Windows device name in a file and a folder name, and
  // names (and ids, hence folders) that differ only in case. Valid.
  add("extract-device-names.newsarc", "extract-ok", "-", "files",
      "urn_bad_a/_aux/_com1.txt|urn_bad_a/_con.png|urn_bad_a/article.json",
      plainBundle({"urn:bad:a"}, nullptr, [](Article& a) {
        a.images[0].fileName = "con.png";
        a.attachments[0].fileName = "aux/com1.txt";
      }));
  add("extract-case-only-duplicates.newsarc", "extract-ok", "-", "files",
      "urn_bad_A/Photo.png|urn_bad_A/article.json|urn_bad_A/photo-2.png|"
      "urn_bad_a-2/Photo.png|urn_bad_a-2/article.json|urn_bad_a-2/photo-2.png",
      plainBundle({"urn:bad:A", "urn:bad:a"}, nullptr, [](Article& a) {
        a.images[0].fileName = "Photo.png";
        a.attachments[0].fileName = "photo.png";
      }));
  // Windows names beyond con.jpg (FORMAT.md 16.4): device names as article folders (from ids),
  // with a superscript digit, with spaces before the extension; names of other scripts kept.
  add("extract-windows-device-names.newsarc", "extract-ok", "-", "files",
      "_CON/_COM\xc2\xb9.jpg|_CON/_con .jpg|_CON/article.json|"
      "_lpt1.txt/_COM\xc2\xb9.jpg|_lpt1.txt/_con .jpg|_lpt1.txt/article.json",
      plainBundle({"CON", "lpt1.txt"}, nullptr, [](Article& a) {
        a.images[0].fileName = "COM\xc2\xb9.jpg";
        a.attachments[0].fileName = "con .jpg";
      }));
  add("extract-script-names.newsarc", "extract-ok", "-", "files",
      "urn_m_\xe6\x97\xa5\xe6\x9c\xac/ARTICLE-2.JSON|urn_m_\xe6\x97\xa5\xe6\x9c\xac/_CONIN$|"
      "urn_m_\xe6\x97\xa5\xe6\x9c\xac/article.json|"
      "urn_m_\xed\x95\x9c\xea\xb5\xad/ARTICLE-2.JSON|urn_m_\xed\x95\x9c\xea\xb5\xad/_CONIN$|"
      "urn_m_\xed\x95\x9c\xea\xb5\xad/article.json",
      plainBundle({"urn:m:\xe6\x97\xa5\xe6\x9c\xac", "urn:m:\xed\x95\x9c\xea\xb5\xad"}, nullptr,
                  [](Article& a) {
                    a.images[0].fileName = "ARTICLE.JSON";
                    a.attachments[0].fileName = "CONIN$";
                  }));
  add("extract-symlink-in-target.newsarc", "extract-symlink", "-", "i/o error",
      "is a symbolic link; refusing to write through or over it",
      plainBundle({"urn:bad:a"}, nullptr,
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
  CHECK(files >= 70);
}

// traversalFactor at and just past the limit. A field of format 1.1 holds a list of 64 pointers

// traversalFactor at and just past the limit. A canonical message cannot alias, but a list of
// structs of no size costs a word each to walk while it takes none: the information's field of a
// later version holds 4,000 of them in a message of a few words, so reading it needs a factor of
// some hundreds, and the default of 8 refuses it.
TEST_CASE("traversalFactor holds at the limit and refuses just past it") {
  const Bytes file = withUnknownInfoField(
      [](capnp::AnyPointer::Builder field) { field.initAsListOfAnyStruct(0, 0, 4000); });
  auto traversalProblem = [&](std::uint32_t factor) {
    ReaderOptions options;
    options.traversalFactor = factor;
    try {
      Bundle::fromMemory(file, "traversal", options).info();
    } catch (const Error& e) {
      if (std::string(e.what()).find("traversal limit") != std::string::npos) return true;
      FAIL("another error: " << e.what());
    }
    return false;
  };
  std::uint32_t needed = 1;
  while (traversalProblem(needed) && needed < 10000)
    needed = needed < 64 ? needed + 1 : needed + needed / 64;
  while (needed > 1 && !traversalProblem(needed - 1)) --needed;
  MESSAGE("reading the information needs a traversal factor of " << needed);
  CHECK(needed >= 100);
  CHECK(needed <= 4000);
  CHECK_FALSE(traversalProblem(needed));
  CHECK(traversalProblem(needed - 1));
  CHECK(traversalProblem(8));  // the default refuses it
}
