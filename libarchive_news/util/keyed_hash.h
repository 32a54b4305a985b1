// A hash for tables whose keys come from the input.
#ifndef ARCHIVE_NEWS_UTIL_KEYED_HASH_H_
#define ARCHIVE_NEWS_UTIL_KEYED_HASH_H_

#include <sodium.h>

#include <cstdint>
#include <span>
#include <string_view>

#include "util/sodium_init.h"

namespace archive_news::internal {

// SipHash-2-4 under a key drawn when the hash is made (copies share it). std::hash of a string
// is MurmurHash with a fixed seed, for which inputs that all collide can be computed, and digests
// have low bits that anyone can grind: with either, a hostile input (article ids, JSON keys,
// content) piles its keys into one bucket or probe run, and adding n of them costs n squared.
class KeyedHash {
 public:
  KeyedHash() {
    ensureSodium();
    crypto_shorthash_keygen(key_);
  }
  std::size_t operator()(std::span<const std::uint8_t> bytes) const {
    std::uint64_t out = 0;
    crypto_shorthash(reinterpret_cast<unsigned char*>(&out), bytes.data(), bytes.size(), key_);
    return static_cast<std::size_t>(out);
  }
  std::size_t operator()(std::string_view text) const {
    return (*this)(std::span(reinterpret_cast<const std::uint8_t*>(text.data()), text.size()));
  }

 private:
  unsigned char key_[crypto_shorthash_KEYBYTES];
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_KEYED_HASH_H_
