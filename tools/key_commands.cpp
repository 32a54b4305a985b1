// newsarc keygen and newsarc sign.
#include <archive_news/keys.h>
#include <archive_news/writer.h>
#include <sodium.h>

#include <iostream>
#include <memory>

#include "cli.h"

namespace newsarc {

Command addKeygenCommand(CLI::App& app) {
  struct Options {
    std::string publicKey;
    std::string secretKey;
    std::string comment;
    bool noPassword = false;
    bool force = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("keygen", "Create a signing key pair (minisign format)");
  sub->add_option("-p,--public-key", o->publicKey, "Public key file to write")->required();
  sub->add_option("-s,--secret-key", o->secretKey, "Secret key file to write (mode 0600)")
      ->required();
  sub->add_flag("--no-password", o->noPassword, "Store the secret key unencrypted");
  sub->add_option("-c,--comment", o->comment,
                  "The key files' untrusted comment line (default: minisign's)");
  sub->add_flag("-f,--force", o->force, "Replace existing key files");
  sub->footer(
      "Example:\n  newsarc keygen -p archive.pub -s archive.key --comment 'City Archive 2026'\n"
      "The password is asked on the terminal, or read from NEWSARC_PASSWORD_FILE.");
  return {sub, [o] {
            std::optional<std::string> password;
            if (!o->noPassword) password = newPassword();
            archive_news::KeyPair pair = archive_news::generateKeyPair();
            archive_news::saveSecretKey(o->secretKey, pair.secretKey, password, o->force,
                                        o->comment);
            if (password) sodium_memzero(password->data(), password->size());
            archive_news::savePublicKey(o->publicKey, pair.publicKey, o->force, o->comment);
            std::cout << "key id " << archive_news::keyIdToHex(pair.publicKey.keyId)
                      << "\npublic key: " << shown(o->publicKey)
                      << "\nsecret key: " << shown(o->secretKey)
                      << (o->noPassword ? " (unencrypted)" : " (encrypted)") << "\n";
            return kExitOk;
          }};
}

Command addSignCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    std::string key;
    std::string signer;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("sign", "Add a signature to an existing bundle");
  sub->add_option("BUNDLE", o->bundle, "The bundle to sign")->required();
  sub->add_option("-k,--key", o->key, "Secret key file")->required();
  sub->add_option("-c,--comment,--signer", o->signer,
                  "Who signs: the signer text of the trusted comment (default: the key id)");
  sub->footer(
      "Example:\n  newsarc sign day.newsarc --key archive.key --comment 'City Archive'\n"
      "Only the signature section and footer are rewritten; the new file replaces the old\n"
      "one atomically.");
  return {sub, [o] {
            archive_news::SecretKey key = loadSecretKeyInteractively(o->key);
            std::string signer =
                o->signer.empty() ? "key " + archive_news::keyIdToHex(key.keyId()) : o->signer;
            archive_news::addSignature(o->bundle, key, signer);
            std::cout << "signed " << shown(o->bundle) << " with key "
                      << archive_news::keyIdToHex(key.keyId()) << "\n";
            return kExitOk;
          }};
}

}  // namespace newsarc
