// Fuzz target: the minisign secret key parser, with a fixed password provider. Asserts that
// parseSecretKey on any text either throws archive_news::Error (kInvalidArgument for a malformed
// file, kBadSignature for a checksum that does not match) or returns a key whose public half
// matches its secret half (a signature it makes verifies against its public key), and that the
// password provider is asked at most once.
//
// Inputs of an encrypted key run scrypt with the parameters the file states; the parser's own
// bounds on those parameters are what keeps each input fast, and the fuzzer's timeout reports an
// input that escapes them.
#include <archive_news/error.h>
#include <archive_news/keys.h>

#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  int asked = 0;
  PasswordProvider password = [&] {
    ++asked;
    return std::string("fuzz password");
  };
  try {
    SecretKey key = parseSecretKey(newsarc_fuzz::asText(data, size), "fuzz.key", password);
    FUZZ_ASSERT(asked <= 1);
    const std::uint8_t message[] = {'o', 'k'};
    Signature s = internal::signMessage(key, message, "fuzz");
    FUZZ_ASSERT(internal::checkSignatures({s}, message).front() ==
                internal::SignatureCheck::kValid);
    FUZZ_ASSERT(internal::madeBy(s, key.publicKey()));
  } catch (const Error& e) {
    FUZZ_ASSERT(asked <= 1);
    FUZZ_ASSERT(e.code() == ErrorCode::kInvalidArgument || e.code() == ErrorCode::kBadSignature);
  }
  return 0;
}
