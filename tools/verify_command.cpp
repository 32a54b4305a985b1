// newsarc verify: every check, reported one by one, and an exit code a script can trust.
#include <archive_news/keys.h>
#include <archive_news/terminal_text.h>
#include <archive_news/verifier.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;

struct VerifyCommandOptions {
  std::string bundle;
  TrustOptions trust;
  bool json = false;
  bool quick = false;
  bool verbose = false;
  std::vector<std::string> articles;
  std::optional<std::uint32_t> seal;
  bool quiet = false;
  std::vector<std::string> tsaRoots;  // --tsa-ca files
  std::string asOf;                   // --as-of time
};

Json timestampJson(const archive_news::TimestampFinding& t) {
  Json j{{"index", t.index},           {"tsa", t.tsa},
         {"time", t.timeText},         {"hash", t.hash},
         {"serial", t.serial},         {"policy", t.policy},
         {"signatures", t.signatures}, {"timestamps", t.timestamps},
         {"intact", t.intact},         {"trusted", t.trusted},
         {"proven", t.proven}};
  if (t.validUntil) j["validUntil"] = utcTime(*t.validUntil);
  if (t.renewedBy) j["renewedBy"] = *t.renewedBy;
  return j;
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
  j["timestamps"] = Json::array();
  for (const auto& t : report.timestamps) j["timestamps"].push_back(timestampJson(t));
  if (report.provenTime) j["provenTime"] = utcTime(*report.provenTime);
  std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
}

// Who made the valid signatures of the state verified, as their items name them ("signature 0
// (key 5A3E...)" gives "key 5A3E...", "signature 1 (X.509 CN=...)" gives "X.509 CN=...", detail
// "valid ..."); an earlier state's ("state 1: signature 0 ...") signed another seal.
std::vector<std::string> validSigners(const archive_news::VerifyReport& report) {
  std::vector<std::string> signers;
  for (const auto& c : report.checks) {
    const std::size_t open = c.item.find(" (");
    if (c.name != "signature" || !c.passed || c.item.rfind("signature", 0) != 0 ||
        c.detail.rfind("valid", 0) != 0 || open == std::string::npos || c.item.back() != ')') {
      continue;
    }
    signers.push_back(c.item.substr(open + 2, c.item.size() - open - 3));
  }
  return signers;
}

// True when every failed check is an --article id the bundle does not hold: a slip of the command
// line (exit 7), not damage. The id's absence is itself proved, along the index from the seal.
bool onlyUnknownArticles(const archive_news::VerifyReport& report) {
  for (const auto& c : report.failures()) {
    if (c.name != "article" || c.detail.rfind("no article with this id", 0) != 0) return false;
  }
  return true;
}

// True when the only failure is a --seal state the bundle does not have: exit 7, as for an
// unknown article.
bool onlyUnknownState(const archive_news::VerifyReport& report) {
  const std::vector<archive_news::Check> failures = report.failures();
  return failures.size() == 1 && failures.front().name == "chain" &&
         failures.front().detail.rfind("no such state", 0) == 0;
}

std::string signedConclusion(const archive_news::VerifyReport& report, const TrustOptions& trust,
                             const std::string& file);

// The last line says what was established: "verified" only when trusted signers were required
// and made valid signatures (naming the X.509 one that chains to a --ca root); without --key,
// --keyring or --ca, that the bundle is intact and that its origin was not checked.
std::string conclusion(const archive_news::VerifyReport& report, const TrustOptions& trust) {
  const std::string file = archive_news::terminalSafe(report.file);
  if (report.ok() && report.provenTime) {
    return signedConclusion(report, trust, file) + "; existed by " + utcTime(*report.provenTime) +
           " (proven by a trusted timestamp)";
  }
  return signedConclusion(report, trust, file);
}

std::string signedConclusion(const archive_news::VerifyReport& report, const TrustOptions& trust,
                             const std::string& file) {
  if (!report.ok()) {
    return file + ": FAILED (" + std::to_string(report.failures().size()) + " of " +
           std::to_string(report.checks.size()) + " checks)";
  }
  if (trust.any() && trust.cas.empty()) {
    return file + ": verified: intact, and signed by the trusted keys required";
  }
  if (trust.any()) {
    // Names the X.509 signer that chains: "signature 1 by CN=... is valid and ... chains to ...".
    std::string line = file + ": verified: intact, and signed by the trusted signers required";
    for (const auto& c : report.checks) {
      if (c.name == "trusted-ca" && c.passed) line += "; " + archive_news::terminalSafe(c.detail);
    }
    return line;
  }
  const std::vector<std::string> signers = validSigners(report);
  if (signers.empty()) return file + ": intact, not signed: its origin is not checked";
  std::string list;
  bool x509 = false;
  for (const std::string& signer : signers) {
    list += (list.empty() ? "" : ", ") + signer;
    x509 = x509 || signer.starts_with("X.509");
  }
  return file + ": intact, signed by " + archive_news::terminalSafe(list) +
         (x509 ? "; origin NOT checked: no signer is trusted (give --key, --keyring or --ca)"
               : "; origin NOT checked: no key is trusted (give --key or --keyring)");
}

// Every text of the report is terminalSafe(): items and details quote the bundle (a trusted
// comment is whatever its signer wrote), and a newline there could print a fake "ok" line.
void printText(const archive_news::VerifyReport& report, const TrustOptions& trust, bool verbose) {
  for (const auto& c : report.checks) {
    std::cout << (c.passed ? "ok    " : "FAIL  ") << archive_news::terminalSafe(c.name) << ": "
              << archive_news::terminalSafe(c.item);
    if (c.offset && (verbose || !c.passed)) std::cout << " at offset " << *c.offset;
    std::cout << ": " << archive_news::terminalSafe(c.detail) << "\n";
  }
  std::cout << conclusion(report, trust) << "\n";
}

int runVerify(const VerifyCommandOptions& o) {
  archive_news::VerifyOptions options;
  loadTrust(o.trust, options);
  options.quick = o.quick;
  options.articles = o.articles;
  options.state = o.seal;
  loadTsaRoots(o.tsaRoots, options);
  if (!o.asOf.empty()) options.now = parseUtcTime(o.asOf, "--as-of");
  Progress progress("verifying", "bytes", !o.quiet && stderrIsTerminal());
  options.progress = [&progress](std::uint64_t done, std::uint64_t total) {
    progress.updateBytes(done, total);
  };
  archive_news::VerifyReport report = verifyBundleAt(o.bundle, options);
  progress.finish();
  if (o.json) {
    printJson(report);
  } else {
    printText(report, o.trust, o.verbose);
  }
  int code = exitCodeOf(report);
  if (code != kExitOk && !o.articles.empty() && onlyUnknownArticles(report)) code = kExitNotFound;
  if (code != kExitOk && o.seal && onlyUnknownState(report)) code = kExitNotFound;
  if (code != kExitOk) {
    const archive_news::Check first = report.failures().front();
    printError(report.file + ": " + first.name + ": " + first.item +
               (first.offset ? " at offset " + std::to_string(*first.offset) : "") + ": " +
               first.detail +
               (first.name == "footer"
                    ? recoverHint(archive_news::ErrorCode::kCorruption, report.file, first.offset)
                    : ""));
  }
  return code;
}

}  // namespace

Command addVerifyCommand(CLI::App& app) {
  auto o = std::make_shared<VerifyCommandOptions>();
  CLI::App* sub = app.add_subcommand("verify", "Check a bundle's integrity and signatures");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  addTrustOptions(*sub, o->trust, "");
  sub->add_flag("--json", o->json, "The report as JSON");
  CLI::Option* quick = sub->add_flag(
      "--quick", o->quick, "The tail only: header, footer, seal and signatures; no data read");
  CLI::Option* articles = sub->add_option(
      "-a,--article", o->articles,
      "Prove only this article (repeatable, or several ids): its pages from the seal, its "
      "cluster, record and contents; the rest is not read");
  quick->excludes(articles);
  sub->add_option("--seal", o->seal,
                  "Verify the earlier state N of an appended bundle (0 is the first): the part of "
                  "the file that was the whole bundle then; the keys are required of that state");
  sub->add_option("--tsa-ca", o->tsaRoots,
                  "Trust time-stamping authorities that chain to the root certificates of this "
                  "PEM file (repeatable; default: the files of NEWSARC_TSA_CA, colon-separated)");
  sub->add_option("--as-of", o->asOf,
                  "Judge certificates as of this UTC time (2031-01-01T00:00:00Z) instead of now");
  sub->add_flag("-v,--verbose", o->verbose, "Details of passing checks too");
  sub->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  sub->footer(
      "Example:\n  newsarc verify 2019-06.newsarc --key archive.pub\n"
      "  newsarc verify 2019-06.newsarc --keyring /etc/newsarc/trusted/\n"
      "  newsarc verify 2019-06.newsarc --ca publisher-root-ca.pem\n"
      "  newsarc verify 2019-06.newsarc --key archive.pub --article urn:x:1 --article urn:x:2\n"
      "With --article, only the articles named are proved (check 'article'), each along its path\n"
      "of pages from the signed seal, in time independent of the bundle's size.\n"
      "An appended bundle is a chain of states (seals 0, 1, ...): a full verification checks\n"
      "every state, each link and each state's changes (checks 'chain', 'history'); the lines\n"
      "of earlier states begin with 'state N:'. --seal N verifies state N as it was sealed.\n"
      "With --ca, an X.509 signature must come from a certificate that chains to a root of the\n"
      "file, now (expiry is checked, revocation is not); its line names the certificate.\n"
      "Without --key, --keyring or --ca, verify checks that the bundle is intact and that its\n"
      "signatures are valid, but not who made them: anyone can sign with a key of their own.\n"
      "The last line then reads 'intact, signed by key ...; origin NOT checked', never\n"
      "'verified'.\n"
      "Timestamps (newsarc timestamp) are checked for integrity always; with --tsa-ca, each\n"
      "TSA must chain to a root of the file, and a timestamp whose TSA certificate has expired\n"
      "counts only when a later timestamp renews it (--renew) and was made while it was valid.\n"
      "Exit codes:\n"
      "  0  every check passed; with --key, each key made a valid signature, with\n"
      "     --keyring, at least one key of the keyring did, and with --ca, a certificate\n"
      "     chaining to a root did (without any: intact, origin not checked)\n"
      "  3  the bundle is damaged, invalid or of an unsupported version\n"
      "  4  only signatures failed: one does not verify, a required key did not sign, or no\n"
      "     certificate chains to a --ca root\n"
      "  8  only timestamps failed (and signatures, if any, passed): a token is damaged, over\n"
      "     other bytes, or not by a trusted TSA (--tsa-ca), or its TSA certificate expired\n"
      "     without a renewal\n"
      "  5  the bundle cannot be read\n"
      "  6  a key file, the keyring or a --ca file is not acceptable\n"
      "  7  an --article id is not in the bundle, or the --seal state is not (and nothing\n"
      "     else failed)\n"
      "  2  the command line is wrong");
  return {sub, [o] { return runVerify(*o); }};
}

}  // namespace newsarc
