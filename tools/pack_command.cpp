// newsarc pack: article folders in, one signed bundle out.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/import.h>
#include <archive_news/render.h>
#include <archive_news/search.h>
#include <archive_news/writer.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <thread>

#include "cli.h"

namespace newsarc {
namespace {

struct PackOptions {
  std::vector<std::string> inputs;
  std::string output;
  std::vector<std::string> keys;
  std::string signer;
  std::string title;
  std::string description;
  int level = 3;
  std::size_t clusterKib = 256;
  unsigned jobs = 0;
  bool reproducible = false;
  bool strict = false;
  bool force = false;
  bool quiet = false;
  bool index = false;
  bool compactIndex = false;
};

// The creation time of a reproducible bundle: SOURCE_DATE_EPOCH (seconds since 1970, the
// convention of reproducible builds) when set, else the library's default, 1970-01-01.
std::optional<std::string> sourceDateEpoch() {
  const char* value = std::getenv("SOURCE_DATE_EPOCH");
  if (value == nullptr || *value == '\0') return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long long seconds = std::strtoll(value, &end, 10);
  std::tm tm{};
  const std::time_t time = static_cast<std::time_t>(seconds);
  if (*end != '\0' || errno != 0 || seconds < 0 || seconds > 253402300799LL ||
      gmtime_r(&time, &tm) == nullptr) {
    throw archive_news::Error(archive_news::ErrorCode::kInvalidArgument,
                              std::string("SOURCE_DATE_EPOCH '") + value +
                                  "' is not a number of seconds since 1970 before the year 10000");
  }
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(text);
}

// A bundle named like a file of another kind is the user's slip more often than a wish: say what
// it is (pack still writes it, since a name is the user's to choose).
void warnAboutName(const std::string& output) {
  const std::string name = std::filesystem::path(output).filename().string();
  for (const char* other : {".zip", ".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".json"}) {
    if (name.ends_with(other)) {
      std::cerr << "newsarc: warning: " << shown(output) << " will be a newsarc bundle, not a "
                << other << " file; the usual name ends in .newsarc\n";
      return;
    }
  }
}

archive_news::WriterOptions writerOptions(const PackOptions& o, unsigned jobs) {
  archive_news::WriterOptions options;
  if (!o.title.empty()) options.title = o.title;
  if (!o.description.empty()) options.description = o.description;
  options.compressionLevel = o.level;
  options.clusterSize = o.clusterKib << 10;
  options.jobs = jobs;
  if (o.reproducible) {
    options.reproducible = true;
    options.created = sourceDateEpoch();
  }
  return options;
}

void printSummary(const PackOptions& o, const archive_news::ImportResult& result,
                  std::size_t signatures, double seconds) {
  const std::uint64_t size = std::filesystem::file_size(o.output);
  std::cout << "packed " << result.articles << (result.articles == 1 ? " article" : " articles")
            << " (" << archive_news::displaySize(result.contentBytes)
            << " of images and attachments) into " << shown(o.output) << ": "
            << archive_news::displaySize(size) << ", " << signatures
            << (signatures == 1 ? " signature" : " signatures") << ", " << std::fixed
            << std::setprecision(2) << seconds << " s";
  // Said even with --quiet, which hides the notes that name them: nothing is left out unseen.
  if (result.leftOut > 0) {
    std::cout << "; " << result.leftOut << " left out ("
              << (o.quiet ? "run without --quiet to see which" : "see the notes") << ")";
  }
  std::cout << "\n";
}

// The bundle being written, with a signer for each key.
archive_news::BundleWriter openWriter(const PackOptions& o, unsigned jobs,
                                      const std::vector<archive_news::SecretKey>& keys) {
  archive_news::BundleWriter writer =
      archive_news::BundleWriter::create(o.output, writerOptions(o, jobs), o.force);
  for (const auto& key : keys) {
    writer.addSigner(key, signerText(key, o.signer));
  }
  return writer;
}

// Notes on stderr (not with --quiet), each on a line of its own below the progress bar. (Not a
// variable named `import`: clang-format takes a line starting with it for a C++20 module import
// and leaves what follows unformatted.)
archive_news::ImportOptions importOptions(const PackOptions& o, unsigned jobs, Progress& progress) {
  archive_news::ImportOptions options;
  options.jobs = jobs;
  options.strict = o.strict;
  options.standardInputName = "-";  // a tar stream piped in: `tar c ... | newsarc pack -`
  options.note = [&o, &progress](const std::string& note) {
    if (o.quiet) return;
    progress.finish();
    std::cerr << "newsarc: note: " << archive_news::terminalSafe(note) << "\n";
  };
  options.progress = [&progress](std::size_t done, std::size_t total, std::uint64_t bytes) {
    progress.update(done, total, bytes);
  };
  return options;
}

int runPack(const PackOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  if ((o.index || o.compactIndex) && o.reproducible) {
    // Xapian gives every database a random UUID, which the index's bytes carry.
    throw archive_news::Error(archive_news::ErrorCode::kInvalidArgument,
                              "--index and --reproducible: a search index is not the same bytes "
                              "from run to run; pack reproducibly, then run newsarc index");
  }
  if (!o.quiet) warnAboutName(o.output);
  // Keys first: a password prompt must not wait behind minutes of packing.
  std::vector<archive_news::SecretKey> keys;
  for (const std::string& path : o.keys) keys.push_back(loadSecretKeyInteractively(path));

  const unsigned jobs = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  archive_news::BundleWriter writer = openWriter(o, jobs, keys);
  if (o.index || o.compactIndex) {
    archive_news::SearchIndexOptions index;
    index.positions = !o.compactIndex;
    writer.setIndexer(archive_news::makeSearchIndexer(index));
  }
  Progress progress("packing", "articles", !o.quiet && stderrIsTerminal());
  const archive_news::ImportResult result =
      archive_news::importArticles(writer, o.inputs, importOptions(o, jobs, progress));
  progress.finish();
  writer.finish();
  printSummary(o, result, keys.size(),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return kExitOk;
}

// newsarc append: a new state after the bundle's last footer. An id the bundle holds is a new
// version of that article; the importer hands each id to reuseContentOf first, so that the
// images and attachments a new version keeps are not stored again.
int runAppend(const PackOptions& o) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<archive_news::SecretKey> keys;
  for (const std::string& path : o.keys) keys.push_back(loadSecretKeyInteractively(path));

  const unsigned jobs = o.jobs != 0 ? o.jobs : std::max(1u, std::thread::hardware_concurrency());
  archive_news::BundleWriter writer =
      archive_news::BundleWriter::append(o.output, writerOptions(o, jobs));
  const std::uint64_t before = std::filesystem::file_size(o.output);
  for (const auto& key : keys) {
    writer.addSigner(key, signerText(key, o.signer));
  }
  Progress progress("appending", "articles", !o.quiet && stderrIsTerminal());
  const archive_news::ImportResult result =
      archive_news::importArticles(writer, o.inputs, importOptions(o, jobs, progress));
  progress.finish();
  writer.finish();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // What the new state holds, from the index pages it wrote alone.
  const archive_news::Bundle bundle = archive_news::Bundle::open(o.output);
  std::size_t added = 0;
  std::size_t versions = 0;
  bundle.forEachChange([&](const archive_news::ArticleSummary& s) {
    ++(s.version == 1 ? added : versions);
    return true;
  });
  const std::uint64_t after = bundle.info().fileSize;
  std::cout << "appended " << result.articles << (result.articles == 1 ? " article" : " articles")
            << " (" << added << " new, " << versions
            << (versions == 1 ? " new version" : " new versions") << ") to " << shown(o.output)
            << ": state " << bundle.info().state << ", "
            << archive_news::displaySize(after - before) << " written ("
            << archive_news::displaySize(result.contentBytes)
            << " of images and attachments read), " << keys.size()
            << (keys.size() == 1 ? " signature" : " signatures") << ", " << std::fixed
            << std::setprecision(2) << seconds << " s";
  if (result.leftOut > 0) {
    std::cout << "; " << result.leftOut << " left out ("
              << (o.quiet ? "run without --quiet to see which" : "see the notes") << ")";
  }
  std::cout << "\n";
  return kExitOk;
}

}  // namespace

Command addAppendCommand(CLI::App& app) {
  auto o = std::make_shared<PackOptions>();
  CLI::App* sub = app.add_subcommand(
      "append", "Add articles and new versions of articles to a bundle, as a new state");
  sub->add_option("BUNDLE", o->output, "The bundle to append to (.newsarc)")->required();
  sub->add_option("INPUT", o->inputs,
                  "What pack takes: article folders, ninjs documents, folders holding them, "
                  ".tar, .tar.gz, .tar.zst or .zip archives of them, or - for a tar stream on "
                  "stdin")
      ->required();
  sub->add_option("-s,--sign", o->keys, "Sign the new state with this secret key (repeatable)");
  sub->add_option("-c,--comment,--signer", o->signer,
                  "Who signs: the signer text of the trusted comment (default: the key id)");
  sub->add_option("--title", o->title, "New title of the bundle (default: the current one)");
  sub->add_option("--description", o->description,
                  "New description of the bundle (default: the current one)");
  sub->add_option("--level", o->level, "zstd compression level, 1 to 19")->check(CLI::Range(1, 19));
  sub->add_option("--cluster-size", o->clusterKib,
                  "KiB of article records compressed together, 1 to 8192 (default 256)")
      ->check(CLI::Range(1, 8192));
  sub->add_option("-j,--jobs", o->jobs,
                  "Threads that read, hash and compress (default 0: one per core)")
      ->check(CLI::Range(0, 256));
  sub->add_flag("--reproducible", o->reproducible,
                "The new state's creation time from SOURCE_DATE_EPOCH (default 1970-01-01)");
  sub->add_flag("--strict", o->strict,
                "Refuse input any part of which would be left out; exit 6 and append nothing");
  sub->add_flag("-q,--quiet", o->quiet, "No notes or progress on stderr");
  sub->footer(
      "Example:\n  newsarc append 2019-06.newsarc corrections/ --sign archive.key\n"
      "An article whose id the bundle holds becomes its next version (newsarc list --history,\n"
      "show --version); the others are added. No byte before the new state changes: every\n"
      "earlier state stays readable (extract --at) and its signatures valid. Images and\n"
      "attachments a new version keeps are not stored again. An id given twice is refused.");
  return {sub, [o] { return runAppend(*o); }};
}

Command addPackCommand(CLI::App& app) {
  auto o = std::make_shared<PackOptions>();
  CLI::App* sub = app.add_subcommand(
      "pack", "Pack article folders or ninjs documents, or tar and zip archives of them");
  sub->add_option("INPUT", o->inputs,
                  "Article folders (article.json and its files), IPTC ninjs 2.x documents (.json), "
                  "folders holding them (ninjs documents named *.ninjs.json), .tar, .tar.gz, "
                  ".tar.zst or .zip archives of them, or - for a tar stream on stdin")
      ->required();
  sub->add_option("-o,--output", o->output, "The bundle to write (.newsarc)")->required();
  sub->add_option("-s,--sign", o->keys, "Sign with this secret key (repeatable)");
  sub->add_option("-c,--comment,--signer", o->signer,
                  "Who signs: the signer text of the trusted comment (default: the key id)");
  sub->add_option("--title", o->title, "Title of the bundle");
  sub->add_option("--description", o->description, "Description of the bundle");
  sub->add_option("--level", o->level, "zstd compression level, 1 to 19")->check(CLI::Range(1, 19));
  sub->add_option("--cluster-size", o->clusterKib,
                  "KiB of article records compressed together, 1 to 8192 (default 256): larger "
                  "clusters compress text better, smaller ones read one article faster")
      ->check(CLI::Range(1, 8192));
  sub->add_option("-j,--jobs", o->jobs,
                  "Threads that read, hash and compress (default 0: one per core); the bundle "
                  "is the same whatever the number")
      ->check(CLI::Range(0, 256));
  sub->add_flag("--reproducible", o->reproducible,
                "Same input, same bytes: creation time from SOURCE_DATE_EPOCH (default "
                "1970-01-01), bundle id from the content");
  sub->add_flag("--strict", o->strict,
                "Refuse input any part of which would be left out (a file article.json does not "
                "name, an unknown ninjs property); exit 6 and write nothing");
  sub->add_flag("--index", o->index,
                "Add a full-text index of the articles, for newsarc search and serve");
  sub->add_flag("--compact-index", o->compactIndex,
                "The same without word positions: about a third of the size, and a \"phrase\" "
                "finds the articles holding all its words");
  sub->add_flag("-f,--force", o->force, "Replace an existing bundle");
  sub->add_flag("-q,--quiet", o->quiet, "No notes or progress on stderr");
  sub->footer(
      "Example:\n  newsarc pack articles/ -o 2019-06.newsarc --sign archive.key --title 'June "
      "2019'\n"
      "  newsarc pack june.tar.zst july.zip -o summer.newsarc\n"
      "  newsarc pack feed/*.json -o feed.newsarc   (ninjs documents and the files they name)\n"
      "  tar -c articles | newsarc pack - -o 2019-06.newsarc\n"
      "Archives are read in place, never unpacked to disk. Unknown keys of article.json are\n"
      "kept (extract writes them back); unknown properties of ninjs items are left out, and\n"
      "so are files in an article folder that article.json does not name: each with a note,\n"
      "counted in the summary line, refused with --strict.");
  return {sub, [o] { return runPack(*o); }};
}

}  // namespace newsarc
