// newsarc list and newsarc info: what a bundle holds, from its manifest alone.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/signature.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
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

struct ListOptions {
  std::string bundle;
  bool json = false;
  std::string since;
  std::string until;
  std::string match;
};

std::string lowered(std::string text) {
  for (char& c : text) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return text;
}

// The article's date (YYYY-MM-DD): first created, else last changed; empty when neither is known.
std::string dateOf(const archive_news::ArticleSummary& s) {
  return s.firstcreated.value_or(s.versioncreated.value_or("")).substr(0, 10);
}

// --since and --until compare dates; --match looks for the text, ignoring ASCII case, in the id,
// the headline and the bylines. An article without a date never passes a date filter.
bool selected(const archive_news::ArticleSummary& s, const ListOptions& o) {
  const std::string date = dateOf(s);
  if (!o.since.empty() && (date.empty() || date < o.since)) return false;
  if (!o.until.empty() && (date.empty() || date > o.until)) return false;
  if (!o.match.empty()) {
    const std::string needle = lowered(o.match);
    std::string haystack = s.id + "\n" + s.headline + "\n" + joined(s.bylines);
    if (lowered(haystack).find(needle) == std::string::npos) return false;
  }
  return true;
}

std::size_t displayWidth(const std::string& text) {
  std::size_t points = 0;
  for (const char c : text) points += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return points;
}

std::string padded(const std::string& text, std::size_t width, bool right = false) {
  const std::size_t have = displayWidth(text);
  const std::string pad(have < width ? width - have : 0, ' ');
  return right ? pad + text : text + pad;
}

int runList(const ListOptions& o) {
  archive_news::Bundle bundle = archive_news::Bundle::open(o.bundle);
  std::vector<archive_news::ArticleSummary> rows;
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
    archive_news::ArticleSummary s = bundle.summary(i);
    if (selected(s, o)) rows.push_back(std::move(s));
  }
  if (o.json) {
    for (const auto& s : rows) {
      std::cout << summaryJson(s).dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
    }
    return kExitOk;
  }
  // Columns: id, date, images, attachments, size, then headline and bylines. On a terminal the
  // id is cut to a third of the width and each line to the width; elsewhere nothing is cut.
  const std::size_t width = terminalWidth();
  std::size_t idWidth = 2;
  for (const auto& s : rows) idWidth = std::max(idWidth, displayWidth(s.id));
  if (width > 0) idWidth = std::min(idWidth, std::max<std::size_t>(12, width / 3));
  auto emit = [&](const std::string& line) {
    std::cout << (width > 0 ? fit(line, width - 1) : line) << "\n";
  };
  emit(padded("ID", idWidth) + "  DATE        IMG  ATT     SIZE  HEADLINE — BYLINES");
  for (const auto& s : rows) {
    const std::string id = width > 0 ? fit(s.id, idWidth - 1) : s.id;
    const std::string date = dateOf(s).empty() ? "-" : dateOf(s);
    emit(padded(id, idWidth) + "  " + padded(date, 10) + "  " +
         padded(std::to_string(s.imageCount), 3, true) + "  " +
         padded(std::to_string(s.attachmentCount), 3, true) + "  " +
         padded(humanSize(s.contentSize), 7, true) + "  " + s.headline +
         (s.bylines.empty() ? "" : "  — " + joined(s.bylines)));
  }
  std::cout << rows.size() << (rows.size() == 1 ? " article" : " articles");
  if (rows.size() != bundle.articleCount()) std::cout << " of " << bundle.articleCount();
  std::cout << "\n";
  return kExitOk;
}

// "2026-11-28T17:39:37Z"; a time gmtime cannot place is shown as the number it is.
std::string utcTime(std::int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm parts{};
  char text[32];
  if (gmtime_r(&time, &parts) == nullptr ||
      std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts) == 0) {
    return std::to_string(seconds) + " (seconds since 1970)";
  }
  return text;
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
      const archive_news::TrustedComment fields =
          archive_news::parseTrustedComment(s.trustedComment);
      Json signature{{"keyId", archive_news::keyIdToHex(s.keyId)}};
      if (fields.signer) signature["signer"] = *fields.signer;
      if (fields.timestamp) signature["signed"] = utcTime(*fields.timestamp);
      signature["trustedComment"] = s.trustedComment;
      j["signatures"].push_back(std::move(signature));
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
    const archive_news::TrustedComment fields = archive_news::parseTrustedComment(s.trustedComment);
    std::cout << "signature:   key " << archive_news::keyIdToHex(s.keyId);
    if (fields.signer && fields.timestamp) {
      std::cout << ", signer: " << *fields.signer << ", signed " << utcTime(*fields.timestamp);
    } else {
      std::cout << ", trusted comment: " << s.trustedComment;  // not newsarc's form
    }
    std::cout << "\n";
  }
  return kExitOk;
}

}  // namespace

Command addListCommand(CLI::App& app) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* sub = app.add_subcommand("list", "List the articles of a bundle");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("--json", o->json, "One JSON object per line");
  const CLI::Validator date(
      [](std::string& value) -> std::string {
        const bool ok = value.size() == 10 && value[4] == '-' && value[7] == '-' &&
                        std::all_of(value.begin(), value.end(),
                                    [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
        return ok ? std::string() : "'" + value + "' is not a date; expected YYYY-MM-DD";
      },
      "DATE");
  sub->add_option("--since", o->since, "Only articles of this date (YYYY-MM-DD) or later")
      ->check(date);
  sub->add_option("--until", o->until, "Only articles of this date (YYYY-MM-DD) or earlier")
      ->check(date);
  sub->add_option("--match", o->match, "Only articles whose id, headline or bylines hold TEXT");
  sub->footer(
      "Example:\n  newsarc list 2019-06.newsarc --since 2019-06-01 --until 2019-06-30 --match "
      "alliance");
  return {sub, [o] { return runList(*o); }};
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
