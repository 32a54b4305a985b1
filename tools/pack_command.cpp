// newsarc pack: article folders in, one signed bundle out.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/writer.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <memory>

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
  bool force = false;
  bool quiet = false;
};

int runPack(const PackOptions& o) {
  auto started = std::chrono::steady_clock::now();
  std::vector<std::filesystem::path> folders;
  for (const std::string& input : o.inputs) {
    for (auto& folder : archive_news::findArticleFolders(input)) folders.push_back(folder);
  }
  // Keys first: a password prompt must not wait behind minutes of packing.
  std::vector<archive_news::SecretKey> keys;
  for (const std::string& path : o.keys) keys.push_back(loadSecretKeyInteractively(path));

  archive_news::WriterOptions options;
  if (!o.title.empty()) options.title = o.title;
  if (!o.description.empty()) options.description = o.description;
  options.compressionLevel = o.level;
  archive_news::BundleWriter writer =
      archive_news::BundleWriter::create(o.output, options, o.force);
  for (const auto& key : keys) {
    writer.addSigner(key,
                     o.signer.empty() ? "key " + archive_news::keyIdToHex(key.keyId()) : o.signer);
  }
  std::uint64_t inputBytes = 0;
  std::size_t done = 0;
  for (const auto& dir : folders) {
    archive_news::ArticleFolder folder = archive_news::loadArticleFolder(dir);
    for (const std::string& file : folder.unreferencedFiles) {
      if (!o.quiet) {
        std::cerr << "newsarc: note: not packed: " << (dir / file).string()
                  << " (article.json does not name it)\n";
      }
    }
    try {
      archive_news::Article stored = archive_news::addArticleFolder(writer, folder);
      for (const auto& image : stored.images) inputBytes += image.content.size;
      for (const auto& attachment : stored.attachments) inputBytes += attachment.content.size;
    } catch (const archive_news::Error& e) {
      throw archive_news::Error(e.code(), (dir / "article.json").string(), std::nullopt,
                                e.reason());
    }
    ++done;
    if (!o.quiet && stderrIsTerminal()) {
      std::cerr << "\rpacking: " << done << "/" << folders.size() << " articles" << std::flush;
    }
  }
  if (!o.quiet && stderrIsTerminal()) std::cerr << "\r\033[K";
  writer.finish();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::uint64_t size = std::filesystem::file_size(o.output);
  std::cout << "packed " << folders.size() << (folders.size() == 1 ? " article" : " articles")
            << " (" << humanSize(inputBytes) << " of images and attachments) into " << o.output
            << ": " << humanSize(size) << ", " << keys.size()
            << (keys.size() == 1 ? " signature" : " signatures") << ", " << std::fixed
            << std::setprecision(2) << seconds << " s\n";
  return kExitOk;
}

}  // namespace

Command addPackCommand(CLI::App& app) {
  auto o = std::make_shared<PackOptions>();
  CLI::App* sub = app.add_subcommand("pack", "Pack article folders into a bundle");
  sub->add_option("INPUT", o->inputs,
                  "Article folders (article.json and its files), or folders holding them")
      ->required();
  sub->add_option("-o,--output", o->output, "The bundle to write (.newsarc)")->required();
  sub->add_option("-s,--sign", o->keys, "Sign with this secret key (repeatable)");
  sub->add_option("--signer", o->signer, "Who signs, for the trusted comment");
  sub->add_option("--title", o->title, "Title of the bundle");
  sub->add_option("--description", o->description, "Description of the bundle");
  sub->add_option("--level", o->level, "zstd compression level, 1 to 19")->check(CLI::Range(1, 19));
  sub->add_flag("-f,--force", o->force, "Replace an existing bundle");
  sub->add_flag("-q,--quiet", o->quiet, "No notes or progress on stderr");
  sub->footer(
      "Example:\n  newsarc pack articles/ -o 2019-06.newsarc --sign archive.key --title 'June "
      "2019'\n"
      "Files in an article folder that article.json does not name are not packed; pack says "
      "so.");
  return {sub, [o] { return runPack(*o); }};
}

}  // namespace newsarc
