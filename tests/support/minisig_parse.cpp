#include "minisig_parse.h"

#include <archive_news/error.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/signature/minisign.h"

namespace newsarc_test {
namespace {

constexpr std::string_view kUntrustedPrefix = "untrusted comment: ";
constexpr std::string_view kTrustedPrefix = "trusted comment: ";
constexpr std::size_t kSignatureBlobSize = 2 + 8 + 64;

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Accept only a comment formatMinisignSignature would write back (and minisign would read).
bool isWritableTrustedComment(std::string_view comment) {
  try {
    archive_news::internal::checkTrustedComment(comment);
    return true;
  } catch (const archive_news::Error&) {
    return false;
  }
}

}  // namespace

std::optional<archive_news::Signature> parseMinisignSignature(std::string_view text) {
  namespace in = archive_news::internal;
  const std::vector<std::string_view> lines = in::splitLines(text);
  if (lines.size() < 4 || !startsWith(lines[0], kUntrustedPrefix) ||
      !startsWith(lines[2], kTrustedPrefix)) {
    return std::nullopt;
  }
  const std::optional<std::vector<std::uint8_t>> blob = in::base64Decode(lines[1]);
  const std::optional<std::vector<std::uint8_t>> global = in::base64Decode(lines[3]);
  if (!blob || blob->size() != kSignatureBlobSize || (*blob)[0] != 'E' || (*blob)[1] != 'D' ||
      !global || global->size() != 64) {
    return std::nullopt;
  }
  archive_news::Signature signature;
  signature.algorithm = archive_news::SignatureAlgorithm::kEd25519Blake2bPrehashed;
  std::copy_n(blob->begin() + 2, 8, signature.keyId.begin());
  std::copy_n(blob->begin() + 10, 64, signature.signature.begin());
  signature.trustedComment = std::string(lines[2].substr(kTrustedPrefix.size()));
  if (!isWritableTrustedComment(signature.trustedComment)) return std::nullopt;
  std::copy_n(global->begin(), 64, signature.globalSignature.begin());
  return signature;
}

}  // namespace newsarc_test
