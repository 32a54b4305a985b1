// newsarc: pack, list, extract, verify and sign bundles of news articles.
#include <archive_news/version.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cli.h"

namespace {

const char* kExitCodeHelp =
    "Exit codes:\n"
    "  0  success\n"
    "  1  other failure\n"
    "  2  usage error\n"
    "  3  the bundle is invalid, damaged or unsupported\n"
    "  4  a signature is missing, invalid or not by a trusted key\n"
    "  5  a file could not be read or written\n"
    "  6  invalid input (article folder, key file, argument)\n"
    "  7  an article or file was not found\n"
    "  8  a timestamp is damaged, over other bytes, or not by a trusted TSA\n";

// The library refuses to replace an existing output unless told to; every command that can tell
// it takes --force, so the message says so.
std::string forceHint(const archive_news::Error& error, const CLI::App& command) {
  if (error.code() != archive_news::ErrorCode::kIOError ||
      !error.reason().ends_with("already exists; refusing to replace it") ||
      command.get_option_no_throw("--force") == nullptr) {
    return "";
  }
  return " (--force replaces it)";
}

bool isCommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->check_name(name)) return true;
  }
  return false;
}

// Levenshtein distance: how many single-character edits turn one option name into the other.
std::size_t editDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The long option of `command` (its own or the program's --help) nearest to `given`, when it is
// near enough to be a typing slip: at most a third of the name wrong, and at least two edits.
std::string closestOption(const CLI::App& command, std::string_view given) {
  std::string best;
  std::size_t bestDistance = std::max<std::size_t>(2, given.size() / 3) + 1;
  for (const CLI::Option* option : command.get_options()) {
    for (const std::string& name : option->get_lnames()) {
      const std::size_t distance = editDistance(given, "--" + name);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = "--" + name;
      }
    }
  }
  return best;
}

// CLI11 reports a missing required option before an unknown one ("--output is required" for
// `pack --ouput x`), which hides the slip: the first unknown option, named, with the nearest
// known one. Empty when every option was known.
std::string unknownOptionError(CLI::App& app) {
  const std::vector<CLI::App*> parsed = app.get_subcommands();
  const CLI::App& command = parsed.empty() ? app : *parsed.front();
  for (const std::string& argument : app.remaining(true)) {
    if (argument.size() < 2 || argument[0] != '-') continue;
    const std::string name = argument.substr(0, argument.find('='));
    std::string message = "unknown option '" + name + "'";
    const std::string closest = name.rfind("--", 0) == 0 ? closestOption(command, name) : "";
    if (!closest.empty()) message += "; did you mean '" + closest + "'?";
    return message;
  }
  return "";
}

// One line, as every error is, ending with where the usage is: CLI11's own messages may span
// several lines.
std::string usageError(CLI::App& app, const CLI::ParseError& error) {
  std::string what = unknownOptionError(app);
  if (what.empty()) what = error.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  while (!what.empty() && what.back() == ' ') what.pop_back();
  const std::vector<CLI::App*> parsed = app.get_subcommands();
  const std::string command = parsed.empty() ? "" : parsed.front()->get_name() + " ";
  return what + " (see 'newsarc " + command + "--help')";
}

using AddCommand = newsarc::Command (*)(CLI::App&);

// Every command, in the order `newsarc help` lists them.
const std::pair<const char*, AddCommand> kCommands[] = {
    {"keygen", newsarc::addKeygenCommand},       {"pack", newsarc::addPackCommand},
    {"append", newsarc::addAppendCommand},       {"list", newsarc::addListCommand},
    {"info", newsarc::addInfoCommand},           {"log", newsarc::addLogCommand},
    {"extract", newsarc::addExtractCommand},     {"verify", newsarc::addVerifyCommand},
    {"sign", newsarc::addSignCommand},           {"seal", newsarc::addSealCommand},
    {"show", newsarc::addShowCommand},           {"recover", newsarc::addRecoverCommand},
    {"timestamp", newsarc::addTimestampCommand}, {"search", newsarc::addSearchCommand},
    {"index", newsarc::addIndexCommand},
};

// Building the options of every command took a third of the instructions of a `newsarc show`:
// when the first argument names a command, only that one is built. The others cannot change how
// its arguments parse, since CLI11 stops matching command names once one has been given.
std::vector<newsarc::Command> addCommands(CLI::App& app, int argc, char** argv) {
  for (const auto& [name, add] : kCommands) {
    if (argc > 1 && argv[1] == std::string_view(name)) return {add(app)};
  }
  std::vector<newsarc::Command> commands;
  for (const auto& [name, add] : kCommands) commands.push_back(add(app));
  return commands;
}

}  // namespace

int main(int argc, char** argv) {
  // Past the file size limit (ulimit -f) a write fails with EFBIG and is reported, with the
  // partial output removed, instead of the process dying by SIGXFSZ halfway through.
  std::signal(SIGXFSZ, SIG_IGN);
  newsarc::tuneAllocator();
  // Named, so that every usage line reads "newsarc", not the path it was started by (or nothing
  // at all, as `newsarc help` printed before the arguments were parsed).
  CLI::App app{"newsarc: signed, compressed, random-access bundles of news articles", "newsarc"};
  app.set_version_flag("-V,--version", "newsarc " ARCHIVE_NEWS_VERSION_STRING);
  app.require_subcommand(1);
  app.footer(kExitCodeHelp);
  const std::vector<newsarc::Command> commands = addCommands(app, argc, argv);
  // `newsarc help COMMAND`: the same text as `newsarc COMMAND --help`.
  std::string helpTopic;
  CLI::App* help = app.add_subcommand("help", "Show help for a command");
  help->add_option("COMMAND", helpTopic, "The command");
  help->footer("Example:\n  newsarc help pack");
  if (argc > 1 && argv[1][0] != '-' && !isCommand(app, argv[1])) {
    newsarc::printError("no command '" + std::string(argv[1]) +
                        "'; run 'newsarc help' for the list");
    return newsarc::kExitUsage;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    newsarc::printError(usageError(app, e));
    return newsarc::kExitUsage;
  }
  if (help->parsed()) {
    if (helpTopic.empty()) {
      std::cout << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
      return newsarc::kExitOk;
    }
    for (const newsarc::Command& command : commands) {
      if (command.app->get_name() == helpTopic) {
        std::cout << command.app->help(app.get_name());
        return newsarc::kExitOk;
      }
    }
    newsarc::printError("no command '" + helpTopic + "'; run 'newsarc help' for the list");
    return newsarc::kExitUsage;
  }
  const CLI::App* running = nullptr;
  try {
    for (const newsarc::Command& command : commands) {
      if (!command.app->parsed()) continue;
      running = command.app;
      return command.run();
    }
  } catch (const archive_news::Error& e) {
    newsarc::printError(e.what() + (running != nullptr ? forceHint(e, *running) : "") +
                        newsarc::recoverHint(e.code(), e.file(), e.offset()));
    return newsarc::exitCodeFor(e.code());
  } catch (const std::bad_alloc&) {
    newsarc::printError("out of memory");
    return newsarc::kExitFailure;
  } catch (const std::exception& e) {
    newsarc::printError(e.what());
    return newsarc::kExitFailure;
  }
  return newsarc::kExitUsage;
}
