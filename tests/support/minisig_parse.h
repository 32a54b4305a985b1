// Reading a .minisig file back: the inverse of archive_news::formatMinisignSignature. Only the
// tests and the fuzz targets need it (the library writes .minisig files for stock minisign and
// never reads one), so it lives here rather than in the library (issue 14).
#ifndef NEWSARC_TESTS_SUPPORT_MINISIG_PARSE_H_
#define NEWSARC_TESTS_SUPPORT_MINISIG_PARSE_H_

#include <archive_news/signature.h>

#include <optional>
#include <string_view>

namespace newsarc_test {

// The signature in the text of a .minisig file as minisign 0.11 writes it (four lines: untrusted
// comment, base64 of "ED" || keyid || signature, trusted comment, base64 of the global
// signature). std::nullopt when the text is not such a file, including legacy non-prehashed
// ("Ed") signatures and trusted comments formatMinisignSignature would refuse. A .minisig names
// its key only by id, so publicKey is left zero for the caller to set.
std::optional<archive_news::Signature> parseMinisignSignature(std::string_view text);

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_SUPPORT_MINISIG_PARSE_H_
