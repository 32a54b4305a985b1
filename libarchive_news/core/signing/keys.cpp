// minisign 0.11's key files. A public key file holds base64("Ed" || keyid || pk); a secret key
// file holds base64 of sig_alg "Ed", kdf_alg "Sc" (or two zero bytes when unencrypted), chk_alg
// "B2", kdf_salt, opslimit and memlimit (little-endian), then keyid || sk || checksum, that last
// part XORed with scrypt output when encrypted. checksum = BLAKE2b-256(sig_alg || keyid || sk).
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "core/common/file_io.h"
#include "core/common/sodium_init.h"
#include "core/signing/minisign.h"

namespace archive_news {
namespace {

using Bytes = std::vector<std::uint8_t>;

constexpr std::string_view kCommentPrefix = "untrusted comment: ";
constexpr std::string_view kSecretKeyDefaultComment = "minisign encrypted secret key";

constexpr std::array<std::uint8_t, 2> kEd25519{'E', 'd'};
constexpr std::array<std::uint8_t, 2> kScrypt{'S', 'c'};
constexpr std::array<std::uint8_t, 2> kNoKdf{0, 0};
constexpr std::array<std::uint8_t, 2> kBlake2b{'B', '2'};

constexpr std::size_t kKeyIdSize = 8;
constexpr std::size_t kPublicKeySize = crypto_sign_PUBLICKEYBYTES;
constexpr std::size_t kSecretKeySize = crypto_sign_SECRETKEYBYTES;
constexpr std::size_t kChecksumSize = crypto_generichash_BYTES;
constexpr std::size_t kSaltSize = crypto_pwhash_scryptsalsa208sha256_SALTBYTES;

// The public key blob: "Ed" || keyid || pk.
constexpr std::size_t kPublicBlobSize = 2 + kKeyIdSize + kPublicKeySize;

// Byte offsets in the secret key blob.
constexpr std::size_t kKdfAlgOffset = 2;
constexpr std::size_t kChkAlgOffset = 4;
constexpr std::size_t kSaltOffset = 6;
constexpr std::size_t kOpsLimitOffset = kSaltOffset + kSaltSize;
constexpr std::size_t kMemLimitOffset = kOpsLimitOffset + 8;
constexpr std::size_t kKeyIdOffset = kMemLimitOffset + 8;  // the encrypted part starts here
constexpr std::size_t kSecretOffset = kKeyIdOffset + kKeyIdSize;
constexpr std::size_t kChecksumOffset = kSecretOffset + kSecretKeySize;
constexpr std::size_t kSecretBlobSize = kChecksumOffset + kChecksumSize;
constexpr std::size_t kEncryptedSize = kSecretBlobSize - kKeyIdOffset;
static_assert(kSecretBlobSize == 158 && kEncryptedSize == 104);

// minisign's "sensitive" scrypt parameters for new keys (minisign 0.11 encrypt_key()).
constexpr std::uint64_t kOpsLimit = crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_SENSITIVE;
constexpr std::uint64_t kMemLimit = crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_SENSITIVE;
static_assert(kOpsLimit == 33554432 && kMemLimit == 1073741824);
// A key file states its own limits; these refuse files that would have us allocate or compute
// for absurdly long (twice minisign's memory, 128 times its work) instead of trying.
constexpr std::uint64_t kMaxMemLimit = std::uint64_t{2} << 30;
constexpr std::uint64_t kMaxOpsLimit = kOpsLimit * 128;

// Wipes a buffer that held secret bytes when the scope ends, however it ends.
class WipeOnExit {
 public:
  WipeOnExit(void* data, std::size_t size) : data_(data), size_(size) {}
  ~WipeOnExit() { sodium_memzero(data_, size_); }
  WipeOnExit(const WipeOnExit&) = delete;
  WipeOnExit& operator=(const WipeOnExit&) = delete;

 private:
  void* data_;
  std::size_t size_;
};

// Bytes in libsodium's guarded memory (locked where allowed, wiped when freed).
class SecureBytes {
 public:
  explicit SecureBytes(std::size_t size)
      : data_(static_cast<std::uint8_t*>(sodium_malloc(size))), size_(size) {
    if (data_ == nullptr) {
      throw Error(ErrorCode::kIOError, "cannot allocate guarded memory for secret key material");
    }
  }
  ~SecureBytes() { sodium_free(data_); }
  SecureBytes(const SecureBytes&) = delete;
  SecureBytes& operator=(const SecureBytes&) = delete;

  std::uint8_t* data() { return data_; }
  std::size_t size() const { return size_; }

 private:
  std::uint8_t* data_;
  std::size_t size_;
};

[[noreturn]] void fail(ErrorCode code, const std::string& source, std::string reason) {
  throw Error(code, source, std::nullopt, std::move(reason));
}

[[noreturn]] void failAt(const std::string& source, std::size_t line, const std::string& reason) {
  fail(ErrorCode::kInvalidArgument, source, "line " + std::to_string(line) + ": " + reason);
}

std::uint64_t loadLe64(const std::uint8_t* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

void storeLe64(std::uint8_t* bytes, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

std::string_view trimBlanks(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t");
  if (first == text.npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

// A short, printable excerpt of unexpected text, for error messages.
std::string excerpt(std::string_view text) {
  constexpr std::size_t kMax = 40;
  std::string shown;
  for (char c : text.substr(0, kMax)) shown += (c >= 0x20 && c < 0x7F) ? c : '?';
  if (text.size() > kMax) shown += "...";
  return "\"" + shown + "\"";
}

// Two algorithm bytes as minisign's names ("Ed") when printable, else as hex.
std::string describeTag(const std::uint8_t* tag) {
  auto printable = [](std::uint8_t c) { return c >= 0x21 && c < 0x7F; };
  if (printable(tag[0]) && printable(tag[1])) {
    return std::string("\"") + char(tag[0]) + char(tag[1]) + "\"";
  }
  constexpr char kHex[] = "0123456789abcdef";
  std::string hex = "bytes 0x";
  for (int i = 0; i < 2; ++i) (hex += kHex[tag[i] >> 4]) += kHex[tag[i] & 15];
  return hex;
}

bool tagIs(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected) {
  return tag[0] == expected[0] && tag[1] == expected[1];
}

void checkNothingAfter(const std::vector<std::string_view>& lines, std::size_t count,
                       const std::string& source) {
  for (std::size_t i = count; i < lines.size(); ++i) {
    if (!trimBlanks(lines[i]).empty()) {
      failAt(source, i + 1, "expected the end of the key file, found " + excerpt(lines[i]));
    }
  }
}

bool isBlank(const std::vector<std::string_view>& lines) {
  return std::all_of(lines.begin(), lines.end(),
                     [](std::string_view line) { return trimBlanks(line).empty(); });
}

// The base64 line (1-based `number`) decoded to exactly `size` bytes of `what`.
Bytes decodeKeyLine(std::string_view line, std::size_t number, std::size_t size,
                    std::string_view what, const std::string& source) {
  std::string expected =
      "expected base64 of " + std::to_string(size) + " bytes (" + std::string(what) + "), found ";
  std::string_view text = trimBlanks(line);
  if (text.empty()) failAt(source, number, expected + "an empty line");
  std::optional<Bytes> bytes = internal::base64Decode(text);
  if (!bytes) failAt(source, number, expected + "text that is not base64: " + excerpt(text));
  if (bytes->size() != size) {
    std::size_t found = bytes->size();
    sodium_memzero(bytes->data(), bytes->size());
    // One key file given for the other is the usual mistake: say so, not just the sizes.
    std::string hint;
    if (size == kSecretBlobSize && found == kPublicBlobSize) {
      hint = ", a minisign public key; give the secret key file here (keygen -s), not the .pub";
    } else if (size == kPublicBlobSize && found == kSecretBlobSize) {
      hint =
          ", a minisign secret key; give the public key file here (keygen -p), and keep the "
          "secret key to yourself";
    }
    failAt(source, number, expected + std::to_string(found) + " bytes" + hint);
  }
  return std::move(*bytes);
}

void requireTag(const std::uint8_t* tag, const std::array<std::uint8_t, 2>& expected,
                std::string_view what, const std::string& source, std::size_t line) {
  if (!tagIs(tag, expected)) {
    failAt(source, line,
           "expected " + std::string(what) + " " + describeTag(expected.data()) + ", found " +
               describeTag(tag));
  }
}

// The index of the base64 line, after checking the lines around it. A public key may come as that
// line alone (as `minisign -P` takes it); a secret key file always starts with its comment.
std::size_t keyLineIndex(const std::vector<std::string_view>& lines, std::string_view kind,
                         bool bareAllowed, const std::string& source) {
  if (isBlank(lines)) {
    fail(ErrorCode::kInvalidArgument, source,
         "expected a minisign " + std::string(kind) + " key, found empty text");
  }
  bool bare = bareAllowed && !startsWith(lines[0], kCommentPrefix) &&
              isBlank({lines.begin() + 1, lines.end()});
  if (!bare && !startsWith(lines[0], kCommentPrefix)) {
    failAt(source, 1,
           "expected \"untrusted comment: \" (minisign " + std::string(kind) +
               " key file), found " + excerpt(lines[0]));
  }
  std::size_t index = bare ? 0 : 1;
  if (index >= lines.size()) {
    failAt(source, index + 1,
           "expected the base64 " + std::string(kind) + " key line, found the end of the file");
  }
  checkNothingAfter(lines, index + 1, source);
  return index;
}

// Decodes the secret key line into `blob` and checks its algorithm bytes; true when encrypted.
bool readSecretKeyLine(std::string_view text, const std::string& source, std::uint8_t* blob) {
  std::vector<std::string_view> lines = internal::splitLines(text);
  std::size_t index = keyLineIndex(lines, "secret", false, source);
  Bytes decoded =
      decodeKeyLine(lines[index], index + 1, kSecretBlobSize, "minisign secret key", source);
  WipeOnExit wipe(decoded.data(), decoded.size());
  std::copy(decoded.begin(), decoded.end(), blob);
  requireTag(blob, kEd25519, "signature algorithm", source, 2);
  requireTag(blob + kChkAlgOffset, kBlake2b, "checksum algorithm", source, 2);
  const std::uint8_t* kdf = blob + kKdfAlgOffset;
  if (!tagIs(kdf, kScrypt) && !tagIs(kdf, kNoKdf)) {
    failAt(source, 2,
           "expected key derivation \"Sc\" (scrypt) or bytes 0x0000 (unencrypted), found " +
               describeTag(kdf));
  }
  return tagIs(kdf, kScrypt);
}

void checksum(const std::uint8_t* blob, std::uint8_t* out) {
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, kChecksumSize);
  crypto_generichash_update(&state, blob, 2);
  crypto_generichash_update(&state, blob + kKeyIdOffset, kKeyIdSize + kSecretKeySize);
  crypto_generichash_final(&state, out, kChecksumSize);
}

// XORs the key id, secret key and checksum with scrypt(password); returns false when scrypt
// cannot get the memory it needs.
bool applyScrypt(std::uint8_t* blob, std::string_view password) {
  SecureBytes stream(kEncryptedSize);
  if (crypto_pwhash_scryptsalsa208sha256(
          stream.data(), stream.size(), password.data(), password.size(), blob + kSaltOffset,
          loadLe64(blob + kOpsLimitOffset), loadLe64(blob + kMemLimitOffset)) != 0) {
    return false;
  }
  for (std::size_t i = 0; i < kEncryptedSize; ++i) blob[kKeyIdOffset + i] ^= stream.data()[i];
  return true;
}

void checkScryptLimits(const std::uint8_t* blob, const std::string& source) {
  std::uint64_t ops = loadLe64(blob + kOpsLimitOffset);
  std::uint64_t mem = loadLe64(blob + kMemLimitOffset);
  if (mem > kMaxMemLimit || ops > kMaxOpsLimit) {
    failAt(source, 2,
           "expected scrypt limits of at most opslimit " + std::to_string(kMaxOpsLimit) +
               " and memlimit " + std::to_string(kMaxMemLimit) + " (minisign uses " +
               std::to_string(kOpsLimit) + " and " + std::to_string(kMemLimit) +
               "), found opslimit " + std::to_string(ops) + " and memlimit " + std::to_string(mem));
  }
}

void decrypt(std::uint8_t* blob, const PasswordProvider& password, const std::string& source) {
  checkScryptLimits(blob, source);
  if (!password) {
    failAt(source, 2, "expected a password for this encrypted key, found no way to ask for one");
  }
  std::string secret = password();
  WipeOnExit wipePassword(secret.data(), secret.size());
  if (!applyScrypt(blob, secret)) {
    fail(ErrorCode::kIOError, source,
         "cannot derive the key from the password: scrypt could not get the memory it needs "
         "(memlimit " +
             std::to_string(loadLe64(blob + kMemLimitOffset)) + " bytes)");
  }
}

// Verifies the checksum and that the secret key's public half matches its seed, so a damaged
// file or a wrong password never yields a key that signs with the wrong identity.
void checkDecoded(const std::uint8_t* blob, bool encrypted, const std::string& source) {
  std::uint8_t expected[kChecksumSize];
  checksum(blob, expected);
  const std::uint8_t* stored = blob + kChecksumOffset;
  // minisign -W writes no checksum (zeros) and minisign never checks one on unencrypted keys.
  bool unset = !encrypted && sodium_is_zero(stored, kChecksumSize);
  if (!unset && sodium_memcmp(expected, stored, kChecksumSize) != 0) {
    if (encrypted) {
      fail(ErrorCode::kBadSignature, source,
           "wrong password: the decrypted key does not match its BLAKE2b checksum");
    }
    failAt(source, 2, "expected the key's BLAKE2b checksum to match, found a damaged key");
  }
  std::uint8_t publicKey[kPublicKeySize];
  SecureBytes derived(kSecretKeySize);
  crypto_sign_seed_keypair(publicKey, derived.data(), blob + kSecretOffset);
  if (sodium_memcmp(publicKey, blob + kSecretOffset + 32, kPublicKeySize) != 0) {
    failAt(source, 2,
           "expected a secret key whose public half matches its seed, found a damaged key");
  }
}

SecretKey secretKeyFromBlob(const std::uint8_t* blob) {
  KeyId keyId;
  std::copy_n(blob + kKeyIdOffset, kKeyIdSize, keyId.begin());
  // The constructor takes an array reference; pointing it into the blob avoids another copy of
  // the secret.
  return SecretKey(keyId,
                   *reinterpret_cast<const std::uint8_t(*)[kSecretKeySize]>(blob + kSecretOffset));
}

// Fills the scrypt fields and encrypts. Like minisign, halves the limits while memory is short
// rather than fail on small machines; the file records the limits used.
void encrypt(std::uint8_t* blob, std::string_view password) {
  randombytes_buf(blob + kSaltOffset, kSaltSize);
  std::uint64_t ops = kOpsLimit;
  std::uint64_t mem = kMemLimit;
  for (;;) {
    storeLe64(blob + kOpsLimitOffset, ops);
    storeLe64(blob + kMemLimitOffset, mem);
    if (applyScrypt(blob, password)) return;
    ops /= 2;
    mem /= 2;
    if (ops < crypto_pwhash_scryptsalsa208sha256_OPSLIMIT_MIN ||
        mem < crypto_pwhash_scryptsalsa208sha256_MEMLIMIT_MIN) {
      throw Error(ErrorCode::kIOError,
                  "cannot encrypt the secret key: scrypt could not get the memory it needs");
    }
  }
}

const SecretKey& requireUsable(const SecretKey& key) {
  if (key.bytes() == nullptr) {
    throw Error(ErrorCode::kInvalidArgument, "the secret key was moved from");
  }
  return key;
}

}  // namespace

std::string keyIdToHex(const KeyId& id) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string hex;
  for (auto byte = id.rbegin(); byte != id.rend(); ++byte) {
    hex += kHex[*byte >> 4];
    hex += kHex[*byte & 15];
  }
  return hex;
}

struct SecretKey::Impl {
  KeyId keyId{};
  std::uint8_t* bytes = nullptr;  // sodium_malloc'd, read-only once filled

  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() { sodium_free(bytes); }  // wipes; libsodium lifts the read-only protection first
};

SecretKey::SecretKey(const KeyId& keyId, const std::uint8_t (&secretKey)[64])
    : impl_(std::make_unique<Impl>()) {
  internal::ensureSodium();
  impl_->keyId = keyId;
  // sodium_malloc locks the pages where RLIMIT_MEMLOCK allows and surrounds them with guard pages.
  impl_->bytes = static_cast<std::uint8_t*>(sodium_malloc(kSecretKeySize));
  if (impl_->bytes == nullptr) {
    throw Error(ErrorCode::kIOError, "cannot allocate guarded memory for a secret key");
  }
  std::memcpy(impl_->bytes, secretKey, kSecretKeySize);
  sodium_mprotect_readonly(impl_->bytes);
}

SecretKey::~SecretKey() = default;
SecretKey::SecretKey(SecretKey&&) noexcept = default;
SecretKey& SecretKey::operator=(SecretKey&&) noexcept = default;

const KeyId& SecretKey::keyId() const noexcept {
  static const KeyId kNone{};
  return impl_ ? impl_->keyId : kNone;
}

const std::uint8_t* SecretKey::bytes() const noexcept { return impl_ ? impl_->bytes : nullptr; }

PublicKey SecretKey::publicKey() const {
  requireUsable(*this);
  PublicKey key;
  key.keyId = impl_->keyId;
  std::copy_n(impl_->bytes + kSecretKeySize - kPublicKeySize, kPublicKeySize, key.key.begin());
  return key;
}

KeyPair generateKeyPair() {
  internal::ensureSodium();
  PublicKey publicKey;
  randombytes_buf(publicKey.keyId.data(), publicKey.keyId.size());
  std::uint8_t secretKey[kSecretKeySize];
  WipeOnExit wipe(secretKey, sizeof secretKey);
  crypto_sign_keypair(publicKey.key.data(), secretKey);
  return KeyPair{publicKey, SecretKey(publicKey.keyId, secretKey)};
}

PublicKey parsePublicKey(std::string_view text, const std::string& source) {
  std::vector<std::string_view> lines = internal::splitLines(text);
  std::size_t index = keyLineIndex(lines, "public", true, source);
  Bytes blob = decodeKeyLine(lines[index], index + 1, kPublicBlobSize,
                             "minisign Ed25519 public key", source);
  requireTag(blob.data(), kEd25519, "signature algorithm", source, index + 1);
  PublicKey key;
  std::copy_n(blob.begin() + 2, kKeyIdSize, key.keyId.begin());
  std::copy_n(blob.begin() + 2 + kKeyIdSize, kPublicKeySize, key.key.begin());
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

SecretKey parseSecretKey(std::string_view text, const std::string& source,
                         const PasswordProvider& password) {
  internal::ensureSodium();
  SecureBytes blob(kSecretBlobSize);
  bool encrypted = readSecretKeyLine(text, source, blob.data());
  if (encrypted) decrypt(blob.data(), password, source);
  checkDecoded(blob.data(), encrypted, source);
  return secretKeyFromBlob(blob.data());
}

SecretKey loadSecretKey(const std::filesystem::path& path, const PasswordProvider& password) {
  std::string text = internal::readTextFile(path);
  WipeOnExit wipe(text.data(), text.size());
  return parseSecretKey(text, path.string(), password);
}

std::string formatPublicKey(const PublicKey& key, std::string_view comment) {
  std::string text = internal::untrustedCommentLine(
      comment.empty() ? "minisign public key " + keyIdToHex(key.keyId) : std::string(comment));
  Bytes blob(kEd25519.begin(), kEd25519.end());
  blob.insert(blob.end(), key.keyId.begin(), key.keyId.end());
  blob.insert(blob.end(), key.key.begin(), key.key.end());
  return text + internal::base64Encode(blob) + "\n";
}

std::string formatSecretKey(const SecretKey& key, const std::optional<std::string>& password,
                            std::string_view comment) {
  internal::ensureSodium();
  requireUsable(key);
  std::string text =
      internal::untrustedCommentLine(comment.empty() ? kSecretKeyDefaultComment : comment);
  SecureBytes blob(kSecretBlobSize);
  std::fill_n(blob.data(), blob.size(), std::uint8_t{0});
  std::copy(kEd25519.begin(), kEd25519.end(), blob.data());
  std::copy(kBlake2b.begin(), kBlake2b.end(), blob.data() + kChkAlgOffset);
  const std::array<std::uint8_t, 2>& kdf = password ? kScrypt : kNoKdf;
  std::copy(kdf.begin(), kdf.end(), blob.data() + kKdfAlgOffset);
  std::copy_n(key.keyId().begin(), kKeyIdSize, blob.data() + kKeyIdOffset);
  std::copy_n(key.bytes(), kSecretKeySize, blob.data() + kSecretOffset);
  // Unlike minisign -W, unencrypted keys get a checksum too: it catches damaged files here, and
  // minisign ignores it.
  checksum(blob.data(), blob.data() + kChecksumOffset);
  if (password) encrypt(blob.data(), *password);
  std::string encoded = internal::base64Encode({blob.data(), blob.size()});
  WipeOnExit wipe(encoded.data(), encoded.size());
  text.reserve(text.size() + encoded.size() + 1);
  text.append(encoded).append("\n");
  return text;
}

void savePublicKey(const std::filesystem::path& path, const PublicKey& key, bool overwrite,
                   std::string_view comment) {
  internal::AtomicFile file(path, overwrite, 0644);
  file.write(formatPublicKey(key, comment));
  file.commit();
}

void saveSecretKey(const std::filesystem::path& path, const SecretKey& key,
                   const std::optional<std::string>& password, bool overwrite,
                   std::string_view comment) {
  // Opened first so that an existing file is refused before the slow key derivation.
  internal::AtomicFile file(path, overwrite, 0600);
  std::string text = formatSecretKey(key, password, comment);
  WipeOnExit wipe(text.data(), text.size());
  file.write(text);
  file.commit();
}

}  // namespace archive_news
