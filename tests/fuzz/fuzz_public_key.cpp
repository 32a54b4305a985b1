// Fuzz target: the minisign public key parser. Asserts that parsePublicKey on any text either
// throws archive_news::Error(kInvalidArgument) or returns a key whose formatted file parses back
// to the same key.
#include <archive_news/error.h>
#include <archive_news/keys.h>

#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  PublicKey key;
  try {
    key = parsePublicKey(newsarc_fuzz::asText(data, size), "fuzz.pub");
  } catch (const Error& e) {
    FUZZ_ASSERT(e.code() == ErrorCode::kInvalidArgument);
    return 0;
  }
  FUZZ_ASSERT(parsePublicKey(formatPublicKey(key), "formatted.pub") == key);
  return 0;
}
