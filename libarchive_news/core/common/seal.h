// The seal (docs/design/format-2.md, section 3; format/newsarc.capnp Seal): the small,
// bounded message that every signature signs and that leads, by digests, to every other byte of
// the bundle. Encoded by the writer, decoded and checked by the reader, here in one place.
#ifndef ARCHIVE_NEWS_CORE_COMMON_SEAL_H_
#define ARCHIVE_NEWS_CORE_COMMON_SEAL_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/common/container.h"
#include "core/common/extent_ref.h"
#include "core/common/page_tree.h"

namespace archive_news::internal {

// The bundle id goes into every signature's trusted comment: bounded so the seal is.
inline constexpr std::size_t kMaxBundleIdSize = 256;
// The seal of the state an append follows (spec/FORMAT.md section 15): that state is the file's
// first offset + tailSize bytes.
struct SealRef {
  std::uint64_t offset = 0;
  std::uint32_t size = 0;
  Digest digest{};
  std::uint64_t tailSize = 0;  // from the seal's first byte to the end of that state's footer
  std::uint64_t end() const { return offset + tailSize; }
  bool operator==(const SealRef&) const = default;
};

// The most raw bytes of a dictionary a reader loads (spec/FORMAT.md 5.3): writers train 4 to 64
// KiB; the bound keeps what opening a bundle costs small whatever the seal claims.
inline constexpr std::uint64_t kMaxDictionarySize = std::uint64_t{1} << 20;

// The state's full-text index (spec/FORMAT.md 5.10): an extent of kind searchIndex, raw.
inline constexpr std::size_t kMaxSearchEngineSize = 64;
struct SearchIndexRef {
  ExtentRef extent;
  std::string engine;  // printable ASCII, 1 to kMaxSearchEngineSize bytes
  std::uint64_t documents = 0;
  bool operator==(const SearchIndexRef&) const = default;
};

struct Seal {
  std::uint16_t formatMajor = kFormatMajor;
  std::uint16_t formatMinor = kFormatMinor;
  std::string bundleId;
  std::string created;  // "YYYY-MM-DDThh:mm:ssZ"
  std::uint32_t sequence = 0;
  std::optional<SealRef> previousSeal;
  std::uint64_t contentCount = 0;
  std::uint64_t clusterCount = 0;
  std::uint64_t rawBytes = 0;
  std::uint64_t storedBytes = 0;
  PageTreeRef index;    // count: articles
  PageTreeRef extents;  // count: extents listed
  std::optional<ExtentRef> dictionary;
  ExtentRef schema;
  ExtentRef info;
  std::optional<SearchIndexRef> searchIndex;
  bool operator==(const Seal&) const = default;
};

// The seal as a framed canonical message. Throws Error(kInvalidArgument) for a seal a reader
// would refuse (a bundle id that is empty, over 256 bytes or not printable UTF-8, a creation
// time not of the form YYYY-MM-DDThh:mm:ssZ, a sequence without a previous seal or the reverse,
// a message over 4 KiB), so that a writer fails before it writes a bundle nobody can read.
std::vector<std::uint8_t> encodeSeal(const Seal& seal);

// Where the seal lies and what it must agree with.
struct SealPlace {
  const std::string& name;
  std::uint64_t offset;  // the footer's sealOffset
  const Header& header;
};

// Decodes the seal's bytes (already checked against the footer's digest) as a canonical message
// and enforces every rule of the seal: the version equals the header's, a known digest algorithm
// (kUnsupported otherwise), the bundle id and creation time as encodeSeal() requires them, the
// sequence and previous seal together, a search index stored raw under a printable engine name,
// tree depths from 1 to kMaxTreeDepth, every reference well
// formed (decodeExtentRef), the dictionary stored raw, schema and information not compressed
// with the dictionary, and the index root's extent ending where the seal starts (padding aside).
// Throws Error(kCorruption) naming the seal's offset and the field.
Seal decodeSeal(std::span<const std::uint8_t> bytes, const SealPlace& place,
                const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_SEAL_H_
