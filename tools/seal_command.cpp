// newsarc seal: the signed bytes (the seal), the signatures and the schema as plain files, so
// stock minisign, openssl and capnp can check and decode a bundle without newsarc.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <archive_news/timestamp.h>
#include <archive_news/terminal_text.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <span>

#include "cli.h"

namespace newsarc {
namespace {

void writeFile(const std::filesystem::path& path, std::string_view bytes, bool force) {
  if (!force && std::filesystem::exists(path)) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, path.string(), std::nullopt,
                              "already exists; refusing to replace it");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, path.string(), std::nullopt,
                              "cannot write");
  }
}

int runSeal(const std::string& bundlePath, const std::filesystem::path& dir, bool force) {
  archive_news::Bundle bundle = archive_news::Bundle::open(bundlePath);
  std::filesystem::create_directories(dir);
  const std::span<const std::uint8_t> seal = bundle.sealBytes();
  writeFile(dir / "seal.bin", {reinterpret_cast<const char*>(seal.data()), seal.size()}, force);
  writeFile(dir / "schema.capnp", bundle.schemaText(), force);
  std::cout << "wrote " << shown(dir / "seal.bin") << " (" << seal.size()
            << " bytes, the exact signed seal)\n"
            << "wrote " << shown(dir / "schema.capnp") << " (the bundle's schema)\n";
  std::vector<archive_news::Signature> signatures = bundle.signatures();
  std::optional<std::size_t> firstMinisign;
  std::optional<std::size_t> firstX509;
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const auto& s = signatures[i];
    std::string stem = "signature-" + std::to_string(i);
    if (s.algorithm == archive_news::SignatureAlgorithm::kCmsX509) {
      // The record's CMS as it is: a DER file stock openssl reads (spec/FORMAT.md 12.4).
      writeFile(dir / (stem + ".p7s"), {reinterpret_cast<const char*>(s.cms.data()), s.cms.size()},
                force);
      std::cout << "wrote " << shown(dir / (stem + ".p7s")) << " (CMS, "
                << archive_news::terminalSafe(signerLabel(s)) << ")\n";
      if (!firstX509) firstX509 = i;
      continue;
    }
    if (s.algorithm != archive_news::SignatureAlgorithm::kEd25519Blake2bPrehashed) {
      std::cout << "skipped signature " << i << " (" << signerLabel(s)
                << ": an algorithm this version cannot export)\n";
      continue;
    }
    if (!firstMinisign) firstMinisign = i;
    writeFile(dir / (stem + ".minisig"), archive_news::formatMinisignSignature(s), force);
    archive_news::PublicKey key{s.keyId, s.publicKey};
    writeFile(dir / (stem + ".pub"),
              archive_news::formatPublicKey(key, "key named by signature " + std::to_string(i) +
                                                     " (trust it only after comparing it)"),
              force);
    std::cout << "wrote " << shown(dir / (stem + ".minisig")) << " and " << stem << ".pub (key "
              << archive_news::keyIdToHex(s.keyId) << ")\n";
  }
  const std::vector<archive_news::Timestamp> timestamps = bundle.timestamps();
  for (std::uint32_t i = 0; i < timestamps.size(); ++i) {
    const std::string stem = "timestamp-" + std::to_string(i);
    const auto& token = timestamps[i].token;
    writeFile(dir / (stem + ".tst"), {reinterpret_cast<const char*>(token.data()), token.size()},
              force);
    const std::vector<std::uint8_t> data = archive_news::timestampedData(bundle, i);
    writeFile(dir / (stem + ".data"), {reinterpret_cast<const char*>(data.data()), data.size()},
              force);
    std::cout << "wrote " << shown(dir / (stem + ".tst")) << " (RFC 3161 token) and " << stem
              << ".data (the " << data.size() << " bytes it covers)\n";
  }
  if (!timestamps.empty()) {
    std::cout << "check:  openssl ts -verify -token_in -in " << shown(dir / "timestamp-0.tst")
              << " -data " << shown(dir / "timestamp-0.data") << " -CAfile TSA-ROOT.pem\n";
  }
  const auto stem = [&dir](std::size_t i) { return dir / ("signature-" + std::to_string(i)); };
  if (firstMinisign || !firstX509) {
    std::cout << "check:  minisign -Vm " << shown(dir / "seal.bin") << " -x "
              << shown(stem(firstMinisign.value_or(0)).string() + ".minisig")
              << " -p YOUR-TRUSTED-KEY.pub\n";
  }
  if (firstX509) {
    std::cout << "check:  openssl cms -verify -binary -inform DER -in "
              << shown(stem(*firstX509).string() + ".p7s") << " -content "
              << shown(dir / "seal.bin")
              << " -CAfile YOUR-TRUSTED-ROOT.pem -purpose any -out /dev/null\n";
  }
  std::cout << "decode: capnp convert binary:json " << shown(dir / "schema.capnp") << " Seal < "
            << shown(dir / "seal.bin") << "\n";
  return kExitOk;
}

}  // namespace

Command addSealCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    std::string output;
    bool force = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub =
      app.add_subcommand("seal", "Export the seal, its signatures, timestamps and schema as files");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("-o,--output", o->output, "Folder to write into")->required();
  sub->add_flag("-f,--force", o->force, "Replace existing files");
  sub->footer(
      "Example:\n  newsarc seal 2019-06.newsarc -o proof/\n"
      "  minisign -Vm proof/seal.bin -x proof/signature-0.minisig -p archive.pub\n"
      "  openssl cms -verify -binary -inform DER -in proof/signature-1.p7s \\\n"
      "    -content proof/seal.bin -CAfile root.pem -purpose any -out /dev/null\n"
      "  capnp convert binary:json proof/schema.capnp Seal < proof/seal.bin\n"
      "A minisign signature N is written as signature-N.minisig with its key as\n"
      "signature-N.pub; an X.509 one as signature-N.p7s, its CMS as DER (an Ed25519 one needs\n"
      "OpenSSL 3.5 or the steps of spec/FORMAT.md 12.4).\n"
      "The seal holds the digests of everything else in the bundle: a valid signature of it\n"
      "vouches for every byte. Each timestamp is written as timestamp-N.tst (a DER token) and\n"
      "timestamp-N.data (what its imprint is the hash of: seal.bin's bytes for a token over\n"
      "the seal alone), for 'openssl ts -verify -token_in'.");
  return {sub, [o] { return runSeal(o->bundle, o->output, o->force); }};
}

}  // namespace newsarc
