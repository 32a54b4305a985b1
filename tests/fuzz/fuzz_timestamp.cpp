// Fuzz target: RFC 3161 time-stamp tokens and replies, as addTimestamp and the verifier take them
// (core/signature/timestamp_token.h, timestamp_section.h). Asserts that any bytes give a token or
// Error(kCorruption), a reply's token or Error(kBadSignature), and a section or Error(kCorruption
// or kLimitExceeded); that a parsed token's signature and TSA checks answer without throwing; and
// that a token whose signature holds says what a second parse of its bytes says.
#include <archive_news/error.h>

#include "core/signature/timestamp_section.h"
#include "core/signature/timestamp_token.h"
#include "fuzz_support.h"

using namespace archive_news;

namespace {

void parseToken(std::span<const std::uint8_t> bytes) {
  static const internal::TsaRoots noRoots({}, {});
  try {
    const internal::TimestampToken token(bytes, "fuzz", std::nullopt);
    const bool signatureHolds = !token.signatureProblem();
    token.tsaCheck(noRoots, 1796600000);
    if (signatureHolds) {
      const internal::TimestampToken again(bytes, "fuzz", std::nullopt);
      FUZZ_ASSERT(again.facts().imprint == token.facts().imprint);
      FUZZ_ASSERT(again.facts().time == token.facts().time);
    }
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kCorruption);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  parseToken(bytes);
  try {
    parseToken(internal::tokenOfReply(bytes, "fuzz"));
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kBadSignature);
  }
  try {
    for (const Timestamp& t : internal::decodeTimestampSet(bytes, "fuzz", 0, ReaderOptions{})) {
      parseToken(t.token);
    }
  } catch (const Error& e) {
    // A message that costs more to walk than its size allows is refused as over the limit.
    FUZZ_ASSERT(e.code() == ErrorCode::kCorruption || e.code() == ErrorCode::kLimitExceeded);
  }
  return 0;
}
