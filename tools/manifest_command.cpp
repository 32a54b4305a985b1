// newsarc manifest: the signed bytes, the signatures and the schema as plain files, so stock
// minisign and capnp can check and decode a bundle without newsarc.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli.h"

namespace newsarc {
namespace {

void writeFile(const std::filesystem::path& path, std::string_view bytes, bool force) {
  if (!force && std::filesystem::exists(path)) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, path.string(), std::nullopt,
                              "already exists; use --force to replace it");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    throw archive_news::Error(archive_news::ErrorCode::kIOError, path.string(), std::nullopt,
                              "cannot write");
  }
}

int runManifest(const std::string& bundlePath, const std::filesystem::path& dir, bool force) {
  archive_news::Bundle bundle = archive_news::Bundle::open(bundlePath);
  std::filesystem::create_directories(dir);
  auto manifest = bundle.sealBytes();
  writeFile(dir / "manifest.bin", {reinterpret_cast<const char*>(manifest.data()), manifest.size()},
            force);
  writeFile(dir / "schema.capnp", bundle.schemaText(), force);
  std::cout << "wrote " << shown(dir / "manifest.bin") << " (" << manifest.size()
            << " bytes, the exact signed manifest)\n"
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
  std::cout << "check:  minisign -Vm " << shown(dir / "manifest.bin") << " -x "
            << shown(dir / "signature-0.minisig") << " -p YOUR-TRUSTED-KEY.pub\n"
            << "decode: capnp convert binary:json " << shown(dir / "schema.capnp") << " Manifest < "
            << shown(dir / "manifest.bin") << "\n";
  return kExitOk;
}

}  // namespace

Command addManifestCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    std::string output;
    bool force = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(
      "manifest", "Export the signed manifest, its signatures and the schema as files");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("-o,--output", o->output, "Folder to write into")->required();
  sub->add_flag("-f,--force", o->force, "Replace existing files");
  sub->footer(
      "Example:\n  newsarc manifest 2019-06.newsarc -o proof/\n"
      "  minisign -Vm proof/manifest.bin -x proof/signature-0.minisig -p archive.pub");
  return {sub, [o] { return runManifest(o->bundle, o->output, o->force); }};
}

}  // namespace newsarc
