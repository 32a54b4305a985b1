// Signing a bundle with a publisher's X.509 certificate: a CMS SignedData (RFC 5652) over the
// seal, carrying the certificate and its chain, which `newsarc verify --ca ROOT.pem` and stock
// `openssl cms -verify` check (spec/FORMAT.md 7.3.1). Minisign Ed25519 (writer.h, addSignature)
// stays the default and the simple path; this is for publishers whose identity a CA vouches for.
#ifndef ARCHIVE_NEWS_X509_H_
#define ARCHIVE_NEWS_X509_H_

#include <archive_news/export.h>
#include <archive_news/secret_key.h>
#include <archive_news/signature.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <vector>

namespace archive_news {

// A certificate, the intermediates that lead to its CA, and its private key. Move-only; the key
// is freed (and wiped by libcrypto) when the object is destroyed.
class ARCHIVE_NEWS_EXPORT X509Signer {
 public:
  ~X509Signer();
  X509Signer(X509Signer&&) noexcept;
  X509Signer& operator=(X509Signer&&) noexcept;
  X509Signer(const X509Signer&) = delete;
  X509Signer& operator=(const X509Signer&) = delete;

  // The signer certificate's subject, issuer and validity.
  CertificateSummary certificate() const;
  // A DER CMS ContentInfo of type SignedData over `message`, detached: one SignerInfo with the
  // signed attributes contentType (id-data), messageDigest and signingTime (now), and the
  // certificate and chain included. ECDSA and RSA (PKCS #1 v1.5) sign with SHA-256; Ed25519 as
  // RFC 8419 says (SHA-512, pure Ed25519 over the signed attributes). Throws
  // Error(kInvalidArgument) when libcrypto fails or the result would exceed the format's 64 KiB
  // (a chain that large).
  std::vector<std::uint8_t> sign(std::span<const std::uint8_t> message) const;

  struct Impl;

 private:
  explicit X509Signer(std::unique_ptr<Impl> impl);
  friend ARCHIVE_NEWS_EXPORT X509Signer loadX509Signer(const std::filesystem::path&,
                                                       const std::filesystem::path&,
                                                       const PasswordProvider&,
                                                       const std::vector<std::filesystem::path>&);
  std::unique_ptr<Impl> impl_;
};

// Loads a PEM certificate, its PEM private key (unencrypted, or encrypted PKCS#8 / traditional
// PEM, decrypted with the password from `password`, asked at most once and only then) and the
// PEM intermediate certificates of the files in `chain` (each may hold several). Keys: ECDSA
// (P-256 and other named curves), Ed25519 (RFC 8419) and RSA of at least 2048 bits; another
// (Ed448, DSA, short RSA) throws Error(kUnsupported). Throws Error(kInvalidArgument) for a
// malformed file or a key that is not the certificate's, Error(kBadSignature) when an encrypted
// key does not decrypt, Error(kIOError) for an unreadable file. The certificate's validity and
// chain are not checked here: a verifier checks them against its own CA roots.
ARCHIVE_NEWS_EXPORT X509Signer loadX509Signer(const std::filesystem::path& certificate,
                                              const std::filesystem::path& privateKey,
                                              const PasswordProvider& password,
                                              const std::vector<std::filesystem::path>& chain = {});

// Adds a CMS signature by `signer` over the seal of the bundle at `path`, as addSignature
// (writer.h) does for a minisign key: everything before the signature section stays byte for
// byte, the new record goes last in a new signature section, the timestamp section is kept as it
// was, and the footer is written anew; atomically, under the bundle's lock. Refuses
// (kBadSignature) when an existing signature does not verify.
ARCHIVE_NEWS_EXPORT void addX509Signature(const std::filesystem::path& path,
                                          const X509Signer& signer);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_X509_H_
