// SHA-256 through libcrypto's SHA256_* functions rather than EVP: EVP's first use builds
// OpenSSL 3's provider tables and reads openssl.cnf, 5.3 M of the 7.5 M instructions of a whole
// `newsarc show` (callgrind), while these go straight to the same assembly, which uses the SHA
// instructions where the processor has them. They are deprecated in OpenSSL 3 but present in
// every 3.x release.
#define OPENSSL_API_COMPAT 10101
#include "core/common/sha256.h"

#include <archive_news/error.h>
#include <openssl/sha.h>

namespace archive_news::internal {

struct Sha256::Context {
  SHA256_CTX ctx;
};

Sha256::Sha256() : context_(std::make_unique<Context>()) {
  if (SHA256_Init(&context_->ctx) != 1) {
    throw Error(ErrorCode::kIOError, "libcrypto: cannot initialise SHA-256");
  }
}

Sha256::~Sha256() = default;

void Sha256::update(std::span<const std::uint8_t> bytes) {
  SHA256_Update(&context_->ctx, bytes.data(), bytes.size());
}

Digest Sha256::finish() {
  Digest digest{};
  SHA256_Final(digest.data(), &context_->ctx);
  return digest;
}

// Not SHA256(): in OpenSSL 3 the one-shot function goes through EVP.
Digest sha256(std::span<const std::uint8_t> bytes) {
  SHA256_CTX ctx;
  Digest digest{};
  if (SHA256_Init(&ctx) != 1 || SHA256_Update(&ctx, bytes.data(), bytes.size()) != 1 ||
      SHA256_Final(digest.data(), &ctx) != 1) {
    throw Error(ErrorCode::kIOError, "libcrypto: SHA-256 failed");
  }
  return digest;
}

}  // namespace archive_news::internal
