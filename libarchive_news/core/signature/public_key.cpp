// minisign 0.11's public key files: base64("Ed" || keyid || public key) after an untrusted
// comment line (core/signature/key_file.h).
#include <archive_news/error.h>
#include <archive_news/public_key.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "core/signature/key_file.h"
#include "core/signature/minisign.h"
#include "util/file_io.h"

namespace archive_news {

std::string keyIdToHex(const KeyId& id) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  for (auto byte = id.rbegin(); byte != id.rend(); ++byte) {
    hex += kHex[*byte >> 4];
    hex += kHex[*byte & 15];
  }
  return hex;
}

PublicKey parsePublicKey(std::string_view text, const std::string& source) {
  std::vector<std::string_view> lines = internal::splitLines(text);
  std::size_t index = internal::keyLineIndex(lines, "public", true, source);
  std::vector<std::uint8_t> blob = internal::decodeKeyLine(
      lines[index], index + 1, internal::kPublicKeyBlobSize, "minisign Ed25519 public key", source);
  internal::requireTag(blob.data(), internal::kEd25519Tag, "signature algorithm", source,
                       index + 1);
  PublicKey key;
  std::copy_n(blob.begin() + 2, internal::kKeyIdSize, key.keyId.begin());
  std::copy_n(blob.begin() + 2 + internal::kKeyIdSize, 32, key.key.begin());
  return key;
}

PublicKey loadPublicKey(const std::filesystem::path& path) {
  return parsePublicKey(internal::readTextFile(path), path.string());
}

std::vector<PublicKey> loadKeyring(const std::filesystem::path& dir) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::exists(fs::status(dir, ec))) {
    throw Error(ErrorCode::kNotFound, dir.string(), std::nullopt,
                "does not exist; expected a keyring folder of .pub files");
  }
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->path().extension() == ".pub" && it->is_regular_file()) files.push_back(it->path());
  }
  if (ec) {
    throw Error(ErrorCode::kIOError, dir.string(), std::nullopt,
                "cannot list the keyring: " + ec.message());
  }
  if (files.empty()) {
    throw Error(ErrorCode::kInvalidArgument, dir.string(), std::nullopt,
                "holds no .pub file; expected a keyring of minisign public keys");
  }
  std::sort(files.begin(), files.end());
  std::vector<PublicKey> keys;
  for (const fs::path& file : files) keys.push_back(loadPublicKey(file));
  return keys;
}

std::string formatPublicKey(const PublicKey& key, std::string_view comment) {
  std::string text = internal::untrustedCommentLine(
      comment.empty() ? "minisign public key " + keyIdToHex(key.keyId) : std::string(comment));
  std::vector<std::uint8_t> blob(internal::kEd25519Tag.begin(), internal::kEd25519Tag.end());
  blob.insert(blob.end(), key.keyId.begin(), key.keyId.end());
  blob.insert(blob.end(), key.key.begin(), key.key.end());
  return text + internal::base64Encode(blob) + "\n";
}

void savePublicKey(const std::filesystem::path& path, const PublicKey& key, bool overwrite,
                   std::string_view comment) {
  internal::AtomicFile file(path, overwrite, 0644);
  file.write(formatPublicKey(key, comment));
  file.commit();
}

}  // namespace archive_news
