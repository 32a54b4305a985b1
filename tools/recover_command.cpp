// newsarc recover: a bundle an append was interrupted in, cut back to its last complete state.
#include <archive_news/keys.h>
#include <archive_news/signature.h>
#include <archive_news/writer.h>

#include <iostream>
#include <memory>
#include <string>

#include "cli.h"

namespace newsarc {
namespace {

// 12345 as "12,345".
std::string grouped(std::uint64_t n) {
  std::string digits = std::to_string(n);
  for (std::size_t i = digits.size(); i > 3; i -= 3) digits.insert(i - 3, ",");
  return digits;
}

// "signed by key 96FE72ADC3D3848A (claims signer: City Archive)", "not signed": what the
// signature section says, unchecked.
std::string signers(const archive_news::BundleState& state) {
  if (state.signatures.empty()) return "not signed";
  std::string text = "signed by ";
  for (std::size_t i = 0; i < state.signatures.size(); ++i) {
    const archive_news::Signature& s = state.signatures[i];
    const archive_news::TrustedComment fields = archive_news::parseTrustedComment(s.trustedComment);
    const std::string key = signerLabel(s);
    text += (i == 0 ? "" : ", ") + key;
    if (fields.signer && *fields.signer != key) text += " (claims signer: " + *fields.signer + ")";
  }
  return text;
}

int runRecover(const std::string& bundle, bool dryRun) {
  const archive_news::RecoverResult result = archive_news::recoverBundle(bundle, dryRun);
  const archive_news::BundleState& kept = result.kept;
  const std::string state = "state " + std::to_string(kept.sequence);
  if (!result.damaged) {
    std::cout << shown(bundle) << ": intact (" << state << "); nothing to recover\n";
    return kExitOk;
  }
  // The signer text comes from the bundle: terminalSafe, as every quoted value is.
  std::cout << shown(bundle) << ": " << (dryRun ? "would cut " : "cut ") << grouped(result.cutBytes)
            << " bytes of an interrupted append; " << (dryRun ? "would keep " : "kept ") << state
            << " (created " << kept.created << ", " << kept.articleCount
            << (kept.articleCount == 1 ? " article, " : " articles, ")
            << archive_news::terminalSafe(signers(kept)) << ")\n"
            << "signatures not checked: run 'newsarc verify " << shown(bundle)
            << " --key KEY.pub' before trusting the state kept\n";
  return kExitOk;
}

}  // namespace

Command addRecoverCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    bool dryRun = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand(
      "recover", "Cut an interrupted append off a bundle, back to its last complete state");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("-n,--dry-run", o->dryRun, "Say what would be cut; change nothing");
  sub->footer(
      "Example:\n  newsarc recover day.newsarc --dry-run\n  newsarc recover day.newsarc\n"
      "An append killed before it wrote its footer leaves bytes after the bundle's last state:\n"
      "recover cuts the file back to the last state whose tail and chain of states check out.\n"
      "A file that ends in a complete state is left alone. The state kept is not otherwise\n"
      "checked: verify it, with the keys you trust, before relying on it.");
  return {sub, [o] { return runRecover(o->bundle, o->dryRun); }};
}

}  // namespace newsarc
