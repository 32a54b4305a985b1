#include "core/common/canonical_message.h"

#include <archive_news/error.h>

#include <algorithm>
#include <cstring>
#include <optional>

namespace archive_news::internal {

namespace {

constexpr std::size_t kWord = sizeof(capnp::word);

std::uint32_t readU32(std::span<const std::uint8_t> bytes, std::size_t at) {
  return static_cast<std::uint32_t>(bytes[at]) | static_cast<std::uint32_t>(bytes[at + 1]) << 8 |
         static_cast<std::uint32_t>(bytes[at + 2]) << 16 |
         static_cast<std::uint32_t>(bytes[at + 3]) << 24;
}

// The framing rules, checked before capnp sees the bytes: capnp would accept several segments or
// bytes after the message, and its errors do not say where the fault is.
std::span<const std::uint8_t> checkFraming(std::span<const std::uint8_t> bytes,
                                           const std::string& name, std::uint64_t offset,
                                           const std::string& what) {
  // The segment table and at least the root pointer.
  if (bytes.size() % kWord != 0 || bytes.size() < 2 * kWord) {
    throw Error(ErrorCode::kCorruption, name, offset,
                what + " is " + std::to_string(bytes.size()) +
                    " bytes; expected a canonical message: a multiple of 8 bytes, at least 16");
  }
  const std::uint64_t segments = std::uint64_t{readU32(bytes, 0)} + 1;
  if (segments != 1) {
    throw Error(ErrorCode::kCorruption, name, offset,
                what + " has " + std::to_string(segments) +
                    " segments; expected a canonical message of one segment");
  }
  const std::uint64_t declared = readU32(bytes, 4);
  const std::uint64_t available = bytes.size() / kWord - 1;
  if (declared != available) {
    throw Error(ErrorCode::kCorruption, name, offset + 4,
                what + " declares a segment of " + std::to_string(declared) + " words; expected " +
                    std::to_string(available) + " (the segment fills the message exactly)");
  }
  return bytes;
}

// The segment after isCanonical(): capnp 0.9.2 can accept (depending on where the buffer lies in
// memory) and read like the canonical pointer a pointer whose offset has its top bit set, so only a
// byte comparison with the re-encoded message makes the encoding unique. Returns the index of the
// first differing byte, if any.
std::optional<std::size_t> firstDifference(std::span<const std::uint8_t> bytes, MessageView& view) {
  if (!view.isCanonical()) return kWord;
  const std::vector<std::uint8_t> again = canonicalMessage(view.root<capnp::AnyStruct>());
  // Every page a reader decodes passes here: the common answer, equal, is found at memcmp's speed.
  if (bytes.size() == again.size() && std::memcmp(bytes.data(), again.data(), bytes.size()) == 0) {
    return std::nullopt;
  }
  const auto [mine, theirs] = std::mismatch(bytes.begin(), bytes.end(), again.begin(), again.end());
  if (mine == bytes.end() && theirs == again.end()) return std::nullopt;
  return static_cast<std::size_t>(mine - bytes.begin());
}

// The checks run on a view of their own, so that they do not spend the traversal budget of the
// view the caller reads.
std::span<const std::uint8_t> checkCanonical(std::span<const std::uint8_t> bytes,
                                             const std::string& name, std::uint64_t offset,
                                             const ReaderOptions& options,
                                             const std::string& what) {
  MessageView view(checkFraming(bytes, name, offset, what), name, offset, options, what);
  const std::optional<std::size_t> at =
      guardCapnp(name, offset, what, [&] { return firstDifference(bytes, view); });
  if (at) {
    throw Error(ErrorCode::kCorruption, name, offset + *at,
                what +
                    " is not canonical (a far pointer, objects out of pre-order, trailing "
                    "zero words in a struct, or a pointer that re-encodes otherwise); "
                    "expected a canonical message");
  }
  return bytes;
}

}  // namespace

std::vector<std::uint8_t> frameOneSegment(kj::ArrayPtr<const capnp::word> words) {
  std::vector<std::uint8_t> out((words.size() + 1) * kWord);
  // Bytes 0-3 (segment count - 1) stay zero; bytes 4-7: the size in words, little-endian.
  const std::uint64_t size = words.size();
  for (int i = 0; i < 4; ++i) out[4 + i] = static_cast<std::uint8_t>(size >> (8 * i));
  std::memcpy(out.data() + kWord, words.begin(), words.size() * kWord);
  return out;
}

CanonicalMessageView::CanonicalMessageView(std::span<const std::uint8_t> bytes,
                                           const std::string& name, std::uint64_t offset,
                                           const ReaderOptions& options, std::string what)
    : view_(checkCanonical(bytes, name, offset, options, what), name, offset, options, what) {}

}  // namespace archive_news::internal
