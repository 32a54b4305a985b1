// Finding the last complete state of a bundle an append was interrupted in (spec/SECURITY.md,
// "Crash safety"): recoverBundle() locks the file and cuts it; the search itself is here, over
// bytes, so that it can be tested without a file.
#ifndef ARCHIVE_NEWS_CORE_WRITE_RECOVER_H_
#define ARCHIVE_NEWS_CORE_WRITE_RECOVER_H_

#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/read/tail_reader.h"

namespace archive_news::internal {

struct CompleteState {
  std::uint64_t end = 0;  // the state is the first `end` bytes
  Tail tail;
  std::vector<Signature> signatures;  // decoded, not checked
};

// The state `file` as a whole is: its tail reads, its signature section decodes and its chain of
// links holds back to state 0. std::nullopt otherwise.
std::optional<CompleteState> wholeState(std::span<const std::uint8_t> file, const std::string& name,
                                        const ReaderOptions& options);

// The longest proper prefix [0, p) of `file` that is a complete state as wholeState() says, p a
// multiple of 8 where a footer magic ends; std::nullopt when there is none. Reads one tail per
// footer magic found (and the tails of its chain), walking back from the end; remembers at most
// a fixed number of ends whose chain was found broken, so that candidates sharing a broken link
// stop there.
std::optional<CompleteState> lastCompleteState(std::span<const std::uint8_t> file,
                                               const std::string& name,
                                               const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_RECOVER_H_
