// Fuzz target: the .minisig signature file parser (parseMinisignSignature). Asserts
// that any text gives std::nullopt or a prehashed Ed25519 record, without throwing, and that
// checking such a record against any message answers without throwing; a parsed record formats
// back to a .minisig text that parses to the same record.
#include <archive_news/error.h>
#include <archive_news/signature.h>

#include "core/signature/minisign.h"
#include "fuzz_support.h"

using namespace archive_news;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::optional<Signature> parsed = parseMinisignSignature(newsarc_fuzz::asText(data, size));
  if (!parsed) return 0;
  FUZZ_ASSERT(parsed->algorithm == SignatureAlgorithm::kEd25519Blake2bPrehashed);
  const std::uint8_t message[] = {'m'};
  internal::checkSignatures({*parsed}, message);
  FUZZ_ASSERT(parseMinisignSignature(formatMinisignSignature(*parsed)) == parsed);
  return 0;
}
