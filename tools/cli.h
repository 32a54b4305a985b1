// Shared pieces of the newsarc commands: exit codes, error reporting, passwords, output.
#ifndef NEWSARC_TOOLS_CLI_H_
#define NEWSARC_TOOLS_CLI_H_

#include <archive_news/error.h>
#include <archive_news/keys.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

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
};

int exitCodeFor(archive_news::ErrorCode code);

// "newsarc: error: <what>" on stderr.
void printError(const std::string& what);

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
Command addListCommand(CLI::App& app);
Command addInfoCommand(CLI::App& app);
Command addExtractCommand(CLI::App& app);
Command addVerifyCommand(CLI::App& app);
Command addSignCommand(CLI::App& app);
Command addManifestCommand(CLI::App& app);
Command addShowCommand(CLI::App& app);

// Loads a secret key, asking for its password only when it is encrypted.
archive_news::SecretKey loadSecretKeyInteractively(const std::string& path);

// True when stderr is a terminal and --quiet was not given: progress may be shown.
bool stderrIsTerminal();

// A progress bar on stderr with rate and ETA, shown only when enabled (stderr a terminal, no
// --quiet); redrawn at most ten times a second so that it never slows the work down.
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
  bool due(bool last);
  void draw(const std::string& count, double fraction, std::uint64_t bytes);

  std::string verb_;
  std::string unit_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point lastDraw_;
};

// Human size: "1.4 MB", "312 KB", "17 B" (decimal units, as file managers show).
std::string humanSize(std::uint64_t bytes);

}  // namespace newsarc

#endif  // NEWSARC_TOOLS_CLI_H_
