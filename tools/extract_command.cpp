// newsarc extract: articles back out as folders that pack reads again, or as a web site.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>
#include <archive_news/reader.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli.h"

namespace newsarc {
namespace {

struct ExtractOptions {
  std::string bundle;
  std::vector<std::string> ids;
  std::string output;
  std::string format = "folder";  // a name of kFormats
  bool force = false;
  bool keepGoing = false;
  bool quiet = false;
  std::string at;  // --at: a state, by sequence or seal digest prefix
  TrustOptions trust;
};

std::vector<std::size_t> selectArticles(const archive_news::Bundle& bundle,
                                        const std::vector<std::string>& ids) {
  std::vector<std::size_t> selected;
  if (ids.empty()) {
    for (std::size_t i = 0; i < bundle.articleCount(); ++i) selected.push_back(i);
    return selected;
  }
  for (const std::string& id : ids) {
    std::optional<std::size_t> index = bundle.find(id);
    if (!index) {
      throw archive_news::Error(archive_news::ErrorCode::kNotFound, bundle.name(), std::nullopt,
                                "no article with id '" + id + "'");
    }
    selected.push_back(*index);
  }
  return selected;
}

// The --format names, one per archive_news::ExtractFormat.
const std::map<std::string, archive_news::ExtractFormat> kFormats = {
    {"folder", archive_news::ExtractFormat::kFolder},
    {"html", archive_news::ExtractFormat::kHtml},
    {"ninjs", archive_news::ExtractFormat::kNinjs},
};

std::vector<std::string> formatNames() {
  std::vector<std::string> names;
  for (const auto& [name, format] : kFormats) names.push_back(name);
  return names;
}

int runExtract(const ExtractOptions& o) {
  const archive_news::Bundle file = openBundle(o.bundle);
  // --at: the bundle as that state left it, the first bytes of the file; its own signatures
  // are the ones --key and --keyring ask for.
  const std::optional<archive_news::Bundle> earlier =
      o.at.empty() ? std::nullopt : std::optional(file.atState(stateOf(file, o.at)));
  const archive_news::Bundle& bundle = earlier ? *earlier : file;
  requireTrustedSigner(bundle, o.trust, "extract it");
  std::vector<std::size_t> selected = selectArticles(bundle, o.ids);
  Progress progress("extracting", "articles", !o.quiet && stderrIsTerminal());
  archive_news::ExtractOptions options;
  options.format = kFormats.at(o.format);
  options.overwrite = o.force;
  options.progress = [&progress](std::size_t done, std::size_t total, std::uint64_t bytes) {
    progress.update(done, total, bytes);
  };
  options.keepGoing = o.keepGoing;
  // Each damaged article is reported as it is met, so that a long extract shows it at once.
  options.damaged = [&progress](const archive_news::Error& damage) {
    progress.finish();
    std::cerr << "newsarc: damaged, left out: " << archive_news::terminalSafe(damage.what())
              << "\n";
  };
  const archive_news::ExtractResult result =
      archive_news::extractArticles(bundle, selected, o.output, options);
  progress.finish();
  std::cout << "extracted " << result.extracted
            << (result.extracted == 1 ? " article" : " articles") << " to " << shown(o.output);
  if (result.damaged > 0) {
    std::cout << "; " << result.damaged << (result.damaged == 1 ? " article" : " articles")
              << " damaged and left out (listed on stderr)";
  }
  std::cout << "\n";
  if (options.format == archive_news::ExtractFormat::kHtml &&
      archive_news::extractTargetFor(o.output) == archive_news::ExtractTarget::kFolder) {
    std::cout << "open " << shown(std::filesystem::path(o.output) / "index.html")
              << " in a web browser\n";
  }
  return result.damaged > 0 ? kExitCorrupt : kExitOk;
}

}  // namespace

Command addExtractCommand(CLI::App& app) {
  auto o = std::make_shared<ExtractOptions>();
  CLI::App* sub = app.add_subcommand(
      "extract", "Write articles out as article folders, or a tar or zip of them");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("ID", o->ids, "Ids of the articles to extract (default: all)");
  sub->add_option("-o,--output", o->output,
                  "Folder to write the article folders into, or a .tar, .tar.gz, .tar.zst or .zip "
                  "file to write them to")
      ->required();
  sub->add_option("--format", o->format,
                  "What each article becomes: folder (article.json and its files, which pack "
                  "reads back; the default); ninjs (item.ninjs.json, an IPTC ninjs 2.x item, "
                  "and its files, which pack reads back too); html (a web site that opens from "
                  "disk: index.html by date, a page per article with its images and attachments)")
      ->check(CLI::IsMember(formatNames()));
  sub->add_flag("-f,--force", o->force, "Replace files that exist already");
  sub->add_flag("--keep-going", o->keepGoing,
                "When an article is damaged, report it on stderr, write every intact one and "
                "exit 3 at the end (default: stop at the first damaged article and keep nothing "
                "of an archive target)");
  sub->add_flag("-q,--quiet", o->quiet, "No progress on stderr");
  sub->add_option("--at", o->at,
                  "Extract the bundle as state STATE left it: its number (0: as first packed) or "
                  "at least 8 hex digits of its seal digest (see newsarc log)");
  addTrustOptions(*sub, o->trust, "; otherwise write nothing (exit 4)");
  sub->footer(
      "Example:\n  newsarc extract 2019-06.newsarc -o out/ "
      "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance\n"
      "  newsarc extract 2019-06.newsarc -o 2019-06.tar.zst\n"
      "  newsarc extract 2019-06.newsarc -o site/ --format html   (then open site/index.html)\n"
      "  newsarc extract 2019-06.newsarc -o feed/ --format ninjs\n"
      "  newsarc extract 2019-06.newsarc -o before/ --at 0   (as packed, before any append)\n"
      "Each article becomes out/<id with unsafe characters replaced>/article.json and its files\n"
      "(item.ninjs.json with --format ninjs); with --format html,\n"
      "site/articles/<id ...>/index.html and its files/.\n"
      "An archive is written beside its target and renamed into place when complete.");
  return {sub, [o] { return runExtract(*o); }};
}

}  // namespace newsarc
