// newsarc: pack, list, extract, verify and sign bundles of news articles.
#include <archive_news/version.h>
#include <malloc.h>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <new>
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
    "  7  an article or file was not found\n";

bool isCommand(const CLI::App& app, const std::string& name) {
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->check_name(name)) return true;
  }
  return false;
}

// One line, as every error is, ending with where the usage is: CLI11's own messages may span
// several lines.
std::string usageError(CLI::App& app, const CLI::ParseError& error) {
  std::string what = error.what();
  std::replace(what.begin(), what.end(), '\n', ' ');
  while (!what.empty() && what.back() == ' ') what.pop_back();
  const std::vector<CLI::App*> parsed = app.get_subcommands();
  const std::string command = parsed.empty() ? "" : parsed.front()->get_name() + " ";
  return what + " (see 'newsarc " + command + "--help')";
}

using AddCommand = newsarc::Command (*)(CLI::App&);

// Every command, in the order `newsarc help` lists them.
const std::pair<const char*, AddCommand> kCommands[] = {
    {"keygen", newsarc::addKeygenCommand},   {"pack", newsarc::addPackCommand},
    {"list", newsarc::addListCommand},       {"info", newsarc::addInfoCommand},
    {"extract", newsarc::addExtractCommand}, {"verify", newsarc::addVerifyCommand},
    {"sign", newsarc::addSignCommand},       {"manifest", newsarc::addManifestCommand},
    {"show", newsarc::addShowCommand},
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
#ifdef __GLIBC__
  // Blocks of 1 MiB and more (read buffers, compressed frames) are mapped and unmapped each time.
  // Otherwise glibc raises that threshold at the first such free and serves later blocks from
  // per-thread heaps that keep their peak: pack's peak memory (5,000 articles) was 67-69 MiB,
  // and is 55-58 MiB, no slower. At 128 KiB it was 49 MiB, but pack took 10% longer.
  mallopt(M_MMAP_THRESHOLD, 1 << 20);
  // A fixed threshold also fixes the trim threshold at 128 KiB (glibc would have raised it to
  // twice the mmap threshold): every free of a block of 128 KiB to 1 MiB at the heap's top then
  // gave memory back with brk(), and the next malloc took it again. The zip writer's deflate
  // state, made and freed for each entry, cost 2 brk() and a TLB flush an entry: extract of
  // 20,000 small articles to .zip took 26 s, and takes 1.3 s (.tar.zst: 1.2 s).
  mallopt(M_TRIM_THRESHOLD, 2 << 20);
#endif
  CLI::App app{"newsarc: signed, compressed, random-access bundles of news articles"};
  app.set_version_flag("--version", "newsarc " ARCHIVE_NEWS_VERSION_STRING);
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
      std::cout << app.get_formatter()->make_help(&app, "", CLI::AppFormatMode::Normal);
      return newsarc::kExitOk;
    }
    for (const newsarc::Command& command : commands) {
      if (command.app->get_name() == helpTopic) {
        std::cout << command.app->help();
        return newsarc::kExitOk;
      }
    }
    newsarc::printError("no command '" + helpTopic + "'; run 'newsarc help' for the list");
    return newsarc::kExitUsage;
  }
  try {
    for (const newsarc::Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
  } catch (const archive_news::Error& e) {
    newsarc::printError(e.what());
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
