// newsarc list and newsarc info: what a bundle holds, from its index and information alone.
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/render.h>
#include <archive_news/signature.h>
#include <archive_news/terminal_text.h>
#include <archive_news/timestamp.h>

#include <algorithm>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "cli.h"

namespace newsarc {
namespace {

using Json = nlohmann::ordered_json;

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  return out;
}

using archive_news::displayWidth;
using archive_news::terminalSafe;

Json summaryJson(const archive_news::ArticleSummary& s) {
  Json j;
  j["id"] = s.id;
  j["headline"] = s.headline;
  if (s.headlineCut) j["headlineCut"] = true;  // the index's copy; `show` has it whole
  if (s.firstcreated) j["firstcreated"] = *s.firstcreated;
  if (s.versioncreated) j["versioncreated"] = *s.versioncreated;
  if (s.pubstatus) j["pubstatus"] = *s.pubstatus;
  j["bylines"] = s.bylines;
  j["images"] = s.imageCount;
  j["attachments"] = s.attachmentCount;
  j["size"] = s.contentSize;
  return j;
}

struct ListOptions {
  std::string bundle;
  bool json = false;
  bool history = false;
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

// One row, every field terminalSafe() (a newline in a headline would start a fake row). The id is
// never cut, whatever the width: it is what `show` and `extract` need. On a terminal (width > 0)
// the headline and bylines are cut to what is left of the line.
// With --history, `stateCreated` (each state's creation time by sequence) adds the version, the
// state that wrote it and when.
void appendRow(std::string& line, const archive_news::ArticleSummary& s, std::size_t idWidth,
               std::size_t width, const std::vector<std::string>* stateCreated) {
  const std::size_t start = line.size();
  appendPadded(line, terminalSafe(s.id), idWidth);
  line += "  ";
  if (stateCreated != nullptr) {
    appendPadded(line, std::to_string(s.version), 3, true);
    line += "  ";
    appendPadded(line, std::to_string(s.state), 5, true);
    line += "  ";
    appendPadded(line,
                 s.state < stateCreated->size() ? terminalSafe((*stateCreated)[s.state]) : "-", 20);
    line += "  ";
  }
  const std::string_view date = dateOf(s);
  appendPadded(line, date.empty() ? "-" : terminalSafe(date), 10);
  line += "  ";
  appendPadded(line, std::to_string(s.imageCount), 3, true);
  line += "  ";
  appendPadded(line, std::to_string(s.attachmentCount), 3, true);
  line += "  ";
  appendPadded(line, archive_news::displaySize(s.contentSize), 7, true);
  line += "  ";
  std::string rest;
  // Withheld and canceled articles are marked where the eye reads; usable ones are not.
  if (s.pubstatus && s.pubstatus != "usable") rest = "[" + terminalSafe(*s.pubstatus) + "] ";
  rest += terminalSafe(s.headline);
  if (s.headlineCut) rest += "…";  // the index keeps 1024 bytes of it; `show` has it whole
  if (!s.bylines.empty()) rest += "  — " + terminalSafe(joined(s.bylines));
  if (width > 0) {
    const std::size_t used = displayWidth(std::string_view(line).substr(start));
    rest = archive_news::fitToWidth(rest, used + 1 < width ? width - 1 - used : 1);
  }
  line += rest;
}

// Rows are printed in windows of this many: the id column is as wide as the widest id of the
// first window (wider later if a later window needs it), so that `list` streams, with memory and
// time to the first row independent of the number of articles. A bundle of up to this many rows
// prints as one table.
constexpr std::size_t kWindowRows = 256;

// The table of the text output, filled row by row from Bundle::forEachArticle.
class Table {
 public:
  Table(Output& out, std::size_t width, const std::vector<std::string>* stateCreated = nullptr)
      : out_(out), width_(width), stateCreated_(stateCreated) {
    window_.reserve(kWindowRows);
  }

  void add(const archive_news::ArticleSummary& s) {
    window_.push_back(s);
    ++rows_;
    if (window_.size() == kWindowRows) printWindow();
  }

  // Prints what is left, and the header when no row was printed yet.
  void finish() { printWindow(); }

  std::size_t rows() const { return rows_; }

 private:
  void printWindow() {
    for (const archive_news::ArticleSummary& s : window_) {
      idWidth_ = std::max(idWidth_, displayWidth(terminalSafe(s.id)));
    }
    if (!headerDone_) {
      std::string header;
      appendPadded(header, "ID", idWidth_);
      if (stateCreated_ != nullptr) header += "  VER  STATE  STATE CREATED       ";
      header += "  DATE        IMG  ATT     SIZE  HEADLINE — BYLINES";
      out_.line() +=
          width_ > 0 ? archive_news::fitToWidth(header, std::max(width_ - 1, idWidth_)) : header;
      out_.endLine();
      headerDone_ = true;
    }
    for (const archive_news::ArticleSummary& s : window_) {
      appendRow(out_.line(), s, idWidth_, width_, stateCreated_);
      out_.endLine();
    }
    window_.clear();
    // On a terminal the first rows show at once, not when 64 KiB of them have gathered.
    if (width_ > 0) out_.flush();
  }

  Output& out_;
  std::size_t width_;
  const std::vector<std::string>* stateCreated_;
  std::size_t idWidth_ = 2;
  bool headerDone_ = false;
  std::size_t rows_ = 0;
  std::vector<archive_news::ArticleSummary> window_;
};

// Streams the index in id order (Bundle::forEachArticle): one index page a level in memory,
// whatever the number of articles; the first rows print before the rest of the index is read.
int runList(const ListOptions& o) {
  archive_news::Bundle bundle = openBundle(o.bundle);
  // --history: each state's creation time, and every version of an article in place of its
  // newest (one descent of an earlier state's index per earlier version).
  std::vector<std::string> stateCreated;
  if (o.history) {
    for (const archive_news::BundleState& state : bundle.history()) {
      stateCreated.push_back(state.created);
    }
  }
  const auto forEachRow = [&](const std::function<void(const archive_news::ArticleSummary&)>& row) {
    bundle.forEachArticle(0, [&](const archive_news::ArticleSummary& s) {
      if (!o.history || s.version == 1) {
        if (selected(s, o)) row(s);
        return true;
      }
      for (const archive_news::ArticleSummary& version : bundle.versions(s.id)) {
        if (selected(version, o)) row(version);
      }
      return true;
    });
  };
  Output out;
  if (o.json) {
    forEachRow([&](const archive_news::ArticleSummary& s) {
      Json j = summaryJson(s);
      if (o.history) {
        j["version"] = s.version;
        j["state"] = s.state;
        if (s.state < stateCreated.size()) j["stateCreated"] = stateCreated[s.state];
      }
      out.line() += j.dump(-1, ' ', false, Json::error_handler_t::replace);
      out.endLine();
    });
    return kExitOk;
  }
  // Columns: id, date, images, attachments, size, then headline and bylines. On a terminal the
  // headline and bylines are cut to the width; the id never is; elsewhere nothing is cut.
  Table table(out, outputWidth(), o.history ? &stateCreated : nullptr);
  try {
    forEachRow([&](const archive_news::ArticleSummary& s) { table.add(s); });
  } catch (const archive_news::Error&) {
    table.finish();  // the rows before a damaged index page, then the error
    throw;
  }
  table.finish();
  const std::size_t count = bundle.articleCount();
  std::string& line = out.line();
  if (o.history) {
    line += std::to_string(table.rows()) + (table.rows() == 1 ? " version" : " versions") + " of " +
            std::to_string(count) + (count == 1 ? " article" : " articles");
  } else {
    line += std::to_string(table.rows()) + (table.rows() == 1 ? " article" : " articles");
    if (table.rows() != count) line += " of " + std::to_string(count);
  }
  out.endLine();
  return kExitOk;
}

// What a timestamp claims, as info shows it: nothing of it is checked here.
std::string timestampText(const archive_news::Timestamp& t) {
  const std::optional<archive_news::TimestampClaims> claims = archive_news::timestampClaims(t);
  std::string covers = "over the seal";
  if (t.signatures > 0) covers += ", " + std::to_string(t.signatures) + " signature(s)";
  if (t.timestamps > 0) covers += ", " + std::to_string(t.timestamps) + " earlier timestamp(s)";
  if (!claims) return covers + "; the token does not parse (run 'newsarc verify')";
  return "claims TSA " + terminalSafe(claims->tsa) + ", time " + terminalSafe(claims->timeText) +
         " (" + claims->hash + "), " + covers + " (not checked; run 'newsarc verify --tsa-ca')";
}

Json timestampsJson(const std::vector<archive_news::Timestamp>& timestamps) {
  Json list = Json::array();
  for (const auto& t : timestamps) {
    Json j{{"signatures", t.signatures}, {"timestamps", t.timestamps}};
    if (const auto claims = archive_news::timestampClaims(t)) {
      j["tsa"] = claims->tsa;
      j["time"] = claims->timeText;
      j["hash"] = claims->hash;
    }
    j["checked"] = false;  // info checks no timestamp; verify does
    list.push_back(std::move(j));
  }
  return list;
}

int runInfo(const std::string& path, bool json) {
  archive_news::Bundle bundle = openBundle(path);
  archive_news::BundleInfo info = bundle.info();
  std::vector<archive_news::Signature> signatures = bundle.signatures();
  const std::vector<archive_news::Timestamp> timestamps = bundle.timestamps();
  if (json) {
    Json j;
    j["format"] = std::to_string(info.formatMajor) + "." + std::to_string(info.formatMinor);
    j["id"] = info.bundleId;
    if (info.title) j["title"] = *info.title;
    if (info.description) j["description"] = *info.description;
    j["created"] = info.created;
    j["tool"] = info.creatorTool;
    j["articles"] = info.articleCount;
    j["contents"] = info.contentCount;
    j["clusters"] = info.clusterCount;
    j["rawBytes"] = info.rawBytes;
    j["storedBytes"] = info.storedBytes;
    j["fileSize"] = info.fileSize;
    j["state"] = info.state;
    j["digest"] = info.digestAlgorithm;
    j["signatures"] = Json::array();
    for (const auto& s : signatures) {
      Json signature;
      if (s.algorithm == archive_news::SignatureAlgorithm::kCmsX509) {
        signature["algorithm"] = "x509";
        if (const auto certificate = archive_news::cmsSigner(s)) {
          signature["subject"] = certificate->subject;
          signature["issuer"] = certificate->issuer;
          signature["notBefore"] = certificate->notBefore;
          signature["notAfter"] = certificate->notAfter;
        }
        signature["cmsBytes"] = s.cms.size();
      } else {
        const archive_news::TrustedComment fields =
            archive_news::parseTrustedComment(s.trustedComment);
        signature["keyId"] = archive_news::keyIdToHex(s.keyId);
        if (fields.signer) signature["signer"] = *fields.signer;
        if (fields.timestamp) signature["signed"] = utcTime(*fields.timestamp);
        signature["trustedComment"] = s.trustedComment;
      }
      signature["checked"] = false;  // info checks no signature; verify does
      j["signatures"].push_back(std::move(signature));
    }
    // Only when there are some: the output of a bundle without stays as it was.
    if (!timestamps.empty()) j["timestamps"] = timestampsJson(timestamps);
    std::cout << j.dump(2, ' ', false, Json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  // Every text is terminalSafe(): the title, ids and trusted comments come from the bundle.
  const auto safe = [](std::string_view text) { return terminalSafe(text); };
  std::cout << "bundle:      " << safe(path) << "\n"
            << "format:      newsarc " << info.formatMajor << "." << info.formatMinor << "\n"
            << "id:          " << safe(info.bundleId) << "\n";
  if (info.title) std::cout << "title:       " << safe(*info.title) << "\n";
  if (info.description) std::cout << "description: " << safe(*info.description) << "\n";
  double ratio = info.rawBytes == 0 ? 1.0 : static_cast<double>(info.storedBytes) / info.rawBytes;
  std::cout << "created:     " << safe(info.created) << " by " << safe(info.creatorTool) << "\n"
            << "articles:    " << info.articleCount << "\n"
            << "clusters:    " << info.clusterCount << " (of article records)\n"
            << "contents:    " << info.contentCount
            << " (images and attachments, each stored once)\n"
            << "data:        " << archive_news::displaySize(info.rawBytes) << " raw, "
            << archive_news::displaySize(info.storedBytes) << " stored ("
            << static_cast<int>(ratio * 1000) / 10.0 << "%; the index not counted)\n"
            << "file size:   " << archive_news::displaySize(info.fileSize) << "\n";
  // A bundle never appended to has state 0 alone, and no line for it.
  if (info.state > 0) {
    std::cout << "state:       " << info.state << " of 0.." << info.state
              << " (clusters, contents and data above are this state's own; see 'newsarc log')\n";
  }
  std::cout << "digest:      " << safe(info.digestAlgorithm) << "\n";
  if (signatures.empty()) std::cout << "signatures:  none\n";
  // info reads the seal but checks no signature: what a signature record says is only what
  // it claims until verify has checked it, and is shown as such.
  for (const auto& s : signatures) {
    if (s.algorithm == archive_news::SignatureAlgorithm::kCmsX509) {
      std::cout << "signature:   " << safe(signerLabel(s))
                << " (not checked; run 'newsarc verify')";
      if (const auto certificate = archive_news::cmsSigner(s)) {
        std::cout << ", claims issuer: " << safe(certificate->issuer) << ", certificate valid "
                  << safe(certificate->notBefore) << " to " << safe(certificate->notAfter);
      }
      std::cout << "\n";
      continue;
    }
    const archive_news::TrustedComment fields = archive_news::parseTrustedComment(s.trustedComment);
    std::cout << "signature:   " << safe(signerLabel(s)) << " (not checked; run 'newsarc verify')";
    if (fields.signer && fields.timestamp) {
      std::cout << ", claims signer: " << safe(*fields.signer) << ", signed "
                << utcTime(*fields.timestamp);
    } else {
      std::cout << ", claims trusted comment: " << safe(s.trustedComment);  // not newsarc's form
    }
    std::cout << "\n";
  }
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    std::cout << "timestamp:   " << i << ", " << timestampText(timestamps[i]) << "\n";
  }
  return kExitOk;
}

}  // namespace

bool isCalendarDate(std::string_view text) {
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                     std::all_of(text.begin(), text.end(),
                                 [](char c) { return c == '-' || (c >= '0' && c <= '9'); });
  if (!shape) return false;
  const auto number = [&](std::size_t at, std::size_t length) {
    int value = 0;
    for (std::size_t i = at; i < at + length; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] && (month != 2 || day <= 28 || leap);
}

Command addListCommand(CLI::App& app) {
  auto o = std::make_shared<ListOptions>();
  CLI::App* sub = app.add_subcommand("list", "List the articles of a bundle");
  sub->add_option("BUNDLE", o->bundle, "The bundle")->required();
  sub->add_flag("--json", o->json, "One JSON object per line");
  sub->add_flag("--history", o->history,
                "Every version of every article (after appends), with its version number, the "
                "state that wrote it and that state's creation time");
  const CLI::Validator date(
      [](std::string& value) -> std::string {
        return isCalendarDate(value)
                   ? std::string()
                   : "'" + value + "' is not a date; expected YYYY-MM-DD, a day that exists";
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
