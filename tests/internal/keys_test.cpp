// Keys and signatures in minisign's formats: known answers made by stock minisign 0.11, round
// trips, every class of malformed input, and live interoperability with the minisign binary.
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/signature.h>
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The private primitives, visible through archive_news_internal.
#include "core/sign/signer.h"
#include "core/signature/minisign.h"
#include "minisig_parse.h"

namespace {

namespace fs = std::filesystem;
using archive_news::Error;
using archive_news::ErrorCode;
using archive_news::internal::SignatureCheck;
using newsarc_test::parseMinisignSignature;
namespace an = archive_news;
namespace in = archive_news::internal;

// Made by `minisign -G -W` (0.11); kMinisignSignature by `minisign -S -s <that key> -m msg.bin
// -t kFixtureTrustedComment` over kFixtureMessage. Ed25519 is deterministic, so signing the
// same bytes here must reproduce minisign's file byte for byte.
constexpr std::string_view kFixturePublicKey =
    "untrusted comment: minisign public key 472010791B49D7DE\n"
    "RWTe10kbeRAgR7dLpe6BF78UnsA7/1p5PWaTA5pd+HTN6HBal58ELW3n\n";
constexpr std::string_view kFixtureSecretKey =
    "untrusted comment: minisign encrypted secret key\n"
    "RWQAAEIyAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA3tdJG3kQIEd1UlZzNxu5fH"
    "z4SvmyQB69rTDdS4zxzUyYdKGbXmXhybdLpe6BF78UnsA7/1p5PWaTA5pd+HTN6HBal58ELW3nAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAA=\n";
constexpr std::string_view kFixtureMessage = "newsarc manifest bytes\n";
constexpr std::string_view kFixtureTrustedComment = "timestamp:1700000000\tfile:msg.bin\thashed";
constexpr std::string_view kMinisignSignature =
    "untrusted comment: signature from minisign secret key\n"
    "RUTe10kbeRAgR/8TLclILhm6xznd6V/ThQYVxKDnL/aJRkxjFQGV2tyDZBogMaQSQrDKV/8Bt6h80JjdcHvsG+/"
    "vYASKDKoM7ws=\n"
    "trusted comment: timestamp:1700000000\tfile:msg.bin\thashed\n"
    "7uTUlhjQyga7rUS3ef9PrHWxW2KWmeLO1ECmVwv9rp4rBlrnSPvOYTmPPsqJV/sAJWNYRuiF3fvR4cPISlGuDA==\n";
constexpr an::KeyId kFixtureKeyId{0xde, 0xd7, 0x49, 0x1b, 0x79, 0x10, 0x20, 0x47};

// scrypt with minisign's parameters takes seconds, so tests share few encrypted keys.
constexpr std::string_view kPassword = "correct horse battery staple";

std::vector<std::uint8_t> bytesOf(std::string_view text) { return {text.begin(), text.end()}; }

an::PasswordProvider noPasswordExpected() {
  return []() -> std::string {
    FAIL_CHECK("the password was asked for an unencrypted key");
    return {};
  };
}

an::PasswordProvider countingPassword(std::string password, int& calls) {
  return [password = std::move(password), &calls] {
    ++calls;
    return password;
  };
}

// A decoded key line re-encoded after `edit`, so that tests can forge files byte by byte.
std::string editKeyLine(std::string_view file,
                        const std::function<void(std::vector<std::uint8_t>&)>& edit) {
  std::size_t start = file.find('\n') + 1;
  std::size_t end = file.find('\n', start);
  auto blob = in::base64Decode(file.substr(start, end - start));
  REQUIRE(blob);
  edit(*blob);
  return std::string(file.substr(0, start)) + in::base64Encode(*blob) + "\n";
}

template <typename Function>
void checkRejected(Function&& function, ErrorCode code, const std::string& source,
                   const std::string& fragment) {
  try {
    function();
    FAIL_CHECK("no error thrown; expected one containing: " << fragment);
  } catch (const Error& error) {
    CHECK_MESSAGE(error.code() == code, error.what());
    CHECK(error.file() == source);
    CHECK_MESSAGE(std::string(error.what()).find(source + ": ") == 0, error.what());
    CHECK_MESSAGE(std::string(error.what()).find(fragment) != std::string::npos,
                  "expected \"" << fragment << "\" in: " << error.what());
  }
}

void checkInvalidPublic(std::string_view text, const std::string& fragment) {
  checkRejected([&] { an::parsePublicKey(text, "test.pub"); }, ErrorCode::kInvalidArgument,
                "test.pub", fragment);
}

void checkInvalidSecret(std::string_view text, const std::string& fragment) {
  checkRejected([&] { an::parseSecretKey(text, "test.key", noPasswordExpected()); },
                ErrorCode::kInvalidArgument, "test.key", fragment);
}

an::SecretKey fixtureSecretKey() {
  return an::parseSecretKey(kFixtureSecretKey, "fixture.key", noPasswordExpected());
}

// --- Files and the minisign binary ----------------------------------------------------------

class TempDir {
 public:
  TempDir() {
    std::random_device random;
    std::ostringstream name;
    name << "newsarc-keys-test-" << ::getpid() << "-" << std::hex << random() << random();
    path_ = fs::temp_directory_path() / name.str();
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  fs::path operator/(const std::string& name) const { return path_ / name; }

 private:
  fs::path path_;
};

std::string readAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeAll(const fs::path& path, std::string_view text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

std::string quoted(const fs::path& path) {
  std::string quoted = "'";
  for (char c : path.string()) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct RunResult {
  int status;
  std::string output;
};

// Runs a shell command, its stdout and stderr captured in `log`.
RunResult run(const std::string& command, const fs::path& log) {
  int raw = std::system((command + " >" + quoted(log) + " 2>&1").c_str());
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, readAll(log)};
}

// The interoperability tests fail rather than skip without minisign: CI installs it.
void requireMinisign() {
  REQUIRE_MESSAGE(std::system("minisign -v >/dev/null 2>&1") == 0,
                  "stock minisign is needed (apt-get install minisign)");
}

RunResult minisignVerify(const TempDir& dir, const std::string& message, const std::string& sig,
                         const std::string& publicKey) {
  return run("minisign -V -H -m " + quoted(dir / message) + " -x " + quoted(dir / sig) + " -p " +
                 quoted(dir / publicKey),
             dir / "verify.log");
}

// minisign 0.11 prints the key id in the public key comment without leading zeros (%llX), where
// keyIdToHex and later minisign versions pad to 16 digits; the files are otherwise the same.
std::string withoutKeyIdPadding(std::string file) {
  const std::string prefix = "untrusted comment: minisign public key ";
  if (file.rfind(prefix, 0) == 0) {
    std::size_t digits = file.find_first_not_of('0', prefix.size());
    if (digits != std::string::npos && file[digits] != '\n') {
      file.erase(prefix.size(), digits - prefix.size());
    }
  }
  return file;
}

// A signature made here over `message`, written where minisign looks for it.
an::Signature signFileHere(const TempDir& dir, const an::SecretKey& key, const std::string& message,
                           const std::string& trustedComment) {
  an::Signature signature = in::signMessage(key, bytesOf(readAll(dir / message)), trustedComment);
  writeAll(dir / (message + ".minisig"), an::formatMinisignSignature(signature));
  return signature;
}

// Reads minisign's signature of `message` and checks it here against `key`.
void checkMinisignSignatureHere(const TempDir& dir, const std::string& message,
                                const an::PublicKey& key, const std::string& trustedComment) {
  auto signature = parseMinisignSignature(readAll(dir / (message + ".minisig")));
  REQUIRE(signature);
  CHECK(signature->keyId == key.keyId);
  signature->publicKey = key.key;
  CHECK(in::checkSignatures({*signature}, bytesOf(readAll(dir / message))).front() ==
        SignatureCheck::kValid);
  CHECK(in::madeBy(*signature, key));
  CHECK(signature->trustedComment == trustedComment);
}

// --- Known answers ---------------------------------------------------------------------------

TEST_CASE("keys: key ids print as minisign prints them") {
  CHECK(an::keyIdToHex(kFixtureKeyId) == "472010791B49D7DE");
  CHECK(an::keyIdToHex({1, 0, 0, 0, 0, 0, 0, 0}) == "0000000000000001");
  CHECK(withoutKeyIdPadding("untrusted comment: minisign public key 0000000000000001\nRW\n") ==
        "untrusted comment: minisign public key 1\nRW\n");
}

TEST_CASE("keys: base64 follows RFC 4648 and decodes strictly") {
  const std::vector<std::pair<std::string, std::string>> vectors = {{"", ""},
                                                                    {"f", "Zg=="},
                                                                    {"fo", "Zm8="},
                                                                    {"foo", "Zm9v"},
                                                                    {"foob", "Zm9vYg=="},
                                                                    {"fooba", "Zm9vYmE="},
                                                                    {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    CHECK(in::base64Encode(bytesOf(plain)) == encoded);
    CHECK(in::base64Decode(encoded) == bytesOf(plain));
  }
  std::vector<std::uint8_t> all(256);
  for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
  CHECK(in::base64Decode(in::base64Encode(all)) == all);
  for (std::string_view bad : {"Zg", "Zg=", "Zh==", "Zm9=", "Z===", "====", "Zm9v\n", " Zm9v",
                               "Zm=v", "Zg==Zg==", "Zm9v-_==", "Zm9v*A=="}) {
    CHECK_MESSAGE(!in::base64Decode(bad), bad);
  }
}

TEST_CASE("keys: minisign's own key files parse, and public keys format byte for byte") {
  an::PublicKey publicKey = an::parsePublicKey(kFixturePublicKey, "fixture.pub");
  CHECK(publicKey.keyId == kFixtureKeyId);
  CHECK(an::formatPublicKey(publicKey) == kFixturePublicKey);  // its id has no leading zero
  std::string_view bare = kFixturePublicKey.substr(kFixturePublicKey.find('\n') + 1);
  CHECK(an::parsePublicKey(bare, "-P") == publicKey);
  CHECK(an::parsePublicKey(bare.substr(0, bare.size() - 1), "-P") == publicKey);

  an::SecretKey secretKey = fixtureSecretKey();
  CHECK(secretKey.keyId() == kFixtureKeyId);
  CHECK(secretKey.publicKey() == publicKey);
}

TEST_CASE("keys: signatures reproduce minisign's .minisig byte for byte") {
  an::SecretKey key = fixtureSecretKey();
  an::Signature signature =
      in::signMessage(key, bytesOf(kFixtureMessage), std::string(kFixtureTrustedComment));
  CHECK(an::formatMinisignSignature(signature, "signature from minisign secret key") ==
        kMinisignSignature);
  auto parsed = parseMinisignSignature(kMinisignSignature);
  REQUIRE(parsed);
  CHECK(parsed->publicKey == std::array<std::uint8_t, 32>{});
  parsed->publicKey = signature.publicKey;
  CHECK(*parsed == signature);
}

// --- Round trips -----------------------------------------------------------------------------

TEST_CASE("keys: generated keys round-trip through the unencrypted formats") {
  an::KeyPair pair = an::generateKeyPair();
  CHECK(pair.secretKey.publicKey() == pair.publicKey);
  CHECK(pair.secretKey.keyId() == pair.publicKey.keyId);

  std::string publicText = an::formatPublicKey(pair.publicKey);
  CHECK(publicText == "untrusted comment: minisign public key " +
                          an::keyIdToHex(pair.publicKey.keyId) + "\n" +
                          publicText.substr(publicText.find('\n') + 1));
  CHECK(an::parsePublicKey(publicText, "k.pub") == pair.publicKey);
  CHECK(an::parsePublicKey(an::formatPublicKey(pair.publicKey, "my key"), "k.pub") ==
        pair.publicKey);
  CHECK(an::formatPublicKey(pair.publicKey, "my key").rfind("untrusted comment: my key\n", 0) == 0);

  std::string secretText = an::formatSecretKey(pair.secretKey, std::nullopt);
  CHECK(secretText.rfind("untrusted comment: minisign encrypted secret key\n", 0) == 0);
  an::SecretKey parsed = an::parseSecretKey(secretText, "k.key", noPasswordExpected());
  CHECK(parsed.keyId() == pair.secretKey.keyId());
  CHECK(std::equal(parsed.bytes(), parsed.bytes() + 64, pair.secretKey.bytes()));

  // Windows line endings are read too.
  std::string crlf = secretText;
  for (std::size_t at = crlf.find('\n'); at != crlf.npos; at = crlf.find('\n', at + 2)) {
    crlf.insert(at, "\r");
  }
  CHECK(an::parseSecretKey(crlf, "k.key", noPasswordExpected()).keyId() == pair.publicKey.keyId);
}

TEST_CASE("keys: encrypted secret keys round-trip, and a wrong password is a bad signature") {
  an::KeyPair pair = an::generateKeyPair();
  std::string text = an::formatSecretKey(pair.secretKey, std::string(kPassword), "backup key");
  CHECK(text.rfind("untrusted comment: backup key\n", 0) == 0);
  auto blob = in::base64Decode(text.substr(text.find('\n') + 1, text.size() - text.find('\n') - 2));
  REQUIRE(blob);
  CHECK(std::string(blob->begin(), blob->begin() + 6) == "EdScB2");
  CHECK(std::vector<std::uint8_t>(blob->begin() + 38, blob->begin() + 54) ==
        std::vector<std::uint8_t>{0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0x40, 0, 0, 0, 0});

  int calls = 0;
  an::SecretKey parsed =
      an::parseSecretKey(text, "k.key", countingPassword(std::string(kPassword), calls));
  CHECK(calls == 1);
  CHECK(parsed.keyId() == pair.secretKey.keyId());
  CHECK(std::equal(parsed.bytes(), parsed.bytes() + 64, pair.secretKey.bytes()));

  checkRejected([&] { an::parseSecretKey(text, "k.key", countingPassword("wrong", calls)); },
                ErrorCode::kBadSignature, "k.key", "wrong password");
  CHECK(calls == 2);
}

TEST_CASE("keys: a password provider may abandon loading, and an encrypted key needs one") {
  an::KeyPair pair = an::generateKeyPair();
  // A forged "Sc" header (zero limits): the provider is asked before any derivation happens.
  std::string text = editKeyLine(an::formatSecretKey(pair.secretKey, std::nullopt),
                                 [](std::vector<std::uint8_t>& bytes) {
                                   bytes[2] = 'S';
                                   bytes[3] = 'c';
                                 });
  CHECK_THROWS_AS(
      an::parseSecretKey(text, "k.key",
                         []() -> std::string { throw std::runtime_error("cancelled"); }),
      std::runtime_error);
  checkRejected([&] { an::parseSecretKey(text, "k.key", nullptr); }, ErrorCode::kInvalidArgument,
                "k.key", "expected a password for this encrypted key");
}

TEST_CASE("keys: secret keys are move-only owners of their bytes") {
  an::KeyPair pair = an::generateKeyPair();
  an::PublicKey publicKey = pair.secretKey.publicKey();
  an::SecretKey moved = std::move(pair.secretKey);
  CHECK(moved.publicKey() == publicKey);
  CHECK(pair.secretKey.bytes() == nullptr);  // NOLINT(bugprone-use-after-move)
  CHECK(pair.secretKey.keyId() == an::KeyId{});
  CHECK_THROWS_AS(in::signMessage(pair.secretKey, {}, ""), Error);
  CHECK_THROWS_AS(an::formatSecretKey(pair.secretKey, std::nullopt), Error);
  pair.secretKey = std::move(moved);
  CHECK(pair.secretKey.publicKey() == publicKey);
}

// --- Malformed input -------------------------------------------------------------------------

TEST_CASE("keys: malformed public keys are invalid arguments naming the source") {
  const std::string good(kFixturePublicKey);
  checkInvalidPublic("", "expected a minisign public key, found empty text");
  checkInvalidPublic("\n \n", "expected a minisign public key, found empty text");
  checkInvalidPublic("minisign public key\n" + good.substr(good.find('\n') + 1),
                     "line 1: expected \"untrusted comment: \"");
  checkInvalidPublic("untrusted comment: x\n", "line 2: expected the base64 public key line");
  checkInvalidPublic("untrusted comment: x\n\n", "line 2: expected base64 of 42 bytes");
  checkInvalidPublic(
      "untrusted comment: x\nRWTe10kbeRAgR7dLpe6BF78Un*A7/1p5PWaTA5pd+HTN6HBal58ELW3n\n",
      "line 2: expected base64 of 42 bytes (minisign Ed25519 public key), found "
      "text that is not base64");
  checkInvalidPublic(editKeyLine(good, [](auto& bytes) { bytes.resize(40); }),
                     "line 2: expected base64 of 42 bytes (minisign Ed25519 public key), found 40 "
                     "bytes");
  checkInvalidPublic(editKeyLine(good, [](auto& bytes) { bytes[1] = 'D'; }),
                     "line 2: expected signature algorithm \"Ed\", found \"ED\"");
  checkInvalidPublic(editKeyLine(good, [](auto& bytes) { bytes[0] = 0; }), "found bytes 0x0064");
  checkInvalidPublic(good + "more\n", "line 3: expected the end of the key file");
  checkInvalidPublic("RWTe10kbeRAgR7dLpe6BF78UnsA7/1p5PWaTA5pd+HTN6HBal58ELW3n=",
                     "line 1: expected base64 of 42 bytes");
}

TEST_CASE("keys: malformed secret keys are invalid arguments naming the source") {
  const std::string good = an::formatSecretKey(fixtureSecretKey(), std::nullopt);
  const std::string keyLine = good.substr(good.find('\n') + 1);
  checkInvalidSecret("", "expected a minisign secret key, found empty text");
  checkInvalidSecret(keyLine, "line 1: expected \"untrusted comment: \"");
  checkInvalidSecret("untrusted comment: x", "line 2: expected the base64 secret key line");
  checkInvalidSecret("untrusted comment: x\nnot base64\n",
                     "line 2: expected base64 of 158 bytes (minisign secret key), found text that "
                     "is not base64");
  checkInvalidSecret(std::string(kFixturePublicKey),
                     "line 2: expected base64 of 158 bytes (minisign secret key), found 42 bytes");
  checkInvalidSecret(editKeyLine(good, [](auto& bytes) { bytes.push_back(0); }), "found 159 bytes");
  checkInvalidSecret(editKeyLine(good, [](auto& bytes) { bytes[1] = 'D'; }),
                     "line 2: expected signature algorithm \"Ed\", found \"ED\"");
  checkInvalidSecret(editKeyLine(good,
                                 [](auto& bytes) {
                                   bytes[2] = 'A';
                                   bytes[3] = 'r';
                                 }),
                     "line 2: expected key derivation \"Sc\" (scrypt) or bytes 0x0000 "
                     "(unencrypted), found \"Ar\"");
  checkInvalidSecret(editKeyLine(good, [](auto& bytes) { bytes[5] = '3'; }),
                     "line 2: expected checksum algorithm \"B2\", found \"B3\"");
  checkInvalidSecret(good + "x\n", "line 3: expected the end of the key file");

  // Damage: a checksum that does not match, or a public half that does not match the seed.
  checkInvalidSecret(editKeyLine(good, [](auto& bytes) { bytes[157] ^= 1; }),
                     "line 2: expected the key's BLAKE2b checksum to match");
  checkInvalidSecret(editKeyLine(kFixtureSecretKey, [](auto& bytes) { bytes[125] ^= 1; }),
                     "line 2: expected a secret key whose public half matches its seed");

  // Absurd scrypt limits are refused before any memory is allocated or password asked for.
  auto withLimits = [&](std::uint64_t ops, std::uint64_t mem) {
    return editKeyLine(good, [&](auto& bytes) {
      bytes[2] = 'S';
      bytes[3] = 'c';
      for (int i = 0; i < 8; ++i) {
        bytes[38 + i] = static_cast<std::uint8_t>(ops >> (8 * i));
        bytes[46 + i] = static_cast<std::uint8_t>(mem >> (8 * i));
      }
    });
  };
  checkInvalidSecret(withLimits(33554432, std::uint64_t{4} << 30),
                     "found opslimit 33554432 and memlimit 4294967296");
  checkInvalidSecret(withLimits(~std::uint64_t{0}, 1073741824),
                     "expected scrypt limits of at most");
}

// --- Signatures ------------------------------------------------------------------------------

TEST_CASE("keys: several signatures of one message are checked each on its own") {
  an::KeyPair first = an::generateKeyPair();
  an::KeyPair second = an::generateKeyPair();
  const std::vector<std::uint8_t> message = bytesOf("one manifest, signed twice");
  const an::Signature good = in::signMessage(first.secretKey, message, "first signer");
  an::Signature forged = in::signMessage(second.secretKey, message, "second signer");
  forged.signature[0] ^= 0x01;
  an::Signature later = good;
  later.algorithm = static_cast<an::SignatureAlgorithm>(7);
  an::Signature retold = in::signMessage(second.secretKey, message, "second signer");
  retold.trustedComment += "!";
  const std::vector<SignatureCheck> checks =
      in::checkSignatures({good, forged, later, retold, good}, message);
  CHECK(checks == std::vector<SignatureCheck>{SignatureCheck::kValid, SignatureCheck::kBadSignature,
                                              SignatureCheck::kUnknownAlgorithm,
                                              SignatureCheck::kBadGlobalSignature,
                                              SignatureCheck::kValid});
  CHECK(in::checkSignatures({}, message).empty());
  CHECK(in::checkSignatures({later}, message) ==
        std::vector<SignatureCheck>{SignatureCheck::kUnknownAlgorithm});
}

TEST_CASE("keys: signatures check, and any changed byte breaks them") {
  an::KeyPair pair = an::generateKeyPair();
  const std::vector<std::uint8_t> message = bytesOf("manifest: three articles, 4 KiB");
  const an::Signature good = in::signMessage(pair.secretKey, message, "newsarc bundle 2024-05-01");
  CHECK(good.algorithm == an::SignatureAlgorithm::kEd25519Blake2bPrehashed);
  CHECK(good.keyId == pair.publicKey.keyId);
  CHECK(good.publicKey == pair.publicKey.key);
  CHECK(good.trustedComment == "newsarc bundle 2024-05-01");
  CHECK(in::checkSignatures({good}, message).front() == SignatureCheck::kValid);
  CHECK(in::checkSignatures({in::signMessage(pair.secretKey, {}, "")}, {}).front() ==
        SignatureCheck::kValid);

  for (std::size_t i = 0; i < message.size(); ++i) {
    std::vector<std::uint8_t> changed = message;
    changed[i] ^= 0x01;
    CHECK(in::checkSignatures({good}, changed).front() == SignatureCheck::kBadSignature);
  }
  std::vector<std::uint8_t> longer = message;
  longer.push_back(0);
  CHECK(in::checkSignatures({good}, longer).front() == SignatureCheck::kBadSignature);
  for (std::size_t i = 0; i < good.signature.size(); ++i) {
    an::Signature changed = good;
    changed.signature[i] ^= 0x80;
    CHECK(in::checkSignatures({changed}, message).front() == SignatureCheck::kBadSignature);
  }
  for (std::size_t i = 0; i < good.trustedComment.size(); ++i) {
    an::Signature changed = good;
    changed.trustedComment[i] ^= 0x01;
    CHECK(in::checkSignatures({changed}, message).front() == SignatureCheck::kBadGlobalSignature);
  }
  an::Signature extended = good;
  extended.trustedComment += " ";
  CHECK(in::checkSignatures({extended}, message).front() == SignatureCheck::kBadGlobalSignature);
  for (std::size_t i = 0; i < good.globalSignature.size(); ++i) {
    an::Signature changed = good;
    changed.globalSignature[i] ^= 0x80;
    CHECK(in::checkSignatures({changed}, message).front() == SignatureCheck::kBadGlobalSignature);
  }
  an::Signature otherKey = good;
  otherKey.publicKey = an::generateKeyPair().publicKey.key;
  CHECK(in::checkSignatures({otherKey}, message).front() == SignatureCheck::kBadSignature);
  an::Signature unknown = good;
  unknown.algorithm = static_cast<an::SignatureAlgorithm>(7);
  CHECK(in::checkSignatures({unknown}, message).front() == SignatureCheck::kUnknownAlgorithm);
}

TEST_CASE("keys: a message signed in pieces gets the signature of the whole") {
  an::KeyPair pair = an::generateKeyPair();
  std::vector<std::uint8_t> message(100000);
  for (std::size_t i = 0; i < message.size(); ++i) message[i] = static_cast<std::uint8_t>(i * 131);
  const an::Signature whole = in::signMessage(pair.secretKey, message, "whole");
  for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{4096}, message.size()}) {
    CAPTURE(piece);
    in::Prehash prehash;
    for (std::size_t at = 0; at < message.size(); at += piece) {
      prehash.update(std::span(message).subspan(at, std::min(piece, message.size() - at)));
    }
    const an::Signature pieces = in::signPrehashed(pair.secretKey, prehash.finish(), "whole");
    CHECK(pieces.signature == whole.signature);
    CHECK(pieces.globalSignature == whole.globalSignature);
    CHECK(in::checkSignatures({pieces}, message).front() == SignatureCheck::kValid);
  }
}

TEST_CASE("keys: madeBy needs both the key id and the public key") {
  an::KeyPair pair = an::generateKeyPair();
  an::Signature signature = in::signMessage(pair.secretKey, bytesOf("m"), "c");
  CHECK(in::madeBy(signature, pair.publicKey));
  an::PublicKey otherId = pair.publicKey;
  otherId.keyId[0] ^= 1;
  CHECK(!in::madeBy(signature, otherId));
  CHECK(!in::madeBy(signature, an::generateKeyPair().publicKey));
}

TEST_CASE("keys: .minisig text formats and parses") {
  an::KeyPair pair = an::generateKeyPair();
  an::Signature signature = in::signMessage(pair.secretKey, bytesOf("m"), "bundle\tcomment");
  std::string text = an::formatMinisignSignature(signature);
  CHECK(text.rfind("untrusted comment: signature from newsarc secret key\n", 0) == 0);
  CHECK(text.find("\ntrusted comment: bundle\tcomment\n") != text.npos);
  CHECK(std::count(text.begin(), text.end(), '\n') == 4);
  auto parsed = parseMinisignSignature(text);
  REQUIRE(parsed);
  parsed->publicKey = signature.publicKey;
  CHECK(*parsed == signature);
  CHECK(an::formatMinisignSignature(signature, "mine").rfind("untrusted comment: mine\n", 0) == 0);

  // Legacy non-prehashed signatures and damaged text are not accepted.
  std::string legacy = text;
  legacy.replace(legacy.find('\n') + 1, 2, "RW");  // "ED" -> "Ed"
  CHECK(!parseMinisignSignature(legacy));
  CHECK(!parseMinisignSignature(text.substr(0, text.rfind("trusted comment"))));
  CHECK(!parseMinisignSignature("trusted comment: x\n" + text.substr(text.find('\n') + 1)));
  // A trusted comment that formatMinisignSignature would refuse is not parsed either (fuzzing).
  std::string withNul = text;
  withNul.insert(withNul.find("bundle\tcomment") + 6, 1, '\0');
  CHECK(!parseMinisignSignature(withNul));

  // What minisign could not read back is refused rather than written.
  CHECK_THROWS_AS(in::signMessage(pair.secretKey, {}, "two\nlines"), Error);
  CHECK_THROWS_AS(in::signMessage(pair.secretKey, {}, "carriage\rreturn"), Error);
  CHECK_THROWS_AS(in::signMessage(pair.secretKey, {}, std::string("nul\0byte", 8)), Error);
  CHECK_NOTHROW(in::signMessage(pair.secretKey, {}, std::string(8173, 'x')));
  CHECK_THROWS_AS(in::signMessage(pair.secretKey, {}, std::string(8174, 'x')), Error);
  CHECK_THROWS_AS(an::formatMinisignSignature(signature, "a\nb"), Error);
  CHECK_THROWS_AS(an::formatPublicKey(pair.publicKey, std::string(1004, 'x')), Error);
  an::Signature unknown = signature;
  unknown.algorithm = an::SignatureAlgorithm::kUnspecified;
  try {
    an::formatMinisignSignature(unknown);
    FAIL_CHECK("expected an error");
  } catch (const Error& error) {
    CHECK(error.code() == ErrorCode::kUnsupported);
  }
}

// --- Files -----------------------------------------------------------------------------------

TEST_CASE("keys: key files are saved atomically, 0600 for secrets, never over existing files") {
  TempDir dir;
  an::KeyPair pair = an::generateKeyPair();
  an::savePublicKey(dir / "k.pub", pair.publicKey);
  an::saveSecretKey(dir / "k.key", pair.secretKey, std::nullopt);
  CHECK(readAll(dir / "k.pub") == an::formatPublicKey(pair.publicKey));
  CHECK((fs::status(dir / "k.key").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(an::loadPublicKey(dir / "k.pub") == pair.publicKey);
  CHECK(an::loadSecretKey(dir / "k.key", noPasswordExpected()).publicKey() == pair.publicKey);

  an::KeyPair other = an::generateKeyPair();
  CHECK_THROWS_AS(an::savePublicKey(dir / "k.pub", other.publicKey), Error);
  CHECK_THROWS_AS(an::saveSecretKey(dir / "k.key", other.secretKey, std::nullopt), Error);
  CHECK(an::loadPublicKey(dir / "k.pub") == pair.publicKey);
  an::savePublicKey(dir / "k.pub", other.publicKey, true);
  an::saveSecretKey(dir / "k.key", other.secretKey, std::nullopt, true);
  CHECK(an::loadPublicKey(dir / "k.pub") == other.publicKey);
  CHECK(an::loadSecretKey(dir / "k.key", noPasswordExpected()).publicKey() == other.publicKey);

  writeAll(dir / "bad.pub", "untrusted comment: x\nAAAA\n");
  std::string path = (dir / "bad.pub").string();
  checkRejected([&] { an::loadPublicKey(path); }, ErrorCode::kInvalidArgument, path,
                "line 2: expected base64 of 42 bytes");
}

// --- Interoperability with stock minisign -----------------------------------------------------

TEST_CASE("keys: an unencrypted minisign key pair signs here and minisign verifies") {
  requireMinisign();
  TempDir dir;
  RunResult generated =
      run("minisign -G -W -p " + quoted(dir / "m.pub") + " -s " + quoted(dir / "m.key"),
          dir / "generate.log");
  REQUIRE_MESSAGE(generated.status == 0, generated.output);
  an::PublicKey publicKey = an::loadPublicKey(dir / "m.pub");
  an::SecretKey secretKey = an::loadSecretKey(dir / "m.key", noPasswordExpected());
  CHECK(secretKey.publicKey() == publicKey);
  CHECK(withoutKeyIdPadding(readAll(dir / "m.pub")) ==
        withoutKeyIdPadding(an::formatPublicKey(publicKey)));

  writeAll(dir / "manifest.bin", std::string("\0\x01\xff newsarc manifest\n", 21));
  signFileHere(dir, secretKey, "manifest.bin", "timestamp:1700000000\tfile:bundle.newsarc");
  RunResult verified = minisignVerify(dir, "manifest.bin", "manifest.bin.minisig", "m.pub");
  CHECK_MESSAGE(verified.status == 0, verified.output);
  CHECK(verified.output.find("Trusted comment: timestamp:1700000000\tfile:bundle.newsarc") !=
        std::string::npos);

  // minisign's own signature of the same bytes is the same file, given the same comments.
  RunResult signedThere =
      run("minisign -S -s " + quoted(dir / "m.key") + " -m " + quoted(dir / "manifest.bin") +
              " -x " + quoted(dir / "theirs") + " -t 'timestamp:1700000000\tfile:bundle.newsarc'",
          dir / "sign.log");
  REQUIRE_MESSAGE(signedThere.status == 0, signedThere.output);
  an::Signature ours = in::signMessage(secretKey, bytesOf(readAll(dir / "manifest.bin")),
                                       "timestamp:1700000000\tfile:bundle.newsarc");
  CHECK(readAll(dir / "theirs") ==
        an::formatMinisignSignature(ours, "signature from minisign secret key"));

  // The check is real: minisign refuses changed bytes.
  writeAll(dir / "manifest.bin", "changed");
  CHECK(minisignVerify(dir, "manifest.bin", "manifest.bin.minisig", "m.pub").status != 0);
}

TEST_CASE("keys: an encrypted minisign key loads with its password and signs for minisign") {
  requireMinisign();
  TempDir dir;
  // minisign reads the password (twice when generating) from stdin when it is not a terminal.
  std::string password(kPassword);
  RunResult generated =
      run("printf '%s\\n%s\\n' '" + password + "' '" + password + "' | minisign -G -p " +
              quoted(dir / "m.pub") + " -s " + quoted(dir / "m.key"),
          dir / "generate.log");
  REQUIRE_MESSAGE(generated.status == 0, generated.output);
  an::PublicKey publicKey = an::loadPublicKey(dir / "m.pub");
  int calls = 0;
  an::SecretKey secretKey = an::loadSecretKey(dir / "m.key", countingPassword(password, calls));
  CHECK(calls == 1);
  CHECK(secretKey.publicKey() == publicKey);

  writeAll(dir / "manifest.bin", "encrypted key's manifest");
  signFileHere(dir, secretKey, "manifest.bin", "signed with an encrypted key");
  RunResult verified = minisignVerify(dir, "manifest.bin", "manifest.bin.minisig", "m.pub");
  CHECK_MESSAGE(verified.status == 0, verified.output);
}

TEST_CASE("keys: keys made here sign with minisign, and its signatures check here") {
  requireMinisign();
  TempDir dir;
  an::KeyPair generated = an::generateKeyPair();
  // A key id whose hex starts with a zero, which minisign 0.11 prints unpadded.
  an::KeyId keyId = generated.publicKey.keyId;
  keyId[7] = 0x0A;
  std::uint8_t bytes[64];
  std::copy_n(generated.secretKey.bytes(), 64, bytes);
  an::KeyPair pair{{keyId, generated.publicKey.key}, an::SecretKey(keyId, bytes)};
  an::savePublicKey(dir / "k.pub", pair.publicKey);
  an::saveSecretKey(dir / "plain.key", pair.secretKey, std::nullopt);
  an::saveSecretKey(dir / "encrypted.key", pair.secretKey, std::string(kPassword));
  writeAll(dir / "a.bin", "first manifest");
  writeAll(dir / "b.bin", "second manifest");

  // -p makes minisign check the signature against our public key file before writing it.
  RunResult plain =
      run("minisign -S -s " + quoted(dir / "plain.key") + " -p " + quoted(dir / "k.pub") + " -m " +
              quoted(dir / "a.bin") + " -t 'plain key'",
          dir / "plain.log");
  REQUIRE_MESSAGE(plain.status == 0, plain.output);
  checkMinisignSignatureHere(dir, "a.bin", pair.publicKey, "plain key");

  RunResult encrypted = run("printf '%s\\n' '" + std::string(kPassword) + "' | minisign -S -s " +
                                quoted(dir / "encrypted.key") + " -p " + quoted(dir / "k.pub") +
                                " -m " + quoted(dir / "b.bin") + " -t 'encrypted key'",
                            dir / "encrypted.log");
  REQUIRE_MESSAGE(encrypted.status == 0, encrypted.output);
  checkMinisignSignatureHere(dir, "b.bin", pair.publicKey, "encrypted key");

  RunResult wrong = run("printf 'wrong\\n' | minisign -S -s " + quoted(dir / "encrypted.key") +
                            " -m " + quoted(dir / "b.bin") + " -x " + quoted(dir / "no.minisig"),
                        dir / "wrong.log");
  CHECK(wrong.status != 0);

  // minisign derives the same public key file from our secret key file.
  RunResult recreated =
      run("minisign -R -s " + quoted(dir / "plain.key") + " -p " + quoted(dir / "recreated.pub"),
          dir / "recreate.log");
  REQUIRE_MESSAGE(recreated.status == 0, recreated.output);
  CHECK(withoutKeyIdPadding(readAll(dir / "recreated.pub")) ==
        withoutKeyIdPadding(readAll(dir / "k.pub")));
}

}  // namespace
