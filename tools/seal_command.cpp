// newsarc seal: the signed bytes (the seal), the signatures and the schema as plain files, so
// stock minisign and capnp can check and decode a bundle without newsarc.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <archive_news/timestamp.h>

#include <fstream>
#include <iostream>
#include <memory>
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
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const auto& s = signatures[i];
    std::string stem = "signature-" + std::to_string(i);
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
  std::cout << "check:  minisign -Vm " << shown(dir / "seal.bin") << " -x "
            << shown(dir / "signature-0.minisig") << " -p YOUR-TRUSTED-KEY.pub\n"
            << "decode: capnp convert binary:json " << shown(dir / "schema.capnp") << " Seal < "
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
      "  capnp convert binary:json proof/schema.capnp Seal < proof/seal.bin\n"
      "The seal holds the digests of everything else in the bundle: a valid signature of it\n"
      "vouches for every byte. Each timestamp is written as timestamp-N.tst (a DER token) and\n"
      "timestamp-N.data (what its imprint is the hash of: seal.bin's bytes for a token over\n"
      "the seal alone), for 'openssl ts -verify -token_in'.");
  return {sub, [o] { return runSeal(o->bundle, o->output, o->force); }};
}

}  // namespace newsarc
