#include "cli.h"

#include <archive_news/remote.h>
#include <archive_news/render.h>
#include <archive_news/terminal_text.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace newsarc {

using archive_news::Error;
using archive_news::ErrorCode;

std::string readSmallFile(const std::string& path, std::uintmax_t maxSize,
                          const std::string& expected) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  std::ifstream in(path, std::ios::binary);
  if (error || !in) {
    throw Error(ErrorCode::kIOError, path, std::nullopt,
                "cannot read" + (error ? ": " + error.message() : std::string()));
  }
  if (size > maxSize) {
    throw Error(ErrorCode::kInvalidArgument, path, std::nullopt,
                "is " + std::to_string(size) + " bytes; expected " + expected + " of at most " +
                    std::to_string(maxSize));
  }
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in) throw Error(ErrorCode::kIOError, path, std::nullopt, "cannot read");
  return bytes;
}

int exitCodeFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kCorruption:
    case ErrorCode::kUnsupported:
    case ErrorCode::kLimitExceeded:
      return kExitCorrupt;
    case ErrorCode::kBadSignature:
      return kExitSignature;
    case ErrorCode::kInvalidArgument:
      return kExitInvalidInput;
    case ErrorCode::kIOError:
      return kExitIo;
    case ErrorCode::kNotFound:
      return kExitNotFound;
  }
  return kExitFailure;
}

std::string utcTime(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  char text[32];
  if (gmtime_r(&time, &parts) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) {
    return std::to_string(seconds) + " (seconds since 1970)";
  }
  return text;
}

std::string hexOf(std::span<const std::uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 15];
  }
  return out;
}

std::uint32_t stateOf(const archive_news::Bundle& bundle, const std::string& spec) {
  const std::vector<archive_news::BundleState> states = bundle.history();
  const auto available = [&] {
    return "; the bundle has states 0 to " + std::to_string(states.back().sequence) +
           " (see 'newsarc log')";
  };
  const bool digits = !spec.empty() && std::all_of(spec.begin(), spec.end(),
                                                   [](char c) { return c >= '0' && c <= '9'; });
  if (digits && spec.size() < 8) {
    const unsigned long sequence = std::stoul(spec);
    if (sequence > states.back().sequence) {
      throw Error(ErrorCode::kNotFound, bundle.name(), std::nullopt,
                  "no state " + spec + available());
    }
    return static_cast<std::uint32_t>(sequence);
  }
  std::string prefix = spec;
  for (char& c : prefix) c = static_cast<char>(c >= 'A' && c <= 'F' ? c + 32 : c);
  const bool hex = std::all_of(prefix.begin(), prefix.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (!hex || prefix.size() < 8 || prefix.size() > 64) {
    throw Error(
        ErrorCode::kInvalidArgument,
        "state '" + spec + "': expected a state number or at least 8 hex digits of a seal digest");
  }
  std::optional<std::uint32_t> found;
  for (const archive_news::BundleState& state : states) {
    if (!hexOf(state.sealDigest).starts_with(prefix)) continue;
    if (found) {
      throw Error(ErrorCode::kInvalidArgument, bundle.name(), std::nullopt,
                  "seal digest prefix '" + spec + "' matches states " + std::to_string(*found) +
                      " and " + std::to_string(state.sequence) + "; give more digits");
    }
    found = state.sequence;
  }
  if (!found) {
    throw Error(ErrorCode::kNotFound, bundle.name(), std::nullopt,
                "no state whose seal digest starts with '" + spec + "'" + available());
  }
  return *found;
}

void printError(const std::string& what) {
  std::cerr << "newsarc: error: " << archive_news::terminalSafe(what) << "\n";
}

std::string recoverHint(ErrorCode code, const std::string& file,
                        std::optional<std::uint64_t> offset) {
  // The header and footer of the smallest bundle; the footer's size, FORMAT.md section 3.
  constexpr std::uint64_t kSmallest = 32 + 192;
  constexpr std::uint64_t kFooter = 192;
  std::error_code error;
  if (code != ErrorCode::kCorruption || file.empty() || !offset) return "";
  const std::uint64_t size = std::filesystem::file_size(file, error);
  if (error || size < kSmallest || *offset < size - kFooter) return "";
  return "; if an append was interrupted, 'newsarc recover " + file +
         "' cuts it back to its last complete state";
}

namespace {

bool isSignatureCheck(const archive_news::Check& check) {
  return check.name == "signature" || check.name == "trusted-key" || check.name == "keyring" ||
         check.name == "trusted-ca";
}

// A token's own failures; an unreadable timestamp section is damage like any other.
bool isTimestampCheck(const archive_news::Check& check) {
  return check.name == "timestamp-token" || check.name == "timestamp-imprint" ||
         check.name == "timestamp-tsa";
}

// A PEM file of TSA roots: a few KiB; a CA bundle of a whole system about 200 KiB.
std::string readTsaRootFile(const std::string& path) {
  std::string text = readSmallFile(path, std::uintmax_t{16} << 20, "a PEM file of certificates");
  if (text.find("-----BEGIN CERTIFICATE-----") == std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument, path, std::nullopt,
                "holds no PEM certificate; expected the TSA's root certificate");
  }
  return text;
}
}  // namespace

int exitCodeOf(const archive_news::VerifyReport& report) {
  if (report.ok()) return kExitOk;
  bool signatures = false;
  for (const auto& check : report.failures()) {
    if (isSignatureCheck(check)) {
      signatures = true;
    } else if (!isTimestampCheck(check)) {
      return kExitCorrupt;
    }
  }
  return signatures ? kExitSignature : kExitTimestamp;
}

void loadTsaRoots(const std::vector<std::string>& files, archive_news::VerifyOptions& options) {
  std::vector<std::string> paths = files;
  const char* configured = std::getenv("NEWSARC_TSA_CA");
  if (paths.empty() && configured != nullptr) {
    std::string list = configured;
    for (std::size_t at = 0; at <= list.size();) {
      const std::size_t end = std::min(list.find(':', at), list.size());
      if (end > at) paths.push_back(list.substr(at, end - at));
      at = end + 1;
    }
  }
  for (const std::string& path : paths) options.tsaRoots.push_back(readTsaRootFile(path));
}

std::int64_t parseUtcTime(const std::string& text, const std::string& option) {
  std::tm parts{};
  const char* end = ::strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &parts);
  if (end == nullptr || *end != '\0' || text.size() != 20) {
    throw Error(ErrorCode::kInvalidArgument, option, std::nullopt,
                "'" + text + "' is not a UTC time; expected YYYY-MM-DDThh:mm:ssZ");
  }
  return static_cast<std::int64_t>(timegm(&parts));
}

void addTrustOptions(CLI::App& sub, TrustOptions& trust, const std::string& action) {
  sub.add_option("-k,--key", trust.keys,
                 "Require a valid signature by this public key (repeatable)" + action);
  sub.add_option("--keyring", trust.keyring,
                 "Require a valid signature by any one key of this folder of .pub files" + action);
  sub.add_option("--ca", trust.cas,
                 "Require a valid X.509 signature whose certificate chains to a root certificate "
                 "of this PEM file (repeatable: any root of any file)" +
                     action);
}

namespace {

// A --ca file's text: certificates are small, a file over 16 MiB is not a CA bundle.
std::string readCaFile(const std::string& path) {
  return readSmallFile(path, std::uintmax_t{16} << 20, "a PEM file of CA certificates");
}
}  // namespace

std::string signerText(const archive_news::SecretKey& key, const std::string& signerOption) {
  return signerOption.empty() ? "key " + archive_news::keyIdToHex(key.keyId()) : signerOption;
}

std::string signerLabel(const archive_news::Signature& signature) {
  switch (signature.algorithm) {
    case archive_news::SignatureAlgorithm::kEd25519Blake2bPrehashed:
      return "key " + archive_news::keyIdToHex(signature.keyId);
    case archive_news::SignatureAlgorithm::kCmsX509: {
      const std::optional<archive_news::CertificateSummary> signer =
          archive_news::cmsSigner(signature);
      return signer ? "X.509 " + signer->subject : "X.509, no readable certificate";
    }
    case archive_news::SignatureAlgorithm::kUnspecified:
      break;
  }
  return "algorithm " + std::to_string(static_cast<unsigned>(signature.algorithm));
}

void loadTrust(const TrustOptions& trust, archive_news::VerifyOptions& options) {
  for (const std::string& path : trust.keys) {
    options.trustedKeys.push_back(archive_news::loadPublicKey(path));
  }
  if (!trust.keyring.empty()) options.keyring = archive_news::loadKeyring(trust.keyring);
  for (const std::string& path : trust.cas) {
    std::string pem = readCaFile(path);
    // Malformed roots are the command line's fault: said now, naming the file.
    try {
      archive_news::countCaCertificates(pem);
    } catch (const Error& e) {
      throw Error(e.code(), path, std::nullopt, e.reason() + "; expected CA root certificates");
    }
    options.caRoots.push_back(std::move(pem));
  }
}

void requireTrustedSigner(const archive_news::Bundle& bundle, const TrustOptions& trust,
                          const std::string& action) {
  if (!trust.any()) return;
  archive_news::VerifyOptions options;
  loadTrust(trust, options);
  options.quick = true;
  const archive_news::VerifyReport report = archive_news::verify(bundle, options);
  const int code = exitCodeOf(report);
  // A damaged timestamp takes nothing from the signed content: the timestamp section is outside
  // what the signatures cover, and whoever can write the file could damage it to block reading.
  if (code == kExitOk || code == kExitTimestamp) return;
  const archive_news::Check first = report.failures().front();
  const ErrorCode errorCode =
      code == kExitSignature ? ErrorCode::kBadSignature : ErrorCode::kCorruption;
  throw Error(errorCode, bundle.name(), first.offset,
              first.name + ": " + first.item + ": " + first.detail + "; refusing to " + action +
                  " (run 'newsarc verify' for every check)");
}

std::size_t outputWidth(std::size_t requested) {
  if (requested > 0) return requested;
  if (::isatty(STDOUT_FILENO) != 1) return 0;
  if (const char* columns = std::getenv("COLUMNS")) {
    char* end = nullptr;
    const unsigned long value = std::strtoul(columns, &end, 10);
    if (end != columns && *end == '\0' && value > 0 && value < 100000) return value;
  }
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return 0;
}

namespace {

std::string passwordFromFile() {
  const char* path = std::getenv("NEWSARC_PASSWORD_FILE");
  if (path == nullptr) return {};
  std::ifstream in(path);
  if (!in) {
    throw Error(ErrorCode::kIOError, path, std::nullopt,
                "cannot read the file named by NEWSARC_PASSWORD_FILE");
  }
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Reads one line from the terminal with echo off. The prompt goes to the terminal too, so
// stdout and stderr stay clean for scripts.
std::string askTerminal(const std::string& prompt) {
  FILE* tty = std::fopen("/dev/tty", "r+");
  if (tty == nullptr) {
    throw Error(ErrorCode::kInvalidArgument,
                "a password is needed and there is no terminal; set NEWSARC_PASSWORD_FILE");
  }
  std::fputs(prompt.c_str(), tty);
  std::fflush(tty);
  termios old{};
  bool restore = tcgetattr(fileno(tty), &old) == 0;
  if (restore) {
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
  }
  std::string line;
  for (int c = std::fgetc(tty); c != EOF && c != '\n'; c = std::fgetc(tty)) {
    line += static_cast<char>(c);
  }
  if (restore) tcsetattr(fileno(tty), TCSAFLUSH, &old);
  std::fputs("\n", tty);
  std::fclose(tty);
  return line;
}

}  // namespace

archive_news::PasswordProvider passwordProvider(const std::string& keyPath) {
  return [keyPath] {
    if (std::getenv("NEWSARC_PASSWORD_FILE") != nullptr) return passwordFromFile();
    return askTerminal("Password for " + keyPath + ": ");
  };
}

std::string newPassword() {
  if (std::getenv("NEWSARC_PASSWORD_FILE") != nullptr) return passwordFromFile();
  std::string first = askTerminal("Password for the new secret key: ");
  std::string second = askTerminal("The same password again: ");
  if (first != second) throw Error(ErrorCode::kInvalidArgument, "the two passwords differ");
  if (first.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "empty password; use --no-password for an unencrypted key");
  }
  return first;
}

archive_news::SecretKey loadSecretKeyInteractively(const std::string& path) {
  return archive_news::loadSecretKey(path, passwordProvider(path));
}

bool stderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

Progress::Progress(std::string verb, std::string unit, bool enabled)
    : verb_(std::move(verb)), unit_(std::move(unit)), enabled_(enabled) {}

Progress::~Progress() { finish(); }

void Progress::update(std::size_t done, std::size_t total, std::uint64_t bytes) {
  const double fraction = total == 0 ? 1 : static_cast<double>(done) / static_cast<double>(total);
  startMeasuring(fraction, bytes);
  if (!due(done >= total)) return;
  draw(std::to_string(done) + "/" + std::to_string(total) + " " + unit_, fraction, bytes);
}

void Progress::updateBytes(std::uint64_t done, std::uint64_t total) {
  const double fraction = total == 0 ? 1 : static_cast<double>(done) / static_cast<double>(total);
  startMeasuring(fraction, done);
  if (!due(done >= total)) return;
  draw(archive_news::displaySize(done) + "/" + archive_news::displaySize(total), fraction, done);
}

// Rate and ETA are measured from the first update, not from the start: the time before it (a
// survey of the input, a password prompt) says nothing of the speed of the work, and counted
// in, made the first ETA of a long pack absurd (203:42 for a minute's work).
void Progress::startMeasuring(double fraction, std::uint64_t bytes) {
  if (measuring_) return;
  measuring_ = true;
  started_ = std::chrono::steady_clock::now();
  startFraction_ = fraction;
  startBytes_ = bytes;
}

// The first and the last state are always drawn; others at most ten times a second.
bool Progress::due(bool last) {
  if (!enabled_) return false;
  const auto now = std::chrono::steady_clock::now();
  if (drawn_ && !last && now - lastDraw_ < std::chrono::milliseconds(100)) return false;
  lastDraw_ = now;
  drawn_ = true;
  return true;
}

void Progress::draw(const std::string& count, double fraction, std::uint64_t bytes) {
  const double seconds = std::chrono::duration<double>(lastDraw_ - started_).count();
  constexpr int kBarWidth = 24;
  const int filled = static_cast<int>(kBarWidth * std::min(fraction, 1.0));
  const std::string bar =
      "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]";
  // Until a second of work has been seen, a rate or ETA would be a guess: none is shown.
  std::string speed = "--/s  ETA --:--";
  const bool complete = fraction >= 1;
  if (complete || (seconds >= 1 && fraction > startFraction_)) {
    const double rate =
        seconds > 0 ? static_cast<double>(bytes - std::min(bytes, startBytes_)) / seconds : 0;
    const long eta =
        complete ? 0
                 : static_cast<long>(seconds * (1 - fraction) / (fraction - startFraction_) + 0.5);
    char text[64];
    std::snprintf(text, sizeof text, "%s/s  ETA %ld:%02ld",
                  archive_news::displaySize(static_cast<std::uint64_t>(rate)).c_str(), eta / 60,
                  eta % 60);
    speed = text;
  }
  char line[200];
  std::snprintf(line, sizeof line, "%s %s %s  %s", verb_.c_str(), bar.c_str(), count.c_str(),
                speed.c_str());
  std::cerr << "\r" << line << "\033[K" << std::flush;
}

void Progress::finish() {
  if (drawn_) std::cerr << "\r\033[K" << std::flush;
  drawn_ = false;
}

archive_news::Bundle openBundle(const std::string& pathOrUrl) {
  if (archive_news::isRemoteUrl(pathOrUrl)) return archive_news::openRemote(pathOrUrl);
  return archive_news::Bundle::open(pathOrUrl);
}

archive_news::VerifyReport verifyBundleAt(const std::string& pathOrUrl,
                                          const archive_news::VerifyOptions& options) {
  if (archive_news::isRemoteUrl(pathOrUrl)) {
    return archive_news::verifySource(archive_news::HttpRangeSource::open(pathOrUrl), options);
  }
  return archive_news::verifyFile(pathOrUrl, options);
}

}  // namespace newsarc
