#include "core/common/message_view.h"

#include <archive_news/error.h>

#include <cstring>

namespace archive_news::internal {

void rethrowCapnp(const kj::Exception& e, const std::string& name, std::uint64_t offset,
                  const std::string& what) {
  std::string description = e.getDescription().cStr();
  // Cap'n Proto tells its two reader limits apart from damage only in words: "Exceeded message
  // traversal limit" and "Message is too deeply-nested".
  const bool limit = description.find("traversal limit") != std::string::npos ||
                     description.find("deeply-nested") != std::string::npos;
  throw Error(limit ? ErrorCode::kLimitExceeded : ErrorCode::kCorruption, name, offset,
              what + " is not a valid Cap'n Proto message: " + description);
}

MessageView::MessageView(std::span<const std::uint8_t> bytes, const std::string& name,
                         std::uint64_t offset, const ReaderOptions& options, std::string what) {
  if (bytes.size() % sizeof(capnp::word) != 0 || bytes.empty()) {
    throw Error(
        ErrorCode::kCorruption, name, offset,
        what + " is " + std::to_string(bytes.size()) + " bytes; expected a non-zero multiple of 8");
  }
  const std::size_t words = bytes.size() / sizeof(capnp::word);
  const capnp::word* begin = reinterpret_cast<const capnp::word*>(bytes.data());
  if (reinterpret_cast<std::uintptr_t>(bytes.data()) % alignof(capnp::word) != 0) {
    aligned_.resize(words);
    std::memcpy(aligned_.data(), bytes.data(), bytes.size());
    begin = reinterpret_cast<const capnp::word*>(aligned_.data());
  }
  capnp::ReaderOptions capnpOptions;
  capnpOptions.traversalLimitInWords =
      std::max<std::uint64_t>(1024, std::uint64_t{words} * options.traversalFactor);
  capnpOptions.nestingLimit = options.nestingLimit;
  guardCapnp(name, offset, what, [&] {
    reader_.emplace(kj::ArrayPtr<const capnp::word>(begin, words), capnpOptions);
    if (reader_->getEnd() != begin + words) {
      throw Error(ErrorCode::kCorruption, name, offset,
                  what + " ends after " +
                      std::to_string((reader_->getEnd() - begin) * sizeof(capnp::word)) +
                      " bytes; expected " + std::to_string(bytes.size()) +
                      " (bytes after the message)");
    }
    return 0;
  });
}

}  // namespace archive_news::internal
