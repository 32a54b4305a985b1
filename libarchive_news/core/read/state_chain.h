// The states of a bundle (spec/FORMAT.md section 15), walked back from the newest through each
// seal's link to the one before. State k is the file's first `previousSeal.offset + tailSize`
// bytes of state k+1: an earlier state is read by reading that prefix as a bundle.
#ifndef ARCHIVE_NEWS_CORE_READ_STATE_CHAIN_H_
#define ARCHIVE_NEWS_CORE_READ_STATE_CHAIN_H_

#include <archive_news/reader.h>

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "core/read/tail_reader.h"

namespace archive_news::internal {

// The state the link of `later` names: its bytes (a prefix of `file`) and its tail, checked
// against the link: the seal where the link says, of its size and digest, one sequence before.
// Throws Error(kCorruption) naming the later seal's offset for a link that does not hold, and
// as readTail() for the earlier state's tail.
struct LinkedState {
  std::span<const std::uint8_t> bytes;
  Tail tail;
};
LinkedState previousState(std::span<const std::uint8_t> file, const std::string& name,
                          const Tail& later, const ReaderOptions& options);

// The bytes of state `sequence`, walking back from the newest state `newest` of `file`.
// Error(kNotFound) when the bundle has no such state.
std::span<const std::uint8_t> stateBytes(std::span<const std::uint8_t> file,
                                         const std::string& name, const Tail& newest,
                                         std::uint32_t sequence, const ReaderOptions& options);

// Each state from the newest back to the first, with its bytes, until `visit` returns false.
void forEachState(std::span<const std::uint8_t> file, const std::string& name, const Tail& newest,
                  const ReaderOptions& options,
                  const std::function<bool(std::span<const std::uint8_t>, const Tail&)>& visit);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_STATE_CHAIN_H_
