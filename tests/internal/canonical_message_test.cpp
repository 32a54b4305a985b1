// Canonical Cap'n Proto messages (core/common/canonical_message.h): what the writer makes of real
// messages, that the bytes depend on the values only, and which bytes the reader refuses.
#include "core/common/canonical_message.h"

#include <archive_news/error.h>
#include <capnp/any.h>
#include <capnp/orphan.h>
#include <capnp/serialize.h>
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "core/common/content_extent.h"
#include "core/common/sha256.h"
#include "core/read/capnp_decode.h"
#include "core/signature/signature_section.h"
#include "core/write/capnp_encode.h"

using namespace archive_news;

namespace {

using Bytes = std::vector<std::uint8_t>;

const ReaderOptions kOptions;

// Empty content: the one reference that needs no extent in a test of messages alone.
ContentRef emptyContent() {
  const internal::ExtentRef empty = internal::emptyExtent();
  return {empty.storedDigest, 0, internal::contentExtentOf(empty)};
}

Article sampleArticle() {
  Article a;
  a.uri = "urn:canonical:1";
  a.headline = "Harbour reopens";
  a.subheadlines = {"Ferries run again"};
  a.language = "en";
  a.firstcreated = "2024-03-01T09:30:00+09:00";
  a.bylines = {{"Kim Min-ji", "minji@example.org", "reporter"}};
  a.body = {Paragraph{"The harbour reopened on Friday."}, Heading{2, "Ferries"},
            Quote{"Normal traffic by evening.", "Port authority"}, ImageBlock{0}};
  a.images = {{"photo", "photo.png", "image/png", "Dawn", "Agency", std::nullopt, "Boats", 640, 480,
               emptyContent()}};
  a.keywords = {"harbour", "ferry"};
  a.extra = {{"desk", "local"}};
  return a;
}

void buildArticle(schema::Article::Builder out, const Article& article) {
  internal::buildArticle(out, article,
                         [](const ContentRef& ref) { return internal::extentOf(ref); });
}

Article readArticle(schema::Article::Reader in) {
  const std::string name = "b.newsarc";
  const std::string what = "record";
  return internal::readArticle(in, {name, 0, what}).article;
}

Bytes canonicalArticle(const Article& article) {
  capnp::MallocMessageBuilder message;
  buildArticle(message.initRoot<schema::Article>(), article);
  return internal::canonicalMessage(message.getRoot<schema::Article>().asReader());
}

// What the reader makes of the bytes: "accepted", or the error's text.
std::string outcome(const Bytes& bytes) {
  try {
    internal::CanonicalMessageView view(bytes, "b.newsarc", 4096, kOptions, "record");
    return "accepted";
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    return e.what();
  }
}

// A valid message at all (any segments, far pointers): the rejections below are about canonical
// form only.
bool validMessage(const Bytes& bytes) {
  try {
    internal::MessageView view(bytes, "b.newsarc", 4096, kOptions, "record");
    return true;
  } catch (const Error&) {
    return false;
  }
}

// A one-segment message of hand-made words.
Bytes framed(std::initializer_list<std::uint64_t> words) {
  const std::vector<std::uint64_t> segment(words);
  return internal::frameOneSegment(
      {reinterpret_cast<const capnp::word*>(segment.data()), segment.size()});
}

void putU32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (int i = 0; i < 4; ++i) bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Cap'n Proto pointers (encoding spec): kind in bits 0-1.
std::uint64_t structPointer(std::uint16_t dataWords, std::uint16_t pointers) {
  return std::uint64_t{dataWords} << 32 | std::uint64_t{pointers} << 48;  // offset 0
}
std::uint64_t farPointer(std::uint32_t landingPadWord) {
  return 2 | std::uint64_t{landingPadWord} << 3;  // segment 0, one-word landing pad
}

const std::string kNotCanonical =
    "record is not canonical (a far pointer, objects out of pre-order, trailing zero words in a "
    "struct, or a pointer that re-encodes otherwise); expected a canonical message";

}  // namespace

TEST_CASE("canonical message: an Article record reads back equal") {
  const Article article = sampleArticle();
  const Bytes bytes = canonicalArticle(article);
  CHECK(bytes[0] == 0);
  internal::CanonicalMessageView view(bytes, "b.newsarc", 0, kOptions, "record");
  CHECK(readArticle(view.root<schema::Article>()) == article);
  CHECK(internal::canonicalMessage(view.root<schema::Article>()) == bytes);
}

TEST_CASE("canonical message: a SignatureSet reads back equal") {
  Signature s;
  s.algorithm = SignatureAlgorithm::kEd25519Blake2bPrehashed;
  s.keyId = {1, 2, 3, 4, 5, 6, 7, 8};
  s.publicKey.fill(0x11);
  s.signature.fill(0x22);
  s.trustedComment = "timestamp:1700000000\tsigner:test";
  s.globalSignature.fill(0x33);
  const std::vector<Signature> signatures = {s, s};
  const Bytes plain = internal::encodeSignatureSet(signatures);
  internal::MessageView plainView(plain, "plain", 0, kOptions, "signatures");
  const Bytes bytes = internal::canonicalMessage(plainView.root<schema::SignatureSet>());
  CHECK(outcome(bytes) == "accepted");
  CHECK(internal::decodeSignatureSet(bytes, "b.newsarc", 0, kOptions) == signatures);
}

TEST_CASE("canonical message: the bytes depend on the values, not on how they were built") {
  const Bytes expected = canonicalArticle(sampleArticle());
  capnp::MallocMessageBuilder source;
  buildArticle(source.initRoot<schema::Article>(), sampleArticle());

  SUBCASE("copied into many small segments (far pointers)") {
    capnp::MallocMessageBuilder scattered(1, capnp::AllocationStrategy::FIXED_SIZE);
    scattered.setRoot(source.getRoot<schema::Article>().asReader());
    REQUIRE(scattered.getSegmentsForOutput().size() > 1);
    CHECK(internal::canonicalMessage(scattered.getRoot<schema::Article>().asReader()) == expected);
  }
  SUBCASE("fields set in another order") {
    capnp::MallocMessageBuilder first;
    auto a = first.initRoot<schema::KeyValue>();
    a.setKey("desk");
    a.setValue("local");
    capnp::MallocMessageBuilder second;
    auto b = second.initRoot<schema::KeyValue>();
    b.setValue("local");
    b.setKey("desk");
    REQUIRE(internal::serialize(first) != internal::serialize(second));
    CHECK(internal::canonicalMessage(a.asReader()) == internal::canonicalMessage(b.asReader()));
  }
  SUBCASE("an orphan made first and adopted last") {
    capnp::MallocMessageBuilder message;
    auto article = message.initRoot<schema::Article>();
    auto orphan = message.getOrphanage().newOrphanCopy(capnp::Text::Reader("urn:canonical:1"));
    buildArticle(article, sampleArticle());
    article.adoptUri(kj::mv(orphan));
    REQUIRE(internal::serialize(message) != internal::serialize(source));
    CHECK(internal::canonicalMessage(article.asReader()) == expected);
  }
}

TEST_CASE("canonical message: the framing must be one segment that fills the span") {
  const Bytes good = canonicalArticle(sampleArticle());
  const std::uint32_t words = static_cast<std::uint32_t>(good.size() / 8 - 1);
  CHECK(outcome(good) == "accepted");

  SUBCASE("two segments") {
    Bytes bytes = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // the second one empty
    putU32(bytes, 4, words);
    bytes.insert(bytes.end(), good.begin() + 8, good.end());
    CHECK(validMessage(bytes));
    CHECK(outcome(bytes) ==
          "b.newsarc: offset 4096: record has 2 segments; expected a canonical message of one "
          "segment");
  }
  SUBCASE("a trailing word") {
    Bytes bytes = good;
    bytes.resize(bytes.size() + 8);
    CHECK(outcome(bytes) == "b.newsarc: offset 4100: record declares a segment of " +
                                std::to_string(words) + " words; expected " +
                                std::to_string(words + 1) +
                                " (the segment fills the message exactly)");
  }
  SUBCASE("declared size too large or too small") {
    for (std::uint32_t declared : {words + 1, words - 1, 0u, 0xffffffffu}) {
      Bytes bytes = good;
      putU32(bytes, 4, declared);
      CHECK(outcome(bytes) == "b.newsarc: offset 4100: record declares a segment of " +
                                  std::to_string(declared) + " words; expected " +
                                  std::to_string(words) +
                                  " (the segment fills the message exactly)");
    }
  }
  SUBCASE("a length that is no multiple of 8, or too short") {
    for (std::size_t size : {good.size() - 1, std::size_t{8}, std::size_t{0}}) {
      const Bytes bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(size));
      CHECK(outcome(bytes) == "b.newsarc: offset 4096: record is " + std::to_string(size) +
                                  " bytes; expected a canonical message: a multiple of 8 bytes, "
                                  "at least 16");
    }
  }
}

TEST_CASE("canonical message: valid messages that are not canonical are refused") {
  const std::string expected = "b.newsarc: offset 4104: " + kNotCanonical;

  SUBCASE("a far pointer to the root") {
    const Bytes good = canonicalArticle(sampleArticle());
    // [far pointer -> word 1][the root pointer as landing pad][the rest as it was]
    Bytes bytes = framed({farPointer(1)});
    putU32(bytes, 4, static_cast<std::uint32_t>(good.size() / 8));
    bytes.insert(bytes.end(), good.begin() + 8, good.end());
    REQUIRE(validMessage(bytes));
    internal::MessageView view(bytes, "b.newsarc", 4096, kOptions, "record");
    CHECK(readArticle(view.root<schema::Article>()) == sampleArticle());
    CHECK(outcome(bytes) == expected);
  }
  SUBCASE("a pointer offset with its top bit set, which isCanonical() may accept") {
    // Whether capnp 0.9.2 finds this pointer out of bounds or reads it as the canonical pointer
    // depends on where the buffer lies in memory: either way the bytes are refused.
    Bytes bytes = canonicalArticle(sampleArticle());
    bytes[11] |= 0x80;  // the root pointer's offset
    const std::string refusal = outcome(bytes);
    CHECK((refusal == "b.newsarc: offset 4107: " + kNotCanonical ||
           refusal.starts_with("b.newsarc: offset 4096: record is not a valid Cap'n Proto")));
  }
  SUBCASE("a trailing zero word in the data or the pointer section") {
    CHECK(outcome(framed({structPointer(1, 0), 2})) == "accepted");
    for (const Bytes& bytes :
         {framed({structPointer(2, 0), 2, 0}), framed({structPointer(1, 1), 2, 0})}) {
      internal::MessageView view(bytes, "b.newsarc", 4096, kOptions, "record");
      CHECK(view.root<schema::Heading>().getLevel() == 2);
      CHECK(outcome(bytes) == expected);
    }
  }
  SUBCASE("objects out of pre-order") {
    capnp::MallocMessageBuilder message;
    auto pair = message.initRoot<schema::KeyValue>();
    pair.setValue("local");  // laid out before the key, which comes first in pre-order
    pair.setKey("desk");
    const Bytes bytes = internal::serialize(message);
    REQUIRE(validMessage(bytes));
    CHECK(outcome(bytes) == expected);
    CHECK(outcome(internal::canonicalMessage(pair.asReader())) == "accepted");
  }
}

// Every one-byte change of a canonical message is refused, or is another canonical message:
// never a second encoding of the same value.
TEST_CASE("canonical message: every single-byte change is refused or canonical and different") {
  const Bytes good = canonicalArticle(sampleArticle());
  int accepted = 0;
  int refused = 0;
  for (std::size_t at = 0; at < good.size(); ++at) {
    for (int value = 0; value < 256; ++value) {
      if (value == good[at]) continue;
      Bytes bytes = good;
      bytes[at] = static_cast<std::uint8_t>(value);
      try {
        internal::CanonicalMessageView view(bytes, "b.newsarc", 0, kOptions, "record");
        ++accepted;
        const Bytes again = internal::guardCapnp("b.newsarc", 0, "record", [&] {
          return internal::canonicalMessage(view.root<capnp::AnyStruct>());
        });
        if (again != bytes) FAIL_CHECK("byte " << at << " = " << value << " re-encodes otherwise");
      } catch (const Error&) {
        ++refused;
      }
    }
  }
  MESSAGE(accepted << " changes accepted, " << refused << " refused");
  CHECK(accepted > 0);
  CHECK(refused > 0);
}
