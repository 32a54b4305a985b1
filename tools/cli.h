// Shared pieces of the newsarc commands: exit codes, error reporting, passwords, output.
#ifndef NEWSARC_TOOLS_CLI_H_
#define NEWSARC_TOOLS_CLI_H_

#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/terminal_text.h>
#include <archive_news/verifier.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace newsarc {

// Exit codes, documented in `newsarc --help` and the README. Pinned: scripts depend on them.
enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,       // anything not listed below
  kExitUsage = 2,         // the command line is wrong
  kExitCorrupt = 3,       // the bundle is invalid, damaged or unsupported
  kExitSignature = 4,     // a signature is missing, invalid or by an untrusted key
  kExitIo = 5,            // a file could not be read or written
  kExitInvalidInput = 6,  // an article folder, key file or argument is not acceptable
  kExitNotFound = 7,      // an article id or file does not exist
  kExitTimestamp = 8,     // a timestamp is damaged, over other bytes, or not by a trusted TSA
};

int exitCodeFor(archive_news::ErrorCode code);

// The bytes of a small file (a certificate, a reply): Error(kIOError) when it cannot be read,
// Error(kInvalidArgument) when it is larger than `maxSize`, saying it was `expected`.
std::string readSmallFile(const std::string& path, std::uintmax_t maxSize,
                          const std::string& expected);

// "newsarc: error: <what>" on stderr, <what> made terminalSafe(): error messages quote ids, file
// names and values from bundles and inputs.
void printError(const std::string& what);

// A path or other text from the command line as stdout shows it: made terminalSafe(), as error
// messages are, so that a name holding ESC or a newline prints inert.
inline std::string shown(const std::filesystem::path& path) {
  return archive_news::terminalSafe(path.string());
}

// "2026-11-28T17:39:37Z"; a time gmtime cannot place is shown as the number it is.
std::string utcTime(std::int64_t seconds);

// Lower-case hex, as sha256sum prints a digest.
std::string hexOf(std::span<const std::uint8_t> bytes);

// A bundle named on the command line: a path, or an http:// or https:// URL, read where it is
// with range requests (archive_news/remote.h).
archive_news::Bundle openBundle(const std::string& pathOrUrl);
// verifyFile for a path, verifySource over HTTP range requests for a URL.
archive_news::VerifyReport verifyBundleAt(const std::string& pathOrUrl,
                                          const archive_news::VerifyOptions& options);

// The state a command reads (--at of extract): a sequence number, or a hex prefix of at least 8
// digits of a state's seal digest (Bundle::history()). Throws Error(kNotFound) naming the states
// the bundle has when none matches, Error(kInvalidArgument) for a prefix matching two.
std::uint32_t stateOf(const archive_news::Bundle& bundle, const std::string& spec);
// For a bundle that cannot be opened because its last bytes are not a valid footer (an append
// killed before it wrote its own): "; if an append was interrupted, 'newsarc recover FILE' cuts
// it back to its last complete state". Empty for any other error: a corruption elsewhere, a file
// too short to hold a bundle, a file that is not there.
std::string recoverHint(archive_news::ErrorCode code, const std::string& file,
                        std::optional<std::uint64_t> offset);

// The exit code of a verify report: 0 when every check passed, 8 when only timestamp checks
// failed, 4 when only signature checks (and perhaps timestamp checks) failed, 3 when anything
// else did.
int exitCodeOf(const archive_news::VerifyReport& report);

// --key, --keyring and --ca, as verify, show and extract take them: which signers are trusted.
// Each one given must be satisfied (a signature by each key, by a key of the keyring, by a
// certificate chaining to a root of the --ca files).
struct TrustOptions {
  std::vector<std::string> keys;
  std::string keyring;
  std::vector<std::string> cas;  // PEM files of CA root certificates
  bool any() const { return !keys.empty() || !keyring.empty() || !cas.empty(); }
};
void addTrustOptions(CLI::App& sub, TrustOptions& trust, const std::string& action);
// Loads the keys of --key and --keyring and the roots of --ca into `options`. Throws
// Error(kIOError) for a file that cannot be read, Error(kInvalidArgument) for one that is not a
// key, keyring or PEM certificate file.
void loadTrust(const TrustOptions& trust, archive_news::VerifyOptions& options);
// With --key, --keyring or --ca: checks, before anything of the bundle is shown or written, that
// the seal matches its digest and that the trusted signers made valid signatures of it, as
// `newsarc verify --quick` does. Throws Error(kBadSignature) (exit 4) or, for a damaged bundle,
// Error(kCorruption) (exit 3) naming the first failed check. Without any: nothing. The
// rest needs no check here: every page, cluster and content extent is checked against the digest
// that leads to it from the seal as it is read.
void requireTrustedSigner(const archive_news::Bundle& bundle, const TrustOptions& trust,
                          const std::string& action);

// The columns text for stdout may take: `requested` when not 0; else, when stdout is a terminal,
// COLUMNS or else the terminal's width (TIOCGWINSZ); else 0, for "do not cut or wrap".
std::size_t outputWidth(std::size_t requested = 0);

// The password of a secret key: from the file named by NEWSARC_PASSWORD_FILE (its first line),
// else asked on the terminal without echo. Throws Error(kInvalidArgument) when neither is
// available.
archive_news::PasswordProvider passwordProvider(const std::string& keyPath);
// A new password, asked twice on the terminal, or taken from NEWSARC_PASSWORD_FILE.
std::string newPassword();

// Each command adds its subcommand to the app and returns it with the function that runs it.
struct Command {
  CLI::App* app;
  std::function<int()> run;
};
Command addKeygenCommand(CLI::App& app);
Command addPackCommand(CLI::App& app);
Command addAppendCommand(CLI::App& app);
Command addLogCommand(CLI::App& app);
Command addListCommand(CLI::App& app);
Command addInfoCommand(CLI::App& app);
Command addExtractCommand(CLI::App& app);
Command addVerifyCommand(CLI::App& app);
Command addSignCommand(CLI::App& app);
Command addSealCommand(CLI::App& app);
Command addShowCommand(CLI::App& app);
Command addRecoverCommand(CLI::App& app);
Command addTimestampCommand(CLI::App& app);
Command addSearchCommand(CLI::App& app);
Command addIndexCommand(CLI::App& app);
Command addServeCommand(CLI::App& app);

// The PEM texts of --tsa-ca's files into options.tsaRoots; without any, the files named by
// NEWSARC_TSA_CA (colon-separated), the configured trust store. Throws Error(kIOError) for a file
// that cannot be read, Error(kInvalidArgument) for one holding no certificate.
void loadTsaRoots(const std::vector<std::string>& files, archive_news::VerifyOptions& options);

// Seconds since 1970 of "YYYY-MM-DDThh:mm:ssZ" (UTC). Throws Error(kInvalidArgument) naming
// `option` for anything else.
std::int64_t parseUtcTime(const std::string& text, const std::string& option);

// Loads a secret key, asking for its password only when it is encrypted.
archive_news::SecretKey loadSecretKeyInteractively(const std::string& path);

// Who a signature record says made it, unchecked, for a line of output: "key 5A3E..." for
// Ed25519, "X.509 CN=..." for a CMS record, "algorithm N" for another kind. The subject is the
// certificate's: make the text terminalSafe() to print it.
std::string signerLabel(const archive_news::Signature& signature);

// The signer text stored with a new signature: --signer when given, else "key " and the key id.
std::string signerText(const archive_news::SecretKey& key, const std::string& signerOption);

// True when stderr is a terminal and --quiet was not given: progress may be shown.
bool stderrIsTerminal();

// A progress bar on stderr with rate and ETA, shown only when enabled (stderr a terminal, no
// --quiet); redrawn at most ten times a second so that it never slows the work down. Rate and
// ETA are measured from the first update and shown after a second of it.
class Progress {
 public:
  Progress(std::string verb, std::string unit, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  void update(std::size_t done, std::size_t total, std::uint64_t bytes);
  // For work measured in bytes alone (verify): "12 MB/80 MB".
  void updateBytes(std::uint64_t done, std::uint64_t total);
  // Clears the bar so that the result line starts clean.
  void finish();

 private:
  void startMeasuring(double fraction, std::uint64_t bytes);
  bool due(bool last);
  void draw(const std::string& count, double fraction, std::uint64_t bytes);

  std::string verb_;
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  bool measuring_ = false;
  double startFraction_ = 0;  // done when measuring started
  std::uint64_t startBytes_ = 0;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point lastDraw_;
};

// glibc's malloc set for the tool's large, short-lived blocks (allocator.cpp); first thing in main.
void tuneAllocator();

// True for "YYYY-MM-DD" naming a day of the Gregorian calendar (not 2020-13-01 or 2021-02-29).
bool isCalendarDate(std::string_view text);

}  // namespace newsarc

#endif  // NEWSARC_TOOLS_CLI_H_
