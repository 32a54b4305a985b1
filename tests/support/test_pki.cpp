#include "test_pki.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <fstream>
#include <memory>
#include <stdexcept>

namespace newsarc_test {
namespace {

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using CertPtr = std::unique_ptr<X509, decltype(&X509_free)>;

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("test PKI: ") + what);
}

KeyPtr newKey(const std::string& type) {
  EVP_PKEY* key = nullptr;
  if (type == "P-256") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
  if (type == "Ed25519") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
  if (type == "RSA") key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", std::size_t{2048});
  require(key != nullptr, "key generation");
  return {key, EVP_PKEY_free};
}

void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  require(extension != nullptr && X509_add_ext(cert, extension, -1) == 1, "extension");
  X509_EXTENSION_free(extension);
}

struct Issued {
  KeyPtr key;
  CertPtr cert;
};

// A certificate for a new key of `type`; self-signed when `issuer` is null.
Issued issue(const std::string& cn, const std::string& type, const Issued* issuer, bool ca,
             long fromDays = -1, long toDays = 365, const char* keyUsage = nullptr) {
  static long serial = 1;
  Issued out{newKey(type), CertPtr(X509_new(), X509_free)};
  X509* cert = out.cert.get();
  require(X509_set_version(cert, 2) == 1, "version");
  require(ASN1_INTEGER_set(X509_get_serialNumber(cert), serial++) == 1, "serial");
  require(X509_gmtime_adj(X509_getm_notBefore(cert), fromDays * 86400) != nullptr, "notBefore");
  require(X509_gmtime_adj(X509_getm_notAfter(cert), toDays * 86400) != nullptr, "notAfter");
  require(X509_set_pubkey(cert, out.key.get()) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(cert);
  require(X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>("newsarc tests"), -1,
                                     -1, 0) == 1 &&
              X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                         reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1,
                                         0) == 1,
          "subject");
  X509* issuerCert = issuer != nullptr ? issuer->cert.get() : cert;
  EVP_PKEY* issuerKey = issuer != nullptr ? issuer->key.get() : out.key.get();
  require(X509_set_issuer_name(cert, X509_get_subject_name(issuerCert)) == 1, "issuer");
  addExtension(cert, issuerCert, NID_basic_constraints, ca ? "critical,CA:TRUE" : "CA:FALSE");
  addExtension(cert, issuerCert, NID_key_usage,
               keyUsage != nullptr ? keyUsage
               : ca                ? "critical,keyCertSign,cRLSign"
                                   : "critical,digitalSignature,nonRepudiation");
  addExtension(cert, issuerCert, NID_subject_key_identifier, "hash");
  if (issuer != nullptr) addExtension(cert, issuerCert, NID_authority_key_identifier, "keyid");
  const EVP_MD* md = EVP_PKEY_is_a(issuerKey, "ED25519") == 1 ? nullptr : EVP_sha256();
  require(X509_sign(cert, issuerKey, md) > 0, "signing");
  return out;
}

std::string bioText(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(size));
}

TestIdentity pemOf(const Issued& issued) {
  std::unique_ptr<BIO, decltype(&BIO_free)> cert(BIO_new(BIO_s_mem()), BIO_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> key(BIO_new(BIO_s_mem()), BIO_free);
  require(PEM_write_bio_X509(cert.get(), issued.cert.get()) == 1 &&
              PEM_write_bio_PrivateKey(key.get(), issued.key.get(), nullptr, nullptr, 0, nullptr,
                                       nullptr) == 1,
          "PEM");
  return {bioText(cert.get()), bioText(key.get())};
}

}  // namespace

TestPki makeTestPki() {
  const Issued root = issue("newsarc test root", "P-256", nullptr, true, -1, 3650);
  const Issued intermediate = issue("newsarc test intermediate", "P-256", &root, true, -1, 1825);
  const Issued otherRoot = issue("unrelated root", "P-256", nullptr, true, -1, 3650);
  TestPki pki;
  pki.root = pemOf(root);
  pki.intermediate = pemOf(intermediate);
  pki.p256 = pemOf(issue("Example News P-256", "P-256", &intermediate, false));
  pki.ed25519 = pemOf(issue("Example News Ed25519", "Ed25519", &intermediate, false));
  pki.rsa = pemOf(issue("Example News RSA", "RSA", &intermediate, false));
  pki.expired = pemOf(issue("Example News expired", "P-256", &intermediate, false, -400, -300));
  pki.noSigning = pemOf(issue("Example News no signing", "P-256", &intermediate, false, -1, 365,
                              "critical,keyEncipherment"));
  pki.otherRoot = pemOf(otherRoot);
  pki.otherLeaf = pemOf(issue("Other News", "P-256", &otherRoot, false));
  return pki;
}

std::string encryptedKey(const std::string& key, const std::string& password) {
  std::unique_ptr<BIO, decltype(&BIO_free)> in(
      BIO_new_mem_buf(key.data(), static_cast<int>(key.size())), BIO_free);
  KeyPtr parsed(PEM_read_bio_PrivateKey(in.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  std::unique_ptr<BIO, decltype(&BIO_free)> out(BIO_new(BIO_s_mem()), BIO_free);
  require(parsed && PEM_write_bio_PKCS8PrivateKey(
                        out.get(), parsed.get(), EVP_aes_256_cbc(), password.data(),
                        static_cast<int>(password.size()), nullptr, nullptr) == 1,
          "encrypted key");
  return bioText(out.get());
}

void writeText(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  require(static_cast<bool>(out), "write");
}

}  // namespace newsarc_test
