#include "core/common/seal.h"

#include <archive_news/error.h>
#include <capnp/message.h>

#include <algorithm>

#include "core/common/canonical_message.h"
#include "core/common/capnp_text.h"
#include "util/utf8.h"

namespace archive_news::internal {
namespace {

// What is wrong with a bundle id, or nothing: printable UTF-8 of 1 to 256 bytes.
std::optional<std::string> bundleIdProblem(std::string_view id) {
  if (id.empty()) return "bundle id is empty";
  if (id.size() > kMaxBundleIdSize) {
    return "bundle id of " + std::to_string(id.size()) + " bytes; at most " +
           std::to_string(kMaxBundleIdSize) + " allowed";
  }
  if (invalidTextOffset(id) != kValidText) return "bundle id is not valid UTF-8 text";
  if (std::any_of(id.begin(), id.end(), [](char c) {
        const auto b = static_cast<unsigned char>(c);
        return b < 0x20 || b == 0x7f;
      })) {
    return "bundle id holds a control character";
  }
  return std::nullopt;
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Exactly "YYYY-MM-DDThh:mm:ssZ", a valid date and time: one spelling per instant.
bool isSealTime(std::string_view text) {
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:ddZ";
  if (text.size() != kShape.size()) return false;
  for (std::size_t i = 0; i < kShape.size(); ++i) {
    if (kShape[i] == 'd' ? !isDigit(text[i]) : text[i] != kShape[i]) return false;
  }
  return isRfc3339Time(text);
}

std::optional<std::string> sealProblem(const Seal& seal) {
  if (auto problem = bundleIdProblem(seal.bundleId)) return problem;
  if (!isSealTime(seal.created)) {
    return "created time '" + seal.created + "' is not of the form YYYY-MM-DDThh:mm:ssZ";
  }
  if ((seal.sequence == 0) != !seal.previousSeal) {
    return "sequence " + std::to_string(seal.sequence) +
           (seal.previousSeal ? " with a previous seal" : " without a previous seal");
  }
  if (seal.searchIndex) {
    const std::string& engine = seal.searchIndex->engine;
    if (engine.empty() || engine.size() > kMaxSearchEngineSize ||
        std::any_of(engine.begin(), engine.end(), [](char c) { return c < 0x21 || c > 0x7e; })) {
      return "search index engine name is not 1 to " + std::to_string(kMaxSearchEngineSize) +
             " printable ASCII characters";
    }
    if (seal.searchIndex->extent.compressed) return "the search index is compressed";
  }
  for (const PageTreeRef* tree : {&seal.index, &seal.extents}) {
    if (tree->depth < 1 || tree->depth > kMaxTreeDepth) {
      return "tree depth " + std::to_string(tree->depth) + "; expected 1 to " +
             std::to_string(kMaxTreeDepth);
    }
  }
  return std::nullopt;
}

void encodeTree(const PageTreeRef& tree, schema::TreeRef::Builder out) {
  encodeExtentRef(tree.root, out.initRoot());
  out.setDepth(tree.depth);
  out.setCount(tree.count);
}

kj::ArrayPtr<const kj::byte> bytesOf(const Digest& digest) {
  return kj::arrayPtr(reinterpret_cast<const kj::byte*>(digest.data()), digest.size());
}

void encodeFields(const Seal& seal, schema::Seal::Builder out) {
  out.setFormatMajor(seal.formatMajor);
  out.setFormatMinor(seal.formatMinor);
  out.setDigestAlgorithm(schema::DigestAlgorithm::SHA256);
  out.setBundleId(toText(seal.bundleId));
  out.setCreated(toText(seal.created));
  out.setSequence(seal.sequence);
  if (seal.previousSeal) {
    auto previous = out.initPreviousSeal();
    previous.setOffset(seal.previousSeal->offset);
    previous.setSize(seal.previousSeal->size);
    previous.setDigest(bytesOf(seal.previousSeal->digest));
    previous.setTailSize(seal.previousSeal->tailSize);
  }
  out.setContentCount(seal.contentCount);
  out.setClusterCount(seal.clusterCount);
  out.setRawBytes(seal.rawBytes);
  out.setStoredBytes(seal.storedBytes);
  encodeTree(seal.index, out.initIndex());
  encodeTree(seal.extents, out.initExtents());
  if (seal.dictionary) encodeExtentRef(*seal.dictionary, out.initDictionary());
  encodeExtentRef(seal.schema, out.initSchema());
  encodeExtentRef(seal.info, out.initInfo());
  if (seal.searchIndex) {
    auto index = out.initSearchIndex();
    encodeExtentRef(seal.searchIndex->extent, index.initExtent());
    index.setEngine(toText(seal.searchIndex->engine));
    index.setDocuments(seal.searchIndex->documents);
  }
}

// Decoding: each helper throws with the seal's offset and the field it reads.
class SealDecoder {
 public:
  SealDecoder(const SealPlace& place) : place_(place) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw Error(ErrorCode::kCorruption, place_.name, place_.offset, "seal: " + why);
  }

  ExtentRef extent(schema::ExtentRef::Reader in, const std::string& field) const {
    const std::string what = "seal " + field;
    return decodeExtentRef(in, RefContext{place_.name, place_.offset, what});
  }

  PageTreeRef tree(bool present, schema::TreeRef::Reader in, const std::string& field) const {
    if (!present || !in.hasRoot()) fail(field + " is missing");
    PageTreeRef tree{extent(in.getRoot(), field + " root"), in.getDepth(), in.getCount()};
    if (tree.depth < 1 || tree.depth > kMaxTreeDepth) {
      fail(field + " depth " + std::to_string(tree.depth) + "; expected 1 to " +
           std::to_string(kMaxTreeDepth));
    }
    return tree;
  }

  std::string text(bool present, capnp::Text::Reader in, const std::string& field) const {
    if (!present) fail(field + " is missing");
    return toString(in);
  }

  SearchIndexRef searchIndex(schema::SearchIndexRef::Reader in) const {
    if (!in.hasExtent()) fail("search index extent is missing");
    return {extent(in.getExtent(), "search index"),
            text(in.hasEngine(), in.getEngine(), "search index engine"), in.getDocuments()};
  }

  SealRef previous(schema::SealRef::Reader in) const {
    SealRef ref{in.getOffset(), in.getSize(), {}, in.getTailSize()};
    if (!in.hasDigest() || in.getDigest().size() != ref.digest.size()) {
      fail("previous seal digest is not 32 bytes");
    }
    std::copy_n(in.getDigest().begin(), ref.digest.size(), ref.digest.begin());
    if (ref.offset % kAlignment != 0 || ref.offset < kHeaderSize || ref.offset >= place_.offset ||
        ref.size < kMinMessageSize || ref.size > kMaxSealSize) {
      fail("previous seal at offset " + std::to_string(ref.offset) + " of " +
           std::to_string(ref.size) + " bytes; expected an earlier, aligned seal of 16 to " +
           std::to_string(kMaxSealSize) + " bytes");
    }
    // The earlier state's seal, signature section and footer, whole, before this seal.
    const std::uint64_t minTail = std::uint64_t{ref.size} + kMinMessageSize + kFooterSize;
    if (ref.tailSize % kAlignment != 0 || ref.tailSize < minTail ||
        ref.tailSize > place_.offset - ref.offset) {
      fail("previous state's tail of " + std::to_string(ref.tailSize) + " bytes from offset " +
           std::to_string(ref.offset) + "; expected a multiple of 8 from " +
           std::to_string(minTail) + " bytes, ending before this seal");
    }
    return ref;
  }

 private:
  const SealPlace& place_;
};

void checkVersion(schema::Seal::Reader in, const SealDecoder& d, const Header& header) {
  if (in.getFormatMajor() != header.major || in.getFormatMinor() != header.minor) {
    d.fail("version " + std::to_string(in.getFormatMajor()) + "." +
           std::to_string(in.getFormatMinor()) + " differs from the header's " +
           std::to_string(header.major) + "." + std::to_string(header.minor));
  }
}

void checkAlgorithm(schema::Seal::Reader in, const SealPlace& place) {
  if (in.getDigestAlgorithm() != schema::DigestAlgorithm::SHA256) {
    throw Error(ErrorCode::kUnsupported, place.name, place.offset,
                "seal: digest algorithm " +
                    std::to_string(static_cast<unsigned>(in.getDigestAlgorithm())) +
                    "; this reader supports sha256 (1)");
  }
}

// Rules between the fields, once each is well formed.
void checkRelations(const Seal& seal, const SealDecoder& d, std::uint64_t sealOffset) {
  if (auto problem = sealProblem(seal)) d.fail(*problem);
  if (seal.dictionary && seal.dictionary->compressed) d.fail("the dictionary is compressed");
  if (seal.schema.withDictionary || seal.info.withDictionary) {
    d.fail("schema or information compressed with the dictionary");
  }
  // The root is the last page written, so a reader of the file's last 64 KiB has it.
  if (alignUp(seal.index.root.end()) != sealOffset) {
    d.fail("index root ends at " + std::to_string(seal.index.root.end()) +
           "; expected it right before the seal at " + std::to_string(sealOffset));
  }
}

// A canonical message may still hold bits no field uses (the rest of a data word after a Bool,
// say), where a later minor version may put a field. A seal of this reader's own version can
// hold none: it must be exactly what this reader would write for the values it read, so that
// each seal has one encoding.
void checkNothingUnknown(const Seal& seal, std::span<const std::uint8_t> bytes,
                         const SealDecoder& d) {
  if (seal.formatMinor != kFormatMinor) return;
  const std::vector<std::uint8_t> expected = encodeSeal(seal);
  if (!std::equal(bytes.begin(), bytes.end(), expected.begin(), expected.end())) {
    d.fail("holds bits no field of format " + std::to_string(kFormatMajor) + "." +
           std::to_string(kFormatMinor) + " uses; expected the encoding of its values alone");
  }
}

}  // namespace

std::vector<std::uint8_t> encodeSeal(const Seal& seal) {
  if (auto problem = sealProblem(seal)) throw Error(ErrorCode::kInvalidArgument, *problem);
  capnp::MallocMessageBuilder message;
  encodeFields(seal, message.initRoot<schema::Seal>());
  std::vector<std::uint8_t> bytes = canonicalMessage(message.getRoot<schema::Seal>().asReader());
  if (bytes.size() > kMaxSealSize) {
    throw Error(ErrorCode::kInvalidArgument, "seal of " + std::to_string(bytes.size()) +
                                                 " bytes; at most " + std::to_string(kMaxSealSize) +
                                                 " allowed");
  }
  return bytes;
}

Seal decodeSeal(std::span<const std::uint8_t> bytes, const SealPlace& place,
                const ReaderOptions& options) {
  CanonicalMessageView view(bytes, place.name, place.offset, options, "seal");
  const SealDecoder d(place);
  return guardCapnp(place.name, place.offset, "seal", [&] {
    const schema::Seal::Reader in = view.root<schema::Seal>();
    checkVersion(in, d, place.header);
    checkAlgorithm(in, place);
    Seal seal;
    seal.formatMajor = in.getFormatMajor();
    seal.formatMinor = in.getFormatMinor();
    seal.bundleId = d.text(in.hasBundleId(), in.getBundleId(), "bundle id");
    seal.created = d.text(in.hasCreated(), in.getCreated(), "created time");
    seal.sequence = in.getSequence();
    if (in.hasPreviousSeal()) seal.previousSeal = d.previous(in.getPreviousSeal());
    seal.contentCount = in.getContentCount();
    seal.clusterCount = in.getClusterCount();
    seal.rawBytes = in.getRawBytes();
    seal.storedBytes = in.getStoredBytes();
    seal.index = d.tree(in.hasIndex(), in.getIndex(), "index");
    seal.extents = d.tree(in.hasExtents(), in.getExtents(), "extent table");
    if (in.hasDictionary()) seal.dictionary = d.extent(in.getDictionary(), "dictionary");
    if (!in.hasSchema() || !in.hasInfo()) d.fail("schema or information reference is missing");
    seal.schema = d.extent(in.getSchema(), "schema");
    seal.info = d.extent(in.getInfo(), "information");
    if (in.hasSearchIndex()) seal.searchIndex = d.searchIndex(in.getSearchIndex());
    checkRelations(seal, d, place.offset);
    checkNothingUnknown(seal, bytes, d);
    return seal;
  });
}

}  // namespace archive_news::internal
