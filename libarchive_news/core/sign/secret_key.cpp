// minisign 0.11's secret key files: base64 of sig_alg "Ed", kdf_alg "Sc" (or two zero bytes when
// unencrypted), chk_alg "B2", kdf_salt, opslimit and memlimit (little-endian), then keyid || sk ||
// checksum, that last part XORed with scrypt output when encrypted.
// checksum = BLAKE2b-256(sig_alg || keyid || sk).
#include <archive_news/error.h>
#include <archive_news/secret_key.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/signature/key_file.h"
#include "core/signature/minisign.h"
#include "util/file_io.h"
#include "util/sodium_init.h"

namespace archive_news {
namespace {

using namespace internal;  // the key file helpers and minisign's text primitives
using Bytes = std::vector<std::uint8_t>;

using Bytes = std::vector<std::uint8_t>;

constexpr std::string_view kSecretKeyDefaultComment = "minisign encrypted secret key";

constexpr std::array<std::uint8_t, 2> kScrypt{'S', 'c'};
constexpr std::array<std::uint8_t, 2> kNoKdf{0, 0};
constexpr std::array<std::uint8_t, 2> kBlake2b{'B', '2'};

constexpr std::size_t kPublicKeySize = crypto_sign_PUBLICKEYBYTES;
constexpr std::size_t kSecretKeySize = crypto_sign_SECRETKEYBYTES;
constexpr std::size_t kChecksumSize = crypto_generichash_BYTES;
constexpr std::size_t kSaltSize = crypto_pwhash_scryptsalsa208sha256_SALTBYTES;

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
static_assert(kSecretBlobSize == kSecretKeyBlobSize && kEncryptedSize == 104);

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

std::uint64_t loadLe64(const std::uint8_t* bytes) {
  std::uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

void storeLe64(std::uint8_t* bytes, std::uint64_t value) {
  for (int i = 0; i < 8; ++i) bytes[i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Decodes the secret key line into `blob` and checks its algorithm bytes; true when encrypted.
bool readSecretKeyLine(std::string_view text, const std::string& source, std::uint8_t* blob) {
  std::vector<std::string_view> lines = splitLines(text);
  std::size_t index = keyLineIndex(lines, "secret", false, source);
  Bytes decoded =
      decodeKeyLine(lines[index], index + 1, kSecretBlobSize, "minisign secret key", source);
  WipeOnExit wipe(decoded.data(), decoded.size());
  std::copy(decoded.begin(), decoded.end(), blob);
  requireTag(blob, kEd25519Tag, "signature algorithm", source, 2);
  requireTag(blob + kChkAlgOffset, kBlake2b, "checksum algorithm", source, 2);
  const std::uint8_t* kdf = blob + kKdfAlgOffset;
  if (!tagIs(kdf, kScrypt) && !tagIs(kdf, kNoKdf)) {
    failKeyFileAt(source, 2,
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
    failKeyFileAt(source, 2,
                  "expected scrypt limits of at most opslimit " + std::to_string(kMaxOpsLimit) +
                      " and memlimit " + std::to_string(kMaxMemLimit) + " (minisign uses " +
                      std::to_string(kOpsLimit) + " and " + std::to_string(kMemLimit) +
                      "), found opslimit " + std::to_string(ops) + " and memlimit " +
                      std::to_string(mem));
  }
}

void decrypt(std::uint8_t* blob, const PasswordProvider& password, const std::string& source) {
  checkScryptLimits(blob, source);
  if (!password) {
    failKeyFileAt(source, 2,
                  "expected a password for this encrypted key, found no way to ask for one");
  }
  std::string secret = password();
  WipeOnExit wipePassword(secret.data(), secret.size());
  if (!applyScrypt(blob, secret)) {
    failKeyFile(ErrorCode::kIOError, source,
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
      failKeyFile(ErrorCode::kBadSignature, source,
                  "wrong password: the decrypted key does not match its BLAKE2b checksum");
    }
    failKeyFileAt(source, 2, "expected the key's BLAKE2b checksum to match, found a damaged key");
  }
  std::uint8_t publicKey[kPublicKeySize];
  SecureBytes derived(kSecretKeySize);
  crypto_sign_seed_keypair(publicKey, derived.data(), blob + kSecretOffset);
  if (sodium_memcmp(publicKey, blob + kSecretOffset + 32, kPublicKeySize) != 0) {
    failKeyFileAt(source, 2,
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

std::string formatSecretKey(const SecretKey& key, const std::optional<std::string>& password,
                            std::string_view comment) {
  internal::ensureSodium();
  requireUsable(key);
  std::string text =
      internal::untrustedCommentLine(comment.empty() ? kSecretKeyDefaultComment : comment);
  SecureBytes blob(kSecretBlobSize);
  std::fill_n(blob.data(), blob.size(), std::uint8_t{0});
  std::copy(kEd25519Tag.begin(), kEd25519Tag.end(), blob.data());
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
