// newsarc show: one article, readable, in the terminal or as Markdown, article.json or ninjs.
#include <archive_news/article_folder.h>
#include <archive_news/ninjs.h>
#include <archive_news/reader.h>
#include <archive_news/render.h>

#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"

namespace newsarc {
namespace {

// Version `version` of article `id`, read from the state that wrote it. Throws Error(kNotFound)
// naming the versions there are when it has no such version.
archive_news::Article versionOf(const archive_news::Bundle& bundle, const std::string& id,
                                std::uint32_t version) {
  const std::vector<archive_news::ArticleSummary> versions = bundle.versions(id);
  if (version > versions.size()) {
    throw archive_news::Error(
        archive_news::ErrorCode::kNotFound, bundle.name(), std::nullopt,
        "article '" + id + "' has no version " + std::to_string(version) + "; its versions are " +
            (versions.size() == 1 ? "1 only" : "1 to " + std::to_string(versions.size())) +
            " (see 'newsarc list --history')");
  }
  const archive_news::ArticleSummary& wanted = versions[version - 1];
  return bundle.atState(wanted.state).article(std::string_view(id));
}

}  // namespace

Command addShowCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    std::string id;
    std::string format = "text";
    std::size_t width = 0;
    std::uint32_t version = 0;  // 0: the newest
    TrustOptions trust;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("show", "Show one article: headline, bylines, body, images");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_option("ID", o->id, "The article's id (see newsarc list)")->required();
  sub->add_option("-f,--format", o->format,
                  "text, markdown, json (article.json) or ninjs (an IPTC ninjs 2.x item)")
      ->check(CLI::IsMember({"text", "markdown", "json", "ninjs"}));
  sub->add_option("-w,--width", o->width,
                  "Wrap text at this many columns (default: the terminal's width when stdout is "
                  "a terminal, else no wrapping)")
      ->check(CLI::Range(1, 100000));
  sub->add_option("--version", o->version,
                  "Show version N of the article (1: the first; default: the newest), as the "
                  "append that wrote it left it (see newsarc list --history)")
      ->check(CLI::Range(1u, 4294967295u));
  addTrustOptions(*sub, o->trust, "; otherwise show nothing (exit 4)");
  sub->footer(
      "Example:\n  newsarc show 2019-06.newsarc "
      "urn:newsarc:kookbang.dema.mil.kr:2019-06-30:alliance --format markdown\n"
      "  newsarc show 2019-06.newsarc ID --key archive.pub   (only if archive.pub signed it)\n"
      "  newsarc show 2019-06.newsarc ID --version 1   (as first packed, before corrections)\n"
      "Text from the bundle is shown with control characters escaped (\\x1b, \\n, \\u202e);\n"
      "--format json and ninjs give the exact text.");
  return {sub, [o] {
            archive_news::Bundle bundle = openBundle(o->bundle);
            requireTrustedSigner(bundle, o->trust, "show it");
            const std::optional<std::size_t> index = bundle.find(o->id);
            if (!index) {
              throw archive_news::Error(archive_news::ErrorCode::kNotFound, bundle.name(),
                                        std::nullopt, "no article with id '" + o->id + "'");
            }
            const archive_news::Article article =
                o->version == 0 ? bundle.article(*index) : versionOf(bundle, o->id, o->version);
            if (o->format == "markdown") {
              std::cout << archive_news::renderArticleMarkdown(article);
            } else if (o->format == "json") {
              std::cout << archive_news::formatArticleJson(article);
            } else if (o->format == "ninjs") {
              std::cout << archive_news::formatNinjs(article);
            } else {
              archive_news::TextRenderOptions options;
              options.width = outputWidth(o->width);
              std::cout << archive_news::renderArticleText(article, options);
            }
            return kExitOk;
          }};
}

}  // namespace newsarc
