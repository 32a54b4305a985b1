// newsarc log: the states of a bundle (its first pack and each append), newest first, each with
// its size, its signers (checked) and what it added or changed.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/render.h>
#include <archive_news/signature.h>
#include <archive_news/terminal_text.h>
#include <archive_news/verifier.h>

#include <algorithm>
#include <cstdint>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;
using archive_news::terminalSafe;

// Ids shown per kind in the text output unless --ids.
constexpr std::size_t kShownIds = 10;

struct LogOptions {
  std::string bundle;
  bool json = false;
  bool ids = false;
};

// One signature of a state, checked against that state's seal.
struct Signer {
  std::string label;                   // signerLabel(): "key 5A3E...", "X.509 CN=..."
  std::string keyId;                   // an Ed25519 record's; empty for another
  std::optional<std::string> subject;  // an X.509 record's certificate subject
  std::optional<std::string> signer;
  std::optional<std::int64_t> timestamp;
  std::string trustedComment;
  std::string status;  // "valid", "invalid" or "not checked" (an algorithm unknown here)
};

// The signatures of one state as the library's verification of its seal finds them (a quick
// verification of the state: its tail, its seal and their signatures).
std::vector<Signer> signersOf(const archive_news::Bundle& state,
                              const std::vector<archive_news::Signature>& signatures) {
  archive_news::VerifyOptions options;
  options.quick = true;
  const archive_news::VerifyReport report = archive_news::verify(state, options);
  std::vector<Signer> signers;
  for (std::size_t i = 0; i < signatures.size(); ++i) {
    const archive_news::Signature& s = signatures[i];
    const archive_news::TrustedComment fields = archive_news::parseTrustedComment(s.trustedComment);
    const bool ed25519 = s.algorithm == archive_news::SignatureAlgorithm::kEd25519Blake2bPrehashed;
    const std::optional<archive_news::CertificateSummary> certificate = archive_news::cmsSigner(s);
    Signer signer{signerLabel(s),
                  ed25519 ? archive_news::keyIdToHex(s.keyId) : std::string(),
                  certificate ? std::optional(certificate->subject) : std::nullopt,
                  fields.signer,
                  fields.timestamp,
                  s.trustedComment,
                  "invalid"};
    const std::string item = "signature " + std::to_string(i) + " (";
    for (const archive_news::Check& check : report.checks) {
      if (check.name != "signature" || !check.item.starts_with(item)) continue;
      if (check.passed) signer.status = check.detail.starts_with("valid") ? "valid" : "not checked";
    }
    signers.push_back(std::move(signer));
  }
  return signers;
}

// One state: what history() says of it, and what it wrote (Bundle::forEachChange).
struct StateLog {
  archive_news::BundleState state;
  std::uint64_t added = 0;  // bytes this state added to the file
  std::vector<std::string> newIds;
  std::vector<std::pair<std::string, std::uint32_t>> changed;  // id, version
  std::vector<Signer> signers;
};

StateLog logOf(const archive_news::Bundle& bundle, const archive_news::BundleState& state,
               std::uint64_t previousSize) {
  StateLog log;
  log.state = state;
  log.added = state.fileSize - previousSize;
  const archive_news::Bundle at = bundle.atState(state.sequence);
  at.forEachChange([&](const archive_news::ArticleSummary& s) {
    if (s.version == 1) {
      log.newIds.push_back(s.id);
    } else {
      log.changed.emplace_back(s.id, s.version);
    }
    return true;
  });
  log.signers = signersOf(at, state.signatures);
  return log;
}

Json jsonOf(const StateLog& log) {
  Json j;
  j["state"] = log.state.sequence;
  j["created"] = log.state.created;
  j["sealDigest"] = hexOf(log.state.sealDigest);
  j["fileSize"] = log.state.fileSize;
  j["bytesAdded"] = log.added;
  j["articles"] = log.state.articleCount;
  j["new"] = log.newIds;
  j["changed"] = Json::array();
  for (const auto& [id, version] : log.changed) {
    j["changed"].push_back(Json{{"id", id}, {"version", version}});
  }
  j["signatures"] = Json::array();
  for (const Signer& s : log.signers) {
    Json signature;
    if (s.keyId.empty()) {
      signature["algorithm"] = "x509";
      if (s.subject) signature["subject"] = *s.subject;
    } else {
      signature["keyId"] = s.keyId;
      if (s.signer) signature["signer"] = *s.signer;
      if (s.timestamp) signature["signed"] = utcTime(*s.timestamp);
      signature["trustedComment"] = s.trustedComment;
    }
    signature["status"] = s.status;
    j["signatures"].push_back(std::move(signature));
  }
  return j;
}

// "  new:       urn:a, urn:b and 3 more"
template <typename T, typename Show>
void printIds(const char* label, const std::vector<T>& ids, bool all, Show show) {
  if (ids.empty()) return;
  std::cout << label;
  const std::size_t shownCount = all ? ids.size() : std::min(ids.size(), kShownIds);
  for (std::size_t i = 0; i < shownCount; ++i) {
    std::cout << (i == 0 ? "" : ", ") << show(ids[i]);
  }
  if (shownCount < ids.size()) std::cout << " and " << ids.size() - shownCount << " more";
  std::cout << "\n";
}

void printText(const StateLog& log, std::size_t newest, bool allIds) {
  const archive_news::BundleState& s = log.state;
  std::cout << "state " << s.sequence << (s.sequence == newest ? " (current)" : "") << "\n"
            << "  created:   " << terminalSafe(s.created) << "\n"
            << "  seal:      sha256 " << hexOf(s.sealDigest) << "\n"
            << "  size:      " << s.fileSize << " bytes (" << log.added << " added by this state)\n"
            << "  articles:  " << s.articleCount << " (" << log.newIds.size() << " new, "
            << log.changed.size() << (log.changed.size() == 1 ? " new version" : " new versions")
            << ")\n";
  if (log.signers.empty()) std::cout << "  signed:    not signed\n";
  for (const Signer& signer : log.signers) {
    std::cout << "  signed:    " << terminalSafe(signer.label) << ", " << signer.status;
    // An X.509 record has no trusted comment: its certificate is in the label.
    if (signer.keyId.empty()) {
      std::cout << "\n";
      continue;
    }
    if (signer.signer) {
      std::cout << ", signer: " << terminalSafe(*signer.signer);
      if (signer.timestamp) std::cout << ", signed " << utcTime(*signer.timestamp);
    } else {
      std::cout << ", trusted comment: " << terminalSafe(signer.trustedComment);
    }
    std::cout << "\n";
  }
  printIds("  new:       ", log.newIds, allIds,
           [](const std::string& id) { return terminalSafe(id); });
  printIds("  changed:   ", log.changed, allIds, [](const auto& change) {
    return terminalSafe(change.first) + " (version " + std::to_string(change.second) + ")";
  });
}

int runLog(const LogOptions& o) {
  const archive_news::Bundle bundle = openBundle(o.bundle);
  const std::vector<archive_news::BundleState> states = bundle.history();
  Json all = Json::array();
  // Newest first, as `git log`: the state a reader sees now heads the list.
  for (std::size_t i = states.size(); i-- > 0;) {
    const StateLog log = logOf(bundle, states[i], i == 0 ? 0 : states[i - 1].fileSize);
    if (o.json) {
      all.push_back(jsonOf(log));
      continue;
    }
    if (i + 1 != states.size()) std::cout << "\n";
    printText(log, states.back().sequence, o.ids);
  }
  if (o.json) {
    Json j{{"bundle", o.bundle}, {"states", std::move(all)}};
    std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
  }
  return kExitOk;
}

}  // namespace

Command addLogCommand(CLI::App& app) {
  auto o = std::make_shared<LogOptions>();
  CLI::App* sub = app.add_subcommand(
      "log", "The states of a bundle, newest first: signers, sizes, articles added and changed");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("--json", o->json, "As JSON, every id included");
  sub->add_flag("--ids", o->ids, "Every id added or changed (default: the first 10 of each)");
  sub->footer(
      "Example:\n  newsarc log 2019-06.newsarc\n"
      "State 0 is the bundle as pack made it; each append adds one. Each signature is checked\n"
      "against its state's seal (valid or invalid); which keys to trust is verify's --key.");
  return {sub, [o] { return runLog(*o); }};
}

}  // namespace newsarc
