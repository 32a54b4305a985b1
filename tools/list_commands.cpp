// newsarc list and newsarc info: what a bundle holds, from its manifest alone.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

// Cuts UTF-8 text to at most `width` code points, never inside a character.
std::string fit(const std::string& text, std::size_t width) {
  std::size_t points = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xc0) == 0x80) continue;
    if (++points > width) return text.substr(0, i > 0 ? i : 0) + "…";
  }
  return text;
}

std::size_t terminalWidth() {
  winsize size{};
  if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 &&
      size.ws_col > 0) {
    return size.ws_col;
  }
  return 0;  // not a terminal: nothing is cut
}

Json summaryJson(const archive_news::ArticleSummary& s) {
  Json j;
  j["id"] = s.id;
  j["headline"] = s.headline;
  if (s.firstcreated) j["firstcreated"] = *s.firstcreated;
  if (s.versioncreated) j["versioncreated"] = *s.versioncreated;
  j["bylines"] = s.bylines;
  j["images"] = s.imageCount;
  j["attachments"] = s.attachmentCount;
  j["size"] = s.contentSize;
  return j;
}

int runList(const std::string& path, bool json) {
  archive_news::Bundle bundle = archive_news::Bundle::open(path);
  std::size_t count = bundle.articleCount();
  if (json) {
    for (std::size_t i = 0; i < count; ++i) {
      std::cout
          << summaryJson(bundle.summary(i)).dump(-1, ' ', false, Json::error_handler_t::replace)
          << "\n";
    }
    return kExitOk;
  }
  std::size_t width = terminalWidth();
  for (std::size_t i = 0; i < count; ++i) {
    archive_news::ArticleSummary s = bundle.summary(i);
    std::string date = s.firstcreated.value_or(s.versioncreated.value_or("-")).substr(0, 10);
    std::string line = s.id + "  " + date + "  " + std::to_string(s.imageCount) + " img  " +
                       std::to_string(s.attachmentCount) + " att  " + humanSize(s.contentSize) +
                       "  " + s.headline + (s.bylines.empty() ? "" : "  — " + joined(s.bylines));
    std::cout << (width > 0 ? fit(line, width - 1) : line) << "\n";
  }
  std::cout << count << (count == 1 ? " article\n" : " articles\n");
  return kExitOk;
}

int runInfo(const std::string& path, bool json) {
  archive_news::Bundle bundle = archive_news::Bundle::open(path);
  archive_news::BundleInfo info = bundle.info();
  std::vector<archive_news::Signature> signatures = bundle.signatures();
  if (json) {
    Json j;
    j["format"] = std::to_string(info.formatMajor) + "." + std::to_string(info.formatMinor);
    j["id"] = info.bundleId;
    if (info.title) j["title"] = *info.title;
    if (info.description) j["description"] = *info.description;
    j["created"] = info.created;
    j["tool"] = info.creatorTool;
    j["articles"] = info.articleCount;
    j["blobs"] = info.blobCount;
    j["rawBytes"] = info.rawBytes;
    j["storedBytes"] = info.storedBytes;
    j["fileSize"] = info.fileSize;
    j["digest"] = info.digestAlgorithm;
    j["signatures"] = Json::array();
    for (const auto& s : signatures) {
      j["signatures"].push_back(
          {{"keyId", archive_news::keyIdToHex(s.keyId)}, {"trustedComment", s.trustedComment}});
    }
    std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  std::cout << "bundle:      " << path << "\n"
            << "format:      newsarc " << info.formatMajor << "." << info.formatMinor << "\n"
            << "id:          " << info.bundleId << "\n";
  if (info.title) std::cout << "title:       " << *info.title << "\n";
  if (info.description) std::cout << "description: " << *info.description << "\n";
  double ratio = info.rawBytes == 0 ? 1.0 : static_cast<double>(info.storedBytes) / info.rawBytes;
  std::cout << "created:     " << info.created << " by " << info.creatorTool << "\n"
            << "articles:    " << info.articleCount << "\n"
            << "blobs:       " << info.blobCount << " (" << humanSize(info.rawBytes) << " raw, "
            << humanSize(info.storedBytes) << " stored, " << static_cast<int>(ratio * 1000) / 10.0
            << "%)\n"
            << "file size:   " << humanSize(info.fileSize) << "\n"
            << "digest:      " << info.digestAlgorithm << "\n";
  if (signatures.empty()) std::cout << "signatures:  none\n";
  for (const auto& s : signatures) {
    std::cout << "signature:   key " << archive_news::keyIdToHex(s.keyId) << ", "
              << s.trustedComment << "\n";
  }
  return kExitOk;
}

}  // namespace

Command addListCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("list", "List the articles of a bundle");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("--json", o->json, "One JSON object per line");
  sub->footer("Example:\n  newsarc list 2019-06.newsarc --json");
  return {sub, [o] { return runList(o->bundle, o->json); }};
}

Command addInfoCommand(CLI::App& app) {
  struct Options {
    std::string bundle;
    bool json = false;
  };
  auto o = std::make_shared<Options>();
  CLI::App* sub = app.add_subcommand("info", "Describe a bundle: id, counts, sizes, signers");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("--json", o->json, "As JSON");
  sub->footer("Example:\n  newsarc info 2019-06.newsarc");
  return {sub, [o] { return runInfo(o->bundle, o->json); }};
}

}  // namespace newsarc
