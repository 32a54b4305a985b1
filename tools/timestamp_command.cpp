// newsarc timestamp: RFC 3161 timestamps of a bundle's seal from time-stamping authorities, asked
// over HTTP or brought as files made with `openssl ts`, stored beside the signatures without
// touching the signed bytes.
#include <archive_news/reader.h>
#include <archive_news/timestamp.h>
#include <archive_news/tsa_client.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli.h"

namespace newsarc {
namespace {

using archive_news::Error;
using archive_news::ErrorCode;

struct TimestampOptions {
  std::string bundle;
  std::vector<std::string> tsas;
  std::string hash = "sha256";
  bool renew = false;
  bool sealOnly = false;
  std::string requestOut;
  std::string reply;
  std::string tlsCaFile;
  double timeoutSeconds = 30;
  int attempts = 3;
  bool force = false;
};

// A reply or token is a few KiB; anything much larger is not one.
std::vector<std::uint8_t> readReplyFile(const std::string& path) {
  const std::string bytes = readSmallFile(path, 1 << 20, "a timestamp reply");
  return {bytes.begin(), bytes.end()};
}

void writeRequest(const std::string& path, const std::vector<std::uint8_t>& bytes, bool force) {
  if (!force && std::filesystem::exists(path)) {
    throw Error(ErrorCode::kIOError, path, std::nullopt, "already exists; refusing to replace it");
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) throw Error(ErrorCode::kIOError, path, std::nullopt, "cannot write");
}

archive_news::TimestampHash hashOf(const std::string& name) {
  if (name == "sha256") return archive_news::TimestampHash::kSha256;
  if (name == "sha384") return archive_news::TimestampHash::kSha384;
  if (name == "sha512") return archive_news::TimestampHash::kSha512;
  throw Error(ErrorCode::kInvalidArgument, "--hash", std::nullopt,
              "'" + name + "'; expected sha256, sha384 or sha512");
}

archive_news::TimestampScope scopeOf(const TimestampOptions& o) {
  archive_news::TimestampScope scope;
  scope.hash = hashOf(o.hash);
  scope.signatures = !o.sealOnly;
  scope.renew = o.renew;
  return scope;
}

std::string coverage(const archive_news::Timestamp& t) {
  std::string text = "the seal";
  if (t.signatures > 0) text += ", " + std::to_string(t.signatures) + " signature(s)";
  if (t.timestamps > 0) text += ", " + std::to_string(t.timestamps) + " earlier timestamp(s)";
  return text;
}

// "timestamp 2: over the seal, 1 signature(s) (4127 bytes)".
void printStored(const std::string& bundlePath, std::uint32_t index, const std::string& source) {
  const archive_news::Bundle bundle = archive_news::Bundle::open(bundlePath);
  const archive_news::Timestamp t = bundle.timestamps().at(index);
  std::cout << "timestamp " << index << " from " << archive_news::terminalSafe(source) << ": over "
            << coverage(t) << " (token of " << t.token.size() << " bytes)\n";
}

// Thrown once a refused reply has been reported.
struct TimestampRefused {};

// A refused reply is a timestamp failure (exit 8), not a broken signature.
std::uint32_t store(const std::string& bundle, const std::vector<std::uint8_t>& reply,
                    const archive_news::TimestampQuery* query) {
  try {
    return query != nullptr ? archive_news::addTimestamp(bundle, reply, *query)
                            : archive_news::addTimestamp(bundle, reply);
  } catch (const Error& e) {
    if (e.code() != ErrorCode::kBadSignature || e.file() != "timestamp reply") throw;
    printError(e.what());
    throw TimestampRefused{};
  }
}

int askTsas(const TimestampOptions& o) {
  archive_news::TsaClientOptions client;
  client.timeout = std::chrono::milliseconds(static_cast<long long>(o.timeoutSeconds * 1000));
  client.attempts = o.attempts;
  client.caFile = o.tlsCaFile;
  int code = kExitOk;
  for (const std::string& url : o.tsas) {
    // Asked anew for each TSA: with --renew, the next one covers this one's token too.
    const archive_news::TimestampQuery query =
        archive_news::makeTimestampQuery(archive_news::Bundle::open(o.bundle), scopeOf(o));
    std::vector<std::uint8_t> reply;
    try {
      reply = archive_news::postTimestampQuery(url, query.request, client);
    } catch (const Error& e) {
      // kIOError (exit 5) for a TSA that cannot be reached, kInvalidArgument (6) for a URL
      // that is not http or https.
      printError(e.what());
      code = exitCodeFor(e.code());
      continue;
    }
    try {
      printStored(o.bundle, store(o.bundle, reply, &query), url);
    } catch (const TimestampRefused&) {
      code = kExitTimestamp;
    }
  }
  return code;
}

int runTimestamp(const TimestampOptions& o) {
  if (!o.requestOut.empty()) {
    const archive_news::TimestampQuery query =
        archive_news::makeTimestampQuery(archive_news::Bundle::open(o.bundle), scopeOf(o));
    writeRequest(o.requestOut, query.request, o.force);
    std::cout << "wrote " << shown(o.requestOut) << " (" << query.request.size()
              << "-byte TimeStampReq, " << o.hash << ", over the seal";
    if (query.signatures > 0) std::cout << " and " << query.signatures << " signature(s)";
    if (query.timestamps > 0) std::cout << " and " << query.timestamps << " timestamp(s)";
    std::cout << ")\nsend it: curl -sS -H 'Content-Type: application/timestamp-query' "
                 "--data-binary @"
              << shown(o.requestOut) << " TSA-URL > reply.tsr\nthen:    newsarc timestamp "
              << shown(o.bundle) << " --tsr reply.tsr\n";
    return kExitOk;
  }
  if (!o.reply.empty()) {
    try {
      printStored(o.bundle, store(o.bundle, readReplyFile(o.reply), nullptr), o.reply);
    } catch (const TimestampRefused&) {
      return kExitTimestamp;
    }
    return kExitOk;
  }
  return askTsas(o);
}

}  // namespace

Command addTimestampCommand(CLI::App& app) {
  auto o = std::make_shared<TimestampOptions>();
  CLI::App* sub = app.add_subcommand(
      "timestamp", "Add an RFC 3161 timestamp from a time-stamping authority (TSA)");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  CLI::Option* tsa = sub->add_option(
      "--tsa", o->tsas, "Ask this TSA (http:// or https:// URL; repeatable: one token each)");
  CLI::Option* requestOut = sub->add_option(
      "--request-out", o->requestOut,
      "Write the request (DER TimeStampReq) to this file instead, to send another way");
  CLI::Option* reply = sub->add_option(
      "--tsr", o->reply,
      "Store the token of this reply (DER TimeStampResp, or a bare token), e.g. from "
      "'openssl ts -reply'");
  tsa->excludes(requestOut)->excludes(reply);
  requestOut->excludes(reply);
  sub->add_option("--hash", o->hash, "The imprint's hash: sha256 (default), sha384 or sha512");
  sub->add_flag("--renew", o->renew,
                "Cover every timestamp the bundle has too (RFC 4998 renewal): keeps them proven "
                "after their TSA certificates expire or their hash is retired");
  sub->add_flag("--seal-only", o->sealOnly,
                "Cover the seal alone, not the signatures (as 'openssl ts -query -data seal.bin')");
  sub->add_option("--timeout", o->timeoutSeconds, "Seconds per attempt to reach a TSA (30)");
  sub->add_option("--attempts", o->attempts,
                  "Attempts per TSA on connection failures, timeouts and HTTP 5xx (3)");
  sub->add_option("--tls-ca", o->tlsCaFile,
                  "Trust these CA certificates (PEM) for https instead of the system's");
  sub->add_flag("-f,--force", o->force, "Replace an existing --request-out file");
  sub->footer(
      "Examples:\n"
      "  newsarc timestamp 2019-06.newsarc --tsa http://timestamp.example/tsa\n"
      "  newsarc timestamp 2019-06.newsarc --renew --hash sha512 --tsa https://tsa.example/\n"
      "  newsarc timestamp 2019-06.newsarc --request-out req.tsq   # then, elsewhere:\n"
      "  openssl ts -reply -queryfile req.tsq -config tsa.cnf -out reply.tsr\n"
      "  newsarc timestamp 2019-06.newsarc --tsr reply.tsr\n"
      "A token is a TSA's signed statement that the seal (and so every byte of the bundle)\n"
      "and, by default, its signatures existed at a time; it stays valid when a signing key\n"
      "leaks later. Only the timestamp section and the footer are rewritten. 'newsarc verify\n"
      "--tsa-ca ROOT.pem' checks the tokens; 'newsarc seal' exports them for 'openssl ts'.\n"
      "Exit codes: 0 every token stored; 8 a reply was refused (not granted, damaged, over\n"
      "other bytes); 5 a TSA could not be reached; 3 the bundle is damaged.");
  sub->callback([tsa, requestOut, reply] {
    if (tsa->count() == 0 && requestOut->count() == 0 && reply->count() == 0) {
      throw CLI::RequiredError("one of --tsa, --request-out or --tsr");
    }
  });
  return {sub, [o] { return runTimestamp(*o); }};
}

}  // namespace newsarc
