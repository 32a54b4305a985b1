// libsodium's one-time start, shared by the hashing of tables (keyed_hash.h) and the signatures.
#ifndef ARCHIVE_NEWS_UTIL_SODIUM_INIT_H_
#define ARCHIVE_NEWS_UTIL_SODIUM_INIT_H_

namespace archive_news::internal {

// Initializes libsodium once per process; every libsodium call must come after it.
// Throws Error(kIOError) when libsodium cannot start (no source of randomness).
void ensureSodium();

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_SODIUM_INIT_H_
