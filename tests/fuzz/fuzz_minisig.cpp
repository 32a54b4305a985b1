// Fuzz target: .minisig signature files, read by the tests' parser (tests/support) and written by
// the library's formatMinisignSignature. Asserts that any text gives std::nullopt or a prehashed
// Ed25519 record, without throwing, that checking such a record against any message answers
// without throwing, and that a parsed record formats back to a .minisig text that parses to the
// same record.
#include <archive_news/error.h>
#include <archive_news/signature.h>

#include "core/signature/minisign.h"
#include "fuzz_support.h"
#include "minisig_parse.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<Signature> parsed =
      newsarc_test::parseMinisignSignature(newsarc_fuzz::asText(data, size));
  if (!parsed) return 0;
  FUZZ_ASSERT(parsed->algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed);
  const std::uint8_t message[] = {'m'};
  internal::checkSignatures({*parsed}, message);
  FUZZ_ASSERT(newsarc_test::parseMinisignSignature(formatMinisignSignature(*parsed)) == parsed);
  return 0;
}
