// newsarc extract: articles back out as folders that pack reads again.
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/reader.h>

#include <iostream>
#include <memory>
#include <set>

#include "cli.h"

namespace newsarc {
namespace {

struct ExtractOptions {
  std::string bundle;
  std::vector<std::string> ids;
  std::string output;
  bool force = false;
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

int runExtract(const ExtractOptions& o) {
  archive_news::Bundle bundle = archive_news::Bundle::open(o.bundle);
  std::vector<std::size_t> selected = selectArticles(bundle, o.ids);
  std::filesystem::create_directories(o.output);
  std::set<std::string> used;  // two ids may sanitise to one folder name
  for (std::size_t index : selected) {
    std::string base = archive_news::folderNameForId(bundle.summary(index).id);
    std::string name = base;
    for (int n = 2; !used.insert(name).second; ++n) name = base + "-" + std::to_string(n);
    archive_news::writeArticleFolder(bundle, index, std::filesystem::path(o.output) / name,
                                     o.force);
  }
  std::cout << "extracted " << selected.size() << (selected.size() == 1 ? " article" : " articles")
            << " to " << o.output << "\n";
  return kExitOk;
}

}  // namespace

Command addExtractCommand(CLI::App& app) {
  auto o = std::make_shared<ExtractOptions>();
  CLI::App* sub = app.add_subcommand("extract", "Write articles out as article folders");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("ID", o->ids, "Ids of the articles to extract (default: all)");
  sub->add_option("-o,--output", o->output, "Folder to write the article folders into")->required();
  sub->add_flag("-f,--force", o->force, "Replace files that exist already");
  sub->footer(
      "Example:\n  newsarc extract 2019-06.newsarc -o out/ "
      "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance\n"
      "Each article becomes out/<id with unsafe characters replaced>/article.json and its files.");
  return {sub, [o] { return runExtract(*o); }};
}

}  // namespace newsarc
