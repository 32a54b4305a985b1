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
#include <string_view>

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
std::string_view dateOf(const archive_news::ArticleSummary& s) {
  const std::optional<std::string>& time = s.firstcreated ? s.firstcreated : s.versioncreated;
  return time ? std::string_view(*time).substr(0, 10) : std::string_view();
}

// --since and --until compare dates; --match looks for the text, ignoring ASCII case, in the id,
// the headline and the bylines. An article without a date never passes a date filter.
bool selected(const archive_news::ArticleSummary& s, const ListOptions& o) {
  const std::string_view date = dateOf(s);
  if (!o.since.empty() && (date.empty() || date < o.since)) return false;
  if (!o.until.empty() && (date.empty() || date > o.until)) return false;
  if (!o.match.empty()) {
    const std::string needle = lowered(o.match);
    std::string haystack = s.id + "\n" + s.headline + "\n" + joined(s.bylines);
    if (lowered(haystack).find(needle) == std::string::npos) return false;
  }
  return true;
}

std::size_t displayWidth(std::string_view text) {
  std::size_t points = 0;
  for (const char c : text) points += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return points;
}

void appendPadded(std::string& line, std::string_view text, std::size_t width, bool right = false) {
  const std::size_t have = displayWidth(text);
  if (right && have < width) line.append(width - have, ' ');
  line += text;
  if (!right && have < width) line.append(width - have, ' ');
}

// Output in large pieces: a bundle of a million articles lists a million lines.
class Output {
 public:
  ~Output() { flush(); }
  std::string& line() { return buffer_; }
  void endLine() {
    buffer_ += '\n';
    if (buffer_.size() >= kPiece) flush();
  }
  void flush() {
    std::cout.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  static constexpr std::size_t kPiece = 1 << 16;
  std::string buffer_;
};

void appendRow(std::string& line, const archive_news::ArticleSummary& s, std::size_t idWidth,
               std::size_t width) {
  appendPadded(line, width > 0 ? fit(s.id, idWidth - 1) : s.id, idWidth);
  line += "  ";
  const std::string_view date = dateOf(s);
  appendPadded(line, date.empty() ? "-" : date, 10);
  line += "  ";
  appendPadded(line, std::to_string(s.imageCount), 3, true);
  line += "  ";
  appendPadded(line, std::to_string(s.attachmentCount), 3, true);
  line += "  ";
  appendPadded(line, humanSize(s.contentSize), 7, true);
  line += "  ";
  line += s.headline;
  if (!s.bylines.empty()) {
    line += "  — ";
    for (std::size_t i = 0; i < s.bylines.size(); ++i) {
      if (i > 0) line += "; ";
      line += s.bylines[i];
    }
  }
}

// Up to this many rows are kept between finding the id column's width and printing; a larger
// bundle is read twice instead, so that listing millions of articles needs little memory.
constexpr std::size_t kRowsKept = 1 << 16;

int runList(const ListOptions& o) {
  archive_news::Bundle bundle = archive_news::Bundle::open(o.bundle);
  const std::size_t count = bundle.articleCount();
  Output out;
  if (o.json) {
    for (std::size_t i = 0; i < count; ++i) {
      const archive_news::ArticleSummary s = bundle.summary(i);
      if (!selected(s, o)) continue;
      out.line() += summaryJson(s).dump(-1, ' ', false, Json::error_handler_t::replace);
      out.endLine();
    }
    return kExitOk;
  }
  // Columns: id, date, images, attachments, size, then headline and bylines. On a terminal the
  // id is cut to a third of the width and each line to the width; elsewhere nothing is cut.
  std::vector<std::size_t> rows;
  std::vector<archive_news::ArticleSummary> kept;
  // Reserved at once: growing the vectors row by row moved every summary kept so far into fresh
  // memory each time, a third of the page faults of a list of 5,000 articles.
  rows.reserve(count);
  if (count <= kRowsKept) kept.reserve(count);
  std::size_t idWidth = 2;
  for (std::size_t i = 0; i < count; ++i) {
    archive_news::ArticleSummary s = bundle.summary(i);
    if (!selected(s, o)) continue;
    rows.push_back(i);
    idWidth = std::max(idWidth, displayWidth(s.id));
    if (count <= kRowsKept) kept.push_back(std::move(s));
  }
  const std::size_t width = terminalWidth();
  if (width > 0) idWidth = std::min(idWidth, std::max<std::size_t>(12, width / 3));
  std::string& line = out.line();
  auto endLine = [&](std::size_t start) {
    if (width > 0) line.replace(start, std::string::npos, fit(line.substr(start), width - 1));
    out.endLine();
  };
  std::size_t start = line.size();
  appendPadded(line, "ID", idWidth);
  line += "  DATE        IMG  ATT     SIZE  HEADLINE — BYLINES";
  endLine(start);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    start = line.size();
    if (count <= kRowsKept) {
      appendRow(line, kept[r], idWidth, width);
    } else {
      appendRow(line, bundle.summary(rows[r]), idWidth, width);
    }
    endLine(start);
  }
  line += std::to_string(rows.size()) + (rows.size() == 1 ? " article" : " articles");
  if (rows.size() != count) line += " of " + std::to_string(count);
  out.endLine();
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
