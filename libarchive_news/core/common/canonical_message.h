// Canonical Cap'n Proto messages (docs/design/format-2.md, section 2): one segment, no far
// pointers, objects in pre-order, truncated data and pointer sections. Each value has exactly one
// such encoding, so two writers that agree on the values write the same bytes, and a reader needs
// no multi-segment or far-pointer logic.
#ifndef ARCHIVE_NEWS_CORE_COMMON_CANONICAL_MESSAGE_H_
#define ARCHIVE_NEWS_CORE_COMMON_CANONICAL_MESSAGE_H_

#include <archive_news/reader.h>
#include <capnp/any.h>
#include <capnp/message.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/common/message_view.h"

namespace archive_news::internal {

// The standard framing of a one-segment message: the 8-byte segment table, then the words.
std::vector<std::uint8_t> frameOneSegment(kj::ArrayPtr<const capnp::word> words);

// The canonical message whose root is a copy of `root` (any struct Reader, AnyStruct included:
// capnp::canonicalize() takes generated Readers only), framed.
template <typename Reader>
std::vector<std::uint8_t> canonicalMessage(Reader root) {
  return frameOneSegment(capnp::AnyStruct::Reader(root).canonicalize());
}

// A span that must hold exactly one canonical message, read in place like MessageView and under
// the same limits. Throws Error(kCorruption) naming the offset of what is wrong: the length, the
// segment count, the declared size, or a segment that is not canonical.
class CanonicalMessageView {
 public:
  CanonicalMessageView(std::span<const std::uint8_t> bytes, const std::string& name,
                       std::uint64_t offset, const ReaderOptions& options, std::string what);

  template <typename T>
  typename T::Reader root() {
    return view_.root<T>();
  }

 private:
  MessageView view_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CANONICAL_MESSAGE_H_
