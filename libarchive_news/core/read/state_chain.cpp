#include "core/read/state_chain.h"

#include <archive_news/error.h>

#include "core/common/sha256.h"

namespace archive_news::internal {

LinkedState previousState(std::span<const std::uint8_t> file, const std::string& name,
                          const Tail& later, const ReaderOptions& options) {
  const std::uint64_t at = later.footer.sealOffset;
  if (!later.seal.previousSeal) {
    throw Error(ErrorCode::kNotFound, name, at,
                "seal: the bundle's first state has none before it");
  }
  const SealRef& link = *later.seal.previousSeal;
  // decodeSeal() held the link inside the data region, before this seal.
  LinkedState earlier{file.first(link.end()), {}};
  earlier.tail = readTail(earlier.bytes, name, options);
  const auto broken = [&](const std::string& why) {
    throw Error(ErrorCode::kCorruption, name, at,
                "seal: previous seal: " + why + "; expected the state this one appends to");
  };
  if (earlier.tail.footer.sealOffset != link.offset) {
    broken("the state ending at " + std::to_string(link.end()) + " has its seal at " +
           std::to_string(earlier.tail.footer.sealOffset) + ", not at " +
           std::to_string(link.offset));
  }
  if (earlier.tail.sealBytes.size() != link.size || sha256(earlier.tail.sealBytes) != link.digest) {
    broken("the seal at " + std::to_string(link.offset) + " differs in size or digest");
  }
  if (earlier.tail.seal.sequence + 1 != later.seal.sequence) {
    broken("sequence " + std::to_string(earlier.tail.seal.sequence) + " before sequence " +
           std::to_string(later.seal.sequence));
  }
  return earlier;
}

void forEachState(std::span<const std::uint8_t> file, const std::string& name, const Tail& newest,
                  const ReaderOptions& options,
                  const std::function<bool(std::span<const std::uint8_t>, const Tail&)>& visit) {
  LinkedState state{file, newest};
  // The sequence falls by one a step and offsets fall too: the walk ends.
  while (visit(state.bytes, state.tail) && state.tail.seal.previousSeal) {
    state = previousState(state.bytes, name, state.tail, options);
  }
}

std::span<const std::uint8_t> stateBytes(std::span<const std::uint8_t> file,
                                         const std::string& name, const Tail& newest,
                                         std::uint32_t sequence, const ReaderOptions& options) {
  if (sequence > newest.seal.sequence) {
    throw Error(ErrorCode::kNotFound, name, std::nullopt,
                "no state " + std::to_string(sequence) + "; the bundle's states are 0 to " +
                    std::to_string(newest.seal.sequence));
  }
  std::span<const std::uint8_t> found;
  forEachState(file, name, newest, options,
               [&](std::span<const std::uint8_t> bytes, const Tail& tail) {
                 if (tail.seal.sequence != sequence) return true;
                 found = bytes;
                 return false;
               });
  return found;
}

}  // namespace archive_news::internal
