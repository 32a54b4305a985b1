// Ed25519 public keys in minisign's file format: what a reader needs to check who signed a
// bundle. Keys made by `minisign -G` verify bundles, and keys made here verify with stock
// minisign. spec/FORMAT.md, "Keys", gives the byte layouts; secret keys are in secret_key.h.
#ifndef ARCHIVE_NEWS_PUBLIC_KEY_H_
#define ARCHIVE_NEWS_PUBLIC_KEY_H_

#include <archive_news/export.h>

#include <array>
#include <cstdint>
#include <filesystem>
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

// Parses a minisign public key: a whole `.pub` file ("untrusted comment: ..." then the base64
// line) or the base64 line alone (as `minisign -P` takes it). `source` names the input in errors.
// Throws Error(kInvalidArgument) when it is not a minisign Ed25519 public key.
ARCHIVE_NEWS_EXPORT PublicKey parsePublicKey(std::string_view text, const std::string& source);
ARCHIVE_NEWS_EXPORT PublicKey loadPublicKey(const std::filesystem::path& path);
// Every `*.pub` file directly in `dir`, in name order: a keyring. Throws Error(kNotFound) when dir
// does not exist, Error(kInvalidArgument) when it holds no `.pub` file or a file that is not a
// public key (naming it), Error(kIOError) when it cannot be read.
ARCHIVE_NEWS_EXPORT std::vector<PublicKey> loadKeyring(const std::filesystem::path& dir);

// The text of a minisign public key file. `comment` becomes the untrusted comment line;
// empty gives minisign's default ("minisign public key <KEYID>").
ARCHIVE_NEWS_EXPORT std::string formatPublicKey(const PublicKey& key,
                                                std::string_view comment = {});

// Writes a public key file, `comment` as its untrusted comment line (empty: minisign's default).
// Does not replace an existing file unless `overwrite`. Throws Error(kIOError) on failure and
// leaves no partial file.
ARCHIVE_NEWS_EXPORT void savePublicKey(const std::filesystem::path& path, const PublicKey& key,
                                       bool overwrite = false, std::string_view comment = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_PUBLIC_KEY_H_
