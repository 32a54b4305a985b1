// SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA instructions where present.
#ifndef ARCHIVE_NEWS_CORE_COMMON_SHA256_H_
#define ARCHIVE_NEWS_CORE_COMMON_SHA256_H_

#include <archive_news/article.h>

#include <cstdint>
#include <cstring>
#include <memory>
#include <span>

namespace archive_news::internal {

Digest sha256(std::span<const std::uint8_t> bytes);

// Incremental hashing, for content that arrives in pieces.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::span<const std::uint8_t> bytes);
  Digest finish();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_SHA256_H_
