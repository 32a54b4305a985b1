// newsarc verify: every check, reported one by one, and an exit code a script can trust.
#include <archive_news/keys.h>
#include <archive_news/verifier.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;

struct VerifyCommandOptions {
  std::string bundle;
  std::vector<std::string> keys;
  std::string keyring;
  bool json = false;
  bool quick = false;
  bool verbose = false;
  unsigned jobs = 0;
  bool quiet = false;
};

bool isSignatureCheck(const archive_news::Check& check) {
  return check.name == "signature" || check.name == "trusted-key" || check.name == "keyring";
}

int exitCodeOf(const archive_news::VerifyReport& report) {
  if (report.ok()) return kExitOk;
  for (const auto& check : report.failures()) {
    if (!isSignatureCheck(check)) return kExitCorrupt;
  }
  return kExitSignature;
}

void printJson(const archive_news::VerifyReport& report) {
  Json j;
  j["file"] = report.file;
  j["ok"] = report.ok();
  j["checks"] = Json::array();
  for (const auto& c : report.checks) {
    Json check{{"name", c.name}, {"passed", c.passed}, {"item", c.item}};
    if (c.offset) check["offset"] = *c.offset;
    check["detail"] = c.detail;
    j["checks"].push_back(std::move(check));
  }
  std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

void printText(const archive_news::VerifyReport& report, bool verbose) {
  for (const auto& c : report.checks) {
    std::cout << (c.passed ? "ok    " : "FAIL  ") << c.name << ": " << c.item;
    if (c.offset && (verbose || !c.passed)) std::cout << " at offset " << *c.offset;
    std::cout << ": " << c.detail << "\n";
  }
  if (report.ok()) {
    std::cout << report.file << ": verified\n";
  } else {
    std::cout << report.file << ": FAILED (" << report.failures().size() << " of "
              << report.checks.size() << " checks)\n";
  }
}

int runVerify(const VerifyCommandOptions& o) {
  archive_news::VerifyOptions options;
  for (const std::string& path : o.keys)
    options.trustedKeys.push_back(archive_news::loadPublicKey(path));
  if (!o.keyring.empty()) options.keyring = archive_news::loadKeyring(o.keyring);
  options.quick = o.quick;
  options.jobs = o.jobs;
  Progress progress("verifying", "bytes", !o.quiet && stderrIsTerminal());
  options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
    progress.updateBytes(done, total);
  };
  archive_news::VerifyReport report = archive_news::verifyFile(o.bundle, options);
  progress.finish();
  if (o.json) {
    printJson(report);
  } else {
    printText(report, o.verbose);
  }
  int code = exitCodeOf(report);
  if (code != kExitOk) {
    const archive_news::Check first = report.failures().front();
    printError(report.file + ": " + first.name + ": " + first.item +
               (first.offset ? " at offset " + std::to_string(*first.offset) : "") + ": " +
               first.detail);
  }
  return code;
}

}  // namespace

Command addVerifyCommand(CLI::App& app) {
  auto o = std::make_shared<VerifyCommandOptions>();
  CLI::App* sub = app.add_subcommand("verify", "Check a bundle's integrity and signatures");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("-k,--key", o->keys, "Require a valid signature by this public key (repeatable)");
  sub->add_option("--keyring", o->keyring,
                  "Require a valid signature by any one key of this folder of .pub files");
  sub->add_flag("--json", o->json, "The report as JSON");
  sub->add_flag("--quick", o->quick, "Structure and signatures only; do not read the data");
  sub->add_flag("-v,--verbose", o->verbose, "Details of passing checks too");
  sub->add_option("-j,--jobs", o->jobs, "Threads that read the data (default 0: one per core)")
      ->check(CLI::Range(0, 256));
  sub->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  sub->footer(
      "Example:\n  newsarc verify 2019-06.newsarc --key archive.pub\n"
      "  newsarc verify 2019-06.newsarc --keyring /etc/newsarc/trusted/\n"
      "Exit 0 only when every check passes, each --key made a valid signature and, with\n"
      "--keyring, at least one key of the keyring did.");
  return {sub, [o] { return runVerify(*o); }};
}

}  // namespace newsarc
