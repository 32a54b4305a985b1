// Shared by the fuzz targets: the one rule every target enforces is that hostile bytes produce
// either a result or archive_news::Error, never a crash, a sanitizer report or another exception
// (which escapes LLVMFuzzerTestOneInput and aborts). Targets add their own invariants and
// FUZZ_ASSERT them: a failed invariant aborts, which libFuzzer and the replay driver report.
#ifndef NEWSARC_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define NEWSARC_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FUZZ_ASSERT(condition)                                                               \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace newsarc_fuzz {

// Limits small enough that one input costs milliseconds: a fuzzer that finds a valid frame
// declaring gigabytes would otherwise spend its time decompressing instead of exploring.
inline archive_news::ReaderOptions fuzzReaderOptions() {
  archive_news::ReaderOptions options;
  options.maxContentSize = 1 << 20;
  options.maxRecordSize = 1 << 20;
  options.maxClusterSize = 1 << 20;
  return options;
}

// Content whose recorded raw size is past this is skipped by the targets that stream content, for
// the same reason (streaming reads have no size limit by design).
inline constexpr std::uint64_t kMaxStreamedBytes = 4 << 20;

// The key the seed corpora are signed with, made from a fixed seed so that the verify target can
// trust it and a mutated signature over a valid bundle reaches the signature checks.
inline archive_news::KeyPair fixedKeyPair() {
  if (sodium_init() < 0) std::abort();
  std::uint8_t seed[32] = {'n', 'e', 'w', 's', 'a', 'r', 'c', ' ', 'f', 'u', 'z', 'z'};
  std::uint8_t publicKey[32];
  std::uint8_t secretKey[64];
  crypto_sign_seed_keypair(publicKey, secretKey, seed);
  archive_news::KeyId id = {0x66, 0x75, 0x7a, 0x7a, 0x6b, 0x65, 0x79, 0x31};
  archive_news::SecretKey secret(id, secretKey);
  archive_news::PublicKey pub = secret.publicKey();
  return {pub, std::move(secret)};
}

inline std::string_view asText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace newsarc_fuzz

#endif  // NEWSARC_TESTS_FUZZ_FUZZ_SUPPORT_H_
