// One Cap'n Proto message (standard serialization) read in place from a span of a bundle, under
// the reader's limits. The span must hold exactly one message: no trailing bytes.
#ifndef ARCHIVE_NEWS_CORE_COMMON_MESSAGE_VIEW_H_
#define ARCHIVE_NEWS_CORE_COMMON_MESSAGE_VIEW_H_

#include <archive_news/reader.h>
#include <capnp/serialize.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

class MessageView {
 public:
  // `what` names the message in errors ("manifest", "article record 3"); `offset` is where the
  // bytes start in the file. Throws Error(kCorruption) for a malformed segment table or bytes
  // after the message.
  MessageView(std::span<const std::uint8_t> bytes, const std::string& name, std::uint64_t offset,
              const ReaderOptions& options, std::string what);

  template <typename T>
  typename T::Reader root() {
    return reader_->getRoot<T>();
  }

  // Cap'n Proto's check that the message is canonical (CanonicalMessageView); may throw
  // kj::Exception on damage, like root() does.
  bool isCanonical() { return reader_->isCanonical(); }

 private:
  // A copy, only when the bytes are not 8-byte aligned. Plain words: capnp::word cannot be
  // copied, so std::vector<capnp::word> does not compile with clang's stricter checks.
  std::vector<std::uint64_t> aligned_;
  std::optional<capnp::FlatArrayMessageReader> reader_;
};

// Runs fn, turning a Cap'n Proto exception (a pointer out of bounds, a traversal or nesting
// limit, a wrong pointer type) into Error(kCorruption) or Error(kLimitExceeded) that names the
// file, the offset and what was being read.
template <typename Fn>
auto guardCapnp(const std::string& name, std::uint64_t offset, const std::string& what, Fn&& fn)
    -> decltype(fn());

[[noreturn]] void rethrowCapnp(const kj::Exception& e, const std::string& name,
                               std::uint64_t offset, const std::string& what);

template <typename Fn>
auto guardCapnp(const std::string& name, std::uint64_t offset, const std::string& what, Fn&& fn)
    -> decltype(fn()) {
  try {
    return fn();
  } catch (const kj::Exception& e) {
    rethrowCapnp(e, name, offset, what);
  }
}

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_MESSAGE_VIEW_H_
