// A small certificate hierarchy made with libcrypto for the X.509 signature tests: a root CA, an
// intermediate, leaves with P-256, Ed25519 and RSA keys, an expired leaf, a leaf whose key usage
// forbids signing, and an unrelated root with a leaf of its own. Fresh keys each time.
#ifndef NEWSARC_TESTS_SUPPORT_TEST_PKI_H_
#define NEWSARC_TESTS_SUPPORT_TEST_PKI_H_

#include <filesystem>
#include <string>

namespace newsarc_test {

struct TestIdentity {
  std::string certificate;  // PEM
  std::string key;          // PEM, PKCS #8, unencrypted
};

struct TestPki {
  TestIdentity root;          // "CN=newsarc test root", self-signed
  TestIdentity intermediate;  // issued by root
  TestIdentity p256;          // "CN=Example News P-256", issued by intermediate
  TestIdentity ed25519;       // "CN=Example News Ed25519", issued by intermediate
  TestIdentity rsa;           // "CN=Example News RSA" (2048 bits), issued by intermediate
  TestIdentity expired;       // P-256, issued by intermediate, valid 400 to 300 days ago
  TestIdentity noSigning;     // P-256, issued by intermediate, keyUsage keyEncipherment only
  TestIdentity otherRoot;     // "CN=unrelated root", self-signed
  TestIdentity otherLeaf;     // P-256, issued by otherRoot
};

TestPki makeTestPki();

// `key` (PEM) encrypted with `password` (PKCS #8, AES-256-CBC).
std::string encryptedKey(const std::string& key, const std::string& password);

// Writes `text` to `path`.
void writeText(const std::filesystem::path& path, const std::string& text);

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_SUPPORT_TEST_PKI_H_
