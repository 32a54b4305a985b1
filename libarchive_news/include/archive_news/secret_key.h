// Ed25519 secret keys in minisign's file format, for signing bundles: keys made by `minisign -G`
// sign bundles, and keys made here sign with stock minisign. Readers need only public_key.h.
#ifndef ARCHIVE_NEWS_SECRET_KEY_H_
#define ARCHIVE_NEWS_SECRET_KEY_H_

#include <archive_news/export.h>
#include <archive_news/public_key.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace archive_news {

// A secret key. Its bytes live in memory that is locked where the system allows, never swapped
// when it can be avoided, and wiped when the object is destroyed. Move-only.
class ARCHIVE_NEWS_EXPORT SecretKey {
 public:
  SecretKey(const KeyId& keyId, const std::uint8_t (&secretKey)[64]);
  ~SecretKey();
  SecretKey(SecretKey&&) noexcept;
  SecretKey& operator=(SecretKey&&) noexcept;
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;

  const KeyId& keyId() const noexcept;
  // The 64-byte libsodium Ed25519 secret key (seed followed by public key).
  const std::uint8_t* bytes() const noexcept;
  PublicKey publicKey() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct KeyPair {
  PublicKey publicKey;
  SecretKey secretKey;
};

// A new random key pair with a random key id.
ARCHIVE_NEWS_EXPORT KeyPair generateKeyPair();

// Asked for the password of an encrypted secret key; called at most once, and only when the key
// is encrypted. It may throw to abandon loading.
using PasswordProvider = std::function<std::string()>;

// Parses a minisign secret key file, decrypting it with the password from `password` when it is
// encrypted (scrypt, minisign's "Sc" scheme). Throws Error(kInvalidArgument) for a malformed file
// and Error(kBadSignature) for a wrong password (the key's checksum does not match).
ARCHIVE_NEWS_EXPORT SecretKey parseSecretKey(std::string_view text, const std::string& source,
                                             const PasswordProvider& password);
ARCHIVE_NEWS_EXPORT SecretKey loadSecretKey(const std::filesystem::path& path,
                                            const PasswordProvider& password);

// The text of a minisign secret key file, encrypted with `password` (scrypt with minisign's
// sensitive parameters) or, with std::nullopt, stored unencrypted as `minisign -W` does.
ARCHIVE_NEWS_EXPORT std::string formatSecretKey(const SecretKey& key,
                                                const std::optional<std::string>& password,
                                                std::string_view comment = {});

// Writes a secret key file, `comment` as its untrusted comment line (empty: minisign's default),
// created with mode 0600. Does not replace an existing file unless `overwrite`. Throws
// Error(kIOError) on failure and leaves no partial file.
ARCHIVE_NEWS_EXPORT void saveSecretKey(const std::filesystem::path& path, const SecretKey& key,
                                       const std::optional<std::string>& password,
                                       bool overwrite = false, std::string_view comment = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_SECRET_KEY_H_
