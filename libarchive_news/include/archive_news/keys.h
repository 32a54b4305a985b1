// Ed25519 keys in minisign's file formats, so that keys made by `minisign -G` sign bundles and keys
// made here verify with stock minisign. spec/FORMAT.md, "Keys", gives the byte layouts.
#ifndef ARCHIVE_NEWS_KEYS_H_
#define ARCHIVE_NEWS_KEYS_H_

#include <archive_news/export.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news {

using KeyId = std::array<std::uint8_t, 8>;  // minisign key id, in file byte order

// Upper-case hex of the key id as minisign prints it (the bytes read as a little-endian number).
ARCHIVE_NEWS_EXPORT std::string keyIdToHex(const KeyId& id);

struct PublicKey {
  KeyId keyId{};
  std::array<std::uint8_t, 32> key{};
  bool operator==(const PublicKey&) const = default;
};

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

// Parses a minisign public key: a whole `.pub` file ("untrusted comment: ..." then the base64
// line) or the base64 line alone (as `minisign -P` takes it). `source` names the input in errors.
// Throws Error(kInvalidArgument) when it is not a minisign Ed25519 public key.
ARCHIVE_NEWS_EXPORT PublicKey parsePublicKey(std::string_view text, const std::string& source);
ARCHIVE_NEWS_EXPORT PublicKey loadPublicKey(const std::filesystem::path& path);
// Every `*.pub` file directly in `dir`, in name order: a keyring. Throws Error(kNotFound) when dir
// does not exist, Error(kInvalidArgument) when it holds no `.pub` file or a file that is not a
// public key (naming it), Error(kIOError) when it cannot be read.
ARCHIVE_NEWS_EXPORT std::vector<PublicKey> loadKeyring(const std::filesystem::path& dir);

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

// The text of a minisign public key file. `comment` becomes the untrusted comment line;
// empty gives minisign's default ("minisign public key <KEYID>").
ARCHIVE_NEWS_EXPORT std::string formatPublicKey(const PublicKey& key,
                                                std::string_view comment = {});

// The text of a minisign secret key file, encrypted with `password` (scrypt with minisign's
// sensitive parameters) or, with std::nullopt, stored unencrypted as `minisign -W` does.
ARCHIVE_NEWS_EXPORT std::string formatSecretKey(const SecretKey& key,
                                                const std::optional<std::string>& password,
                                                std::string_view comment = {});

// Writes key files, `comment` as their untrusted comment line (empty: minisign's default). The
// secret key file is created with mode 0600 and neither call replaces an existing file unless
// `overwrite`. Throws Error(kIOError) on failure and leaves no partial file.
ARCHIVE_NEWS_EXPORT void savePublicKey(const std::filesystem::path& path, const PublicKey& key,
                                       bool overwrite = false, std::string_view comment = {});
ARCHIVE_NEWS_EXPORT void saveSecretKey(const std::filesystem::path& path, const SecretKey& key,
                                       const std::optional<std::string>& password,
                                       bool overwrite = false, std::string_view comment = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_KEYS_H_
