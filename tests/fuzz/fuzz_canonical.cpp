// Fuzz target: the canonical message reader (core/common/canonical_message.h). Asserts that any
// input either throws archive_news::Error or is a canonical message that re-encodes to exactly
// its own bytes: one encoding per value.
#include <archive_news/error.h>
#include <capnp/any.h>

#include <algorithm>
#include <vector>

#include "core/common/canonical_message.h"
#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  const ReaderOptions options = newsarc_fuzz::fuzzReaderOptions();
  std::vector<std::uint8_t> again;
  try {
    internal::CanonicalMessageView view(bytes, "fuzz", 0, options, "message");
    again = internal::guardCapnp("fuzz", 0, "message", [&] {
      return internal::canonicalMessage(view.root<capnp::AnyStruct>());
    });
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded);
    return 0;
  }
  FUZZ_ASSERT(again.size() == size && std::equal(again.begin(), again.end(), data));
  return 0;
}
