// newsarc keygen and newsarc sign (with a minisign key or an X.509 certificate).
#include <archive_news/keys.h>
#include <archive_news/terminal_text.h>
#include <archive_news/writer.h>
#include <archive_news/x509.h>
#include <sodium.h>

#include <iostream>
#include <memory>
#include <string>
#include <vector>

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
    std::string certificate;
    std::string certificateKey;
    std::vector<std::string> chain;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("sign", "Add a signature to an existing bundle");
  sub->add_option("BUNDLE", o->bundle, "The bundle to sign")->required();
  CLI::Option* key = sub->add_option("-k,--key", o->key, "Secret key file (minisign Ed25519)");
  CLI::Option* signer =
      sub->add_option("-c,--comment,--signer", o->signer,
                      "Who signs: the signer text of the trusted comment (default: the key id)");
  CLI::Option* certificate = sub->add_option(
      "--cert", o->certificate,
      "Sign with this X.509 certificate (PEM) instead of a minisign key: a CMS signature");
  CLI::Option* certificateKey =
      sub->add_option("--cert-key", o->certificateKey,
                      "The certificate's private key (PEM; asked for its password if encrypted)");
  CLI::Option* chain =
      sub->add_option("--chain", o->chain,
                      "Intermediate certificates (PEM) to carry with the certificate (repeatable)");
  certificate->needs(certificateKey);
  certificateKey->needs(certificate);
  chain->needs(certificate);
  key->excludes(certificate);
  key->excludes(certificateKey);
  signer->excludes(certificate);
  sub->footer(
      "Example:\n  newsarc sign day.newsarc --key archive.key --comment 'City Archive'\n"
      "  newsarc sign day.newsarc --cert news.pem --cert-key news.key --chain intermediate.pem\n"
      "Either --key (minisign Ed25519, the default and simple path) or --cert and --cert-key\n"
      "(an X.509 certificate: ECDSA, RSA or Ed25519; 'newsarc verify --ca ROOT.pem' checks it).\n"
      "Only the signature section and footer are rewritten; the new file replaces the old\n"
      "one atomically.");
  return {sub, [o] {
            if (!o->certificate.empty()) {
              const archive_news::X509Signer x509 = archive_news::loadX509Signer(
                  o->certificate, o->certificateKey, passwordProvider(o->certificateKey),
                  {o->chain.begin(), o->chain.end()});
              archive_news::addX509Signature(o->bundle, x509);
              std::cout << "signed " << shown(o->bundle) << " with X.509 certificate "
                        << archive_news::terminalSafe(x509.certificate().subject) << "\n";
              return kExitOk;
            }
            if (o->key.empty()) {
              printError("sign: give --key KEY, or --cert CERT and --cert-key KEY");
              return kExitUsage;
            }
            archive_news::SecretKey key = loadSecretKeyInteractively(o->key);
            archive_news::addSignature(o->bundle, key, signerText(key, o->signer));
            std::cout << "signed " << shown(o->bundle) << " with key "
                      << archive_news::keyIdToHex(key.keyId()) << "\n";
            return kExitOk;
          }};
}

}  // namespace newsarc
