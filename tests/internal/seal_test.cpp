// The tail and references (core/common/{container,seal,extent_ref}.h,
// core/write/extent_appender.h, core/read/extent_reader.h): what the writer makes, that it reads
// back the same, and which bytes the reader refuses.
#include "core/common/seal.h"

#include <archive_news/error.h>
#include <capnp/message.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/common/canonical_message.h"
#include "core/common/info_message.h"
#include "core/common/sha256.h"
#include "core/read/decompression.h"
#include "core/read/extent_reader.h"
#include "core/write/compression.h"
#include "core/write/extent_appender.h"
#include "vector_sink.h"

using namespace archive_news;
using namespace archive_news::internal;
using newsarc_test::VectorSink;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ReaderOptions kOptions;
const std::string kName = "b.newsarc";

ExtentRef someExtent(std::uint64_t offset, std::uint64_t size) {
  ExtentRef e;
  e.offset = offset;
  e.storedSize = size;
  e.rawSize = size;
  e.storedDigest.fill(0xab);
  return e;
}

internal::Seal sampleSeal(std::uint64_t sealOffset) {
  internal::Seal seal;
  seal.bundleId = "urn:uuid:8d0c5e4e-6a51-4f5e-9a8e-3f1c2b7d9e10";
  seal.created = "2026-12-06T12:00:00Z";
  seal.contentCount = 2;
  seal.clusterCount = 1;
  seal.rawBytes = 9000;
  seal.storedBytes = 4000;
  seal.schema = someExtent(32, 800);
  seal.info = someExtent(832, 40);
  seal.dictionary = someExtent(872, 1000);
  seal.extents = {someExtent(1872, 100), 1, 5};
  seal.index = {someExtent(sealOffset - 200, 197), 2, 3};
  return seal;
}

const Header kHeader{internal::kFormatMajor, internal::kFormatMinor};

internal::Seal decode(const Bytes& bytes, std::uint64_t offset = 4096) {
  return internal::decodeSeal(bytes, internal::SealPlace{kName, offset, kHeader}, kOptions);
}

std::string failure(const std::function<void()>& fn) {
  try {
    fn();
    return "accepted";
  } catch (const Error& e) {
    return e.what();
  }
}

}  // namespace

TEST_CASE("a seal round-trips through its canonical bytes") {
  const internal::Seal seal = sampleSeal(4096);
  const Bytes bytes = internal::encodeSeal(seal);
  CHECK(bytes.size() % 8 == 0);
  CHECK(bytes.size() <= internal::kMaxSealSize);
  CHECK(decode(bytes) == seal);

  internal::Seal appended = seal;
  appended.sequence = 1;
  appended.previousSeal = internal::SealRef{1024, 512, sha256(bytes), 1024};
  appended.dictionary.reset();
  CHECK(decode(internal::encodeSeal(appended)) == appended);
}

TEST_CASE("the longest seal a writer may make stays far under 4 KiB") {
  internal::Seal seal = sampleSeal(4096);
  seal.bundleId = std::string(internal::kMaxBundleIdSize, 'x');
  seal.sequence = 0xffffffff;
  seal.previousSeal = internal::SealRef{1024, 4096, {}};
  seal.index.count = seal.extents.count = ~std::uint64_t{0};
  seal.contentCount = seal.clusterCount = ~std::uint64_t{0};
  const Bytes bytes = internal::encodeSeal(seal);
  MESSAGE("largest seal: " << bytes.size() << " bytes");
  CHECK(bytes.size() <= 1024);
}

TEST_CASE("the writer refuses a seal a reader would refuse") {
  const auto refused = [](const std::function<void(internal::Seal&)>& change) {
    internal::Seal seal = sampleSeal(4096);
    change(seal);
    try {
      internal::encodeSeal(seal);
      return std::string("accepted");
    } catch (const Error& e) {
      CHECK(e.code() == ErrorCode::kInvalidArgument);
      return std::string(e.what());
    }
  };
  CHECK(refused([](internal::Seal& s) { s.bundleId.clear(); }).find("empty") != std::string::npos);
  CHECK(refused([](internal::Seal& s) { s.bundleId = std::string(257, 'x'); }).find("257 bytes") !=
        std::string::npos);
  CHECK(refused([](internal::Seal& s) { s.bundleId = "a\tb"; }).find("control") !=
        std::string::npos);
  CHECK(refused([](internal::Seal& s) { s.bundleId = "a\xff"; }).find("UTF-8") !=
        std::string::npos);
  for (const char* time : {"2026-12-06T12:00:00+00:00", "2026-12-06t12:00:00Z",
                           "2026-13-06T12:00:00Z", "2026-12-06T12:00Z", "2026-12-06"}) {
    CHECK(refused([&](internal::Seal& s) { s.created = time; }).find("created time") !=
          std::string::npos);
  }
  CHECK(refused([](internal::Seal& s) { s.sequence = 1; }).find("without a previous seal") !=
        std::string::npos);
  CHECK(refused([](internal::Seal& s) {
          s.previousSeal = internal::SealRef{};
        }).find("with a previous") != std::string::npos);
  CHECK(refused([](internal::Seal& s) { s.index.depth = 0; }).find("depth 0") != std::string::npos);
  CHECK(refused([](internal::Seal& s) { s.extents.depth = 17; }).find("depth 17") !=
        std::string::npos);
}

TEST_CASE("the reader checks the seal against the header and the layout") {
  const Bytes bytes = internal::encodeSeal(sampleSeal(4096));
  const Header other{2, 1};
  CHECK(failure([&] {
          internal::decodeSeal(bytes, {kName, 4096, other}, kOptions);
        }).find("version 2.0 differs from the header's 2.1") != std::string::npos);
  CHECK(failure([&] { decode(bytes, 4104); }).find("right before the seal") != std::string::npos);

  internal::Seal compressedDictionary = sampleSeal(4096);
  compressedDictionary.dictionary->compressed = true;
  compressedDictionary.dictionary->rawSize = 5000;
  CHECK(failure([&] {
          decode(internal::encodeSeal(compressedDictionary));
        }).find("the dictionary is compressed") != std::string::npos);
}

TEST_CASE("every one-byte change of a seal is refused or reads as another seal") {
  const internal::Seal seal = sampleSeal(4096);
  const Bytes bytes = internal::encodeSeal(seal);
  int refused = 0;
  int unusedBits = 0;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    for (std::uint8_t flip : {0x01, 0x80, 0xff}) {
      Bytes changed = bytes;
      changed[i] ^= flip;
      std::optional<internal::Seal> read;
      try {
        read = decode(changed);
      } catch (const Error& e) {
        CHECK((e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kUnsupported ||
               e.code() == ErrorCode::kLimitExceeded));
        CHECK(e.offset() >= 4096);
        CHECK(e.offset() < 4096 + bytes.size());
        ++refused;
        // Bits of a data word that no field of 2.0 uses: canonical, yet not this seal.
        if (std::string(e.what()).find("holds bits no field of format 2.0 uses") !=
            std::string::npos) {
          ++unusedBits;
        }
      }
      if (read) CHECK(*read != seal);
    }
  }
  MESSAGE(refused << " of " << bytes.size() * 3 << " changes refused");
  CHECK(unusedBits > 0);
  for (std::size_t size = 0; size < bytes.size(); size += 8) {
    CHECK_THROWS_AS(decode(Bytes(bytes.begin(), bytes.begin() + size)), Error);
  }
}

namespace {

// A bundle's tail around a data region of `dataSize` bytes: header, zeros, seal, a stand-in
// signature section, footer.
Bytes tailFile(std::uint64_t dataSize, internal::Footer* footerOut = nullptr) {
  Bytes file;
  const auto header = internal::encodeHeader();
  file.assign(header.begin(), header.end());
  file.resize(kHeaderSize + dataSize);
  internal::Footer footer;
  footer.sealOffset = file.size();
  const Bytes seal = internal::encodeSeal(sampleSeal(footer.sealOffset));
  footer.sealSize = seal.size();
  footer.sealDigest = sha256(seal);
  file.insert(file.end(), seal.begin(), seal.end());
  const Bytes signatures(24, 0);
  footer.signaturesOffset = file.size();
  footer.signaturesSize = signatures.size();
  footer.signaturesDigest = sha256(signatures);
  file.insert(file.end(), signatures.begin(), signatures.end());
  footer.timestampsOffset = file.size();
  footer.timestampsDigest = sha256({});
  const auto encoded = internal::encodeFooter(footer);
  file.insert(file.end(), encoded.begin(), encoded.end());
  if (footerOut != nullptr) *footerOut = footer;
  return file;
}

internal::Footer decodeTail(const Bytes& file) {
  const Header header = internal::decodeHeader(file, kName);
  return internal::decodeFooter(file, header, kName);
}

}  // namespace

TEST_CASE("a footer round-trips and fixes every offset and size") {
  internal::Footer written;
  const Bytes file = tailFile(256, &written);
  const internal::Footer read = decodeTail(file);
  CHECK(read.sealOffset == written.sealOffset);
  CHECK(read.sealSize == written.sealSize);
  CHECK(read.signaturesOffset == written.signaturesOffset);
  CHECK(read.signaturesSize == written.signaturesSize);
  CHECK(read.timestampsOffset == file.size() - internal::kFooterSize);
  CHECK(read.timestampsSize == 0);
  CHECK(read.sealDigest == written.sealDigest);
  CHECK(read.signaturesDigest == written.signaturesDigest);
  CHECK(read.timestampsDigest == written.timestampsDigest);
  CHECK(internal::decodeSeal(std::span(file).subspan(read.sealOffset, read.sealSize),
                             {kName, read.sealOffset, Header{2, 0}},
                             kOptions) == sampleSeal(read.sealOffset));
}

TEST_CASE("every one-byte change of the footer's fields but the digests is refused") {
  const Bytes file = tailFile(256);
  const std::size_t at = file.size() - internal::kFooterSize;
  for (std::size_t i = 0; i < internal::kFooterSize; ++i) {
    const bool digest = i >= 48 && i < 144;
    Bytes changed = file;
    changed[at + i] ^= 0x10;
    const std::string outcome = failure([&] { decodeTail(changed); });
    CAPTURE(i);
    CAPTURE(outcome);
    CHECK((outcome == "accepted") == digest);
  }
}

TEST_CASE("another major version, a header cut short, a footer cut short are refused") {
  Bytes file = tailFile(64);
  file[12] = 1;  // a format 1 bundle's header, which no reader of format 2 reads
  CHECK(failure([&] {
          decodeHeader(file, kName);
        }).find("format major version 1; this reader supports major version 2") !=
        std::string::npos);
  file = tailFile(64);
  CHECK(failure([&] { decodeTail(Bytes(file.begin() + 8, file.end())); }).find("magic") !=
        std::string::npos);
  CHECK(failure([&] { decodeTail(Bytes(file.begin(), file.end() - 1)); }).find("footer magic") !=
        std::string::npos);
}

TEST_CASE("a timestamp section is empty or a multiple of 8 bytes, at least 16") {
  internal::Footer footer;
  Bytes file = tailFile(64, &footer);
  const std::size_t at = file.size() - internal::kFooterSize;
  // Move the footer 8 bytes on, so that the section holds 8 bytes: too few for a message.
  file.insert(file.begin() + static_cast<std::ptrdiff_t>(at), 8, 0);
  footer.timestampsSize = 8;
  footer.timestampsDigest = internal::sha256(Bytes(8, 0));
  const auto encoded = internal::encodeFooter(footer);
  std::copy(encoded.begin(), encoded.end(), file.end() - internal::kFooterSize);
  try {
    decodeTail(file);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(std::string(e.what()).find(
              "expected 0 (no timestamps) or a multiple of 8, at least 16") != std::string::npos);
  }
}

TEST_CASE("extents are written aligned, read back checked, decoded exactly") {
  Bytes file(kHeaderSize, 0);
  VectorSink sink(file);
  ExtentAppender appender(sink, file.size());
  const Bytes odd(13, 'x');
  Bytes text;
  for (int i = 0; i < 500; ++i) text.insert(text.end(), {'n', 'e', 'w', 's', ' '});
  Compressor compressor(3);
  const ExtentRef first = appender.appendRaw(odd);
  const ExtentRef second = appender.appendCompressible(text, compressor, nullptr);
  const ExtentRef third = appender.appendCompressible(odd, compressor, nullptr);
  appender.pad();
  CHECK(first.offset == 32);
  CHECK(second.offset == 48);
  CHECK(second.compressed);
  CHECK(second.storedSize < text.size());
  CHECK(!third.compressed);  // 13 bytes do not shrink
  CHECK(third.offset % 8 == 0);
  CHECK(file.size() % 8 == 0);
  CHECK(std::all_of(file.begin() + 45, file.begin() + 48, [](std::uint8_t b) { return b == 0; }));

  const ExtentReader reader(file, kName, kHeaderSize, file.size(), kOptions);
  Decompressor decompressor;
  CHECK(reader.decode(first, 64, nullptr, decompressor, "first") == odd);
  CHECK(reader.decode(second, text.size(), nullptr, decompressor, "second") == text);
  CHECK(failure([&] {
          reader.decode(second, text.size() - 1, nullptr, decompressor, "second");
        }).find("exceeds the limit") != std::string::npos);

  ExtentRef outside = third;
  outside.offset = file.size();
  CHECK(failure([&] { reader.stored(outside, "page"); }).find("do not lie in the data region") !=
        std::string::npos);
  outside.offset = 24;
  CHECK(failure([&] { reader.stored(outside, "page"); }).find("data region") != std::string::npos);
  ExtentRef wrongDigest = second;
  wrongDigest.storedDigest[0] ^= 1;
  CHECK(failure([&] {
          reader.checked(wrongDigest, "cluster 7");
        }).find("cluster 7: stored bytes have SHA-256") != std::string::npos);
  ExtentRef needsDictionary = second;
  needsDictionary.withDictionary = true;
  CHECK(failure([&] {
          reader.decode(needsDictionary, 1 << 20, nullptr, decompressor, "c");
        }).find("the bundle has none") != std::string::npos);
  ExtentRef wrongSize = second;
  wrongSize.rawSize += 1;
  CHECK(failure([&] {
          reader.decode(wrongSize, 1 << 20, nullptr, decompressor, "c");
        }).find("c: ") != std::string::npos);
}

TEST_CASE("a reference's own rules") {
  const auto decoded = [](const std::function<void(schema::ExtentRef::Builder)>& change) {
    capnp::MallocMessageBuilder message;
    auto ref = message.initRoot<schema::ExtentRef>();
    encodeExtentRef(someExtent(64, 100), ref);
    change(ref);
    const std::string what = "page";
    return failure([&] { decodeExtentRef(ref.asReader(), RefContext{kName, 8, what}); });
  };
  CHECK(decoded([](auto) {}) == "accepted");
  CHECK(decoded([](auto r) { r.setOffset(65); }).find("not a multiple of 8") != std::string::npos);
  CHECK(decoded([](auto r) { r.setStoredSize(0); }).find("stored size is zero") !=
        std::string::npos);
  CHECK(decoded([](auto r) { r.setRawSize(99); }).find("raw size 99") != std::string::npos);
  CHECK(decoded([](auto r) { r.setWithDictionary(true); }).find("uncompressed bytes") !=
        std::string::npos);
  CHECK(decoded([](auto r) {
          r.setCompression(schema::Compression::ZSTD);
        }).find("expected a frame smaller than its raw bytes") != std::string::npos);
  CHECK(decoded([](auto r) {
          r.setCompression(schema::Compression::ZSTD);
          r.setRawSize(101);
        }) == "accepted");
  CHECK(decoded([](auto r) { r.setOffset(std::uint64_t{1} << 63); }).find("2^62") !=
        std::string::npos);
  CHECK(decoded([](auto r) {
          r.setStoredDigest(kj::heapArray<kj::byte>(31));
        }).find("31 bytes; expected 32") != std::string::npos);
  CHECK(decoded([](auto r) { r.disownStoredDigest(); }).find("0 bytes") != std::string::npos);
  CHECK(decoded([](auto r) {
          r.setCompression(static_cast<schema::Compression>(7));
        }).find("unknown compression 7") != std::string::npos);
}

TEST_CASE("the bundle information round-trips and keeps absent apart from empty") {
  internal::InfoFields info;
  info.title = "The Korea Defense Daily, June 2019";
  info.description = "";
  info.creatorTool = "newsarc 0.2.0";
  info.extra = {{"collection", "KDD"}, {"operator", "Archive \xea\xb0\x80"}};
  const Bytes bytes = internal::encodeInfo(info);
  CHECK(internal::decodeInfo(bytes, kName, 64, kOptions) == info);
  info.title.reset();
  info.description.reset();
  CHECK(internal::decodeInfo(internal::encodeInfo(info), kName, 64, kOptions) == info);
}

TEST_CASE("the bundle information's text rules hold on both sides") {
  internal::InfoFields twice;
  twice.extra = {{"k", "1"}, {"k", "2"}};
  CHECK(failure([&] { internal::encodeInfo(twice); }).find("'k' is used twice") !=
        std::string::npos);
  internal::InfoFields nul;
  nul.title = std::string("a\0b", 3);
  CHECK(failure([&] { internal::encodeInfo(nul); }).find("title: byte 1") != std::string::npos);

  // The same fields written around the encoder's check are refused by the reader.
  capnp::MallocMessageBuilder message;
  auto out = message.initRoot<schema::BundleInfo>();
  out.setCreatorTool("x");
  auto extra = out.initExtra(2);
  extra[0].setKey("k");
  extra[1].setKey("k");
  const Bytes bytes = canonicalMessage(out.asReader());
  try {
    internal::decodeInfo(bytes, kName, 64, kOptions);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(e.offset() == 64);
  }
}
