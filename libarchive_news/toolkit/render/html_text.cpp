// Escaping and display helpers for the HTML pages.
#include "toolkit/render/html_text.h"

#include <archive_news/article.h>
#include <archive_news/render.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iterator>

namespace archive_news::internal {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// The number in text[pos, pos + count), or -1 when any of it is not a digit.
int digits(std::string_view text, std::size_t pos, std::size_t count) {
  if (pos + count > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (!isDigit(text[i])) return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

char hexDigit(unsigned value) { return "0123456789ABCDEF"[value & 0xf]; }

}  // namespace

std::string escapeHtml(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        if ((byte < 0x20 && c != '\t' && c != '\n' && c != '\r') || byte == 0x7f) {
          out += "&#xFFFD;";
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string escapeHtmlLines(std::string_view text) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string_view::npos;
       start = end + 1, end = text.find('\n', start)) {
    out += escapeHtml(text.substr(start, end - start)) + "<br>\n";
  }
  return out + escapeHtml(text.substr(start));
}

std::string urlPath(std::string_view fileName) {
  std::string out;
  for (const char c : fileName) {
    const bool unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) ||
                            c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
    if (unreserved) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += hexDigit(byte >> 4);
      out += hexDigit(byte);
    }
  }
  return out;
}

// Extensions that browsers map to a type they show passively (images, audio, video, plain text,
// PDF in its sandboxed viewer) or only offer to save. Not "svg", "html", "xml" and the like, and
// not "md" or "log", which some systems map to types a browser may sniff.
constexpr std::string_view kInertExtensions[] = {
    "7z",   "aac",  "avi",  "avif", "bmp",  "bz2", "csv",  "doc",  "docx", "epub", "flac",
    "gif",  "gz",   "heic", "ico",  "jpeg", "jpg", "json", "m4a",  "m4v",  "mkv",  "mov",
    "mp3",  "mp4",  "odp",  "ods",  "odt",  "oga", "ogg",  "ogv",  "opus", "pdf",  "png",
    "ppt",  "pptx", "rar",  "rtf",  "tar",  "tgz", "tif",  "tiff", "tsv",  "txt",  "wav",
    "weba", "webm", "webp", "xls",  "xlsx", "xz",  "zip",  "zst",
};

bool isInertFileName(std::string_view fileName) {
  const std::string_view base = fileName.substr(fileName.rfind('/') + 1);
  const std::size_t dot = base.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string extension(base.substr(dot + 1));
  for (char& c : extension) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return std::find(std::begin(kInertExtensions), std::end(kInertExtensions), extension) !=
         std::end(kInertExtensions);
}

bool isWebUrl(std::string_view url) {
  auto startsWithNoCase = [url](std::string_view prefix) {
    if (url.size() <= prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
      const char c = url[i];
      if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c) != prefix[i]) return false;
    }
    return true;
  };
  return startsWithNoCase("http://") || startsWithNoCase("https://");
}

std::string displayTime(std::string_view time) {
  const std::optional<Rfc3339Time> t = parseRfc3339Time(time);
  if (!t || !t->hour) return std::string(time);
  std::string out(time.substr(0, 10));
  out += ' ';
  out += time.substr(11, *t->second == 0 ? 5 : 8);
  out += t->zone.size() == 1 ? std::string(" UTC") : " " + std::string(t->zone);
  return out;
}

std::optional<std::int64_t> utcSeconds(std::string_view time) {
  const std::optional<Rfc3339Time> t = parseRfc3339Time(time);
  if (!t) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year{t->year},
                                         std::chrono::month{static_cast<unsigned>(t->month)},
                                         std::chrono::day{static_cast<unsigned>(t->day)}};
  if (!date.ok()) return std::nullopt;
  std::int64_t seconds =
      std::chrono::sys_days{date}.time_since_epoch().count() * std::int64_t{86400};
  if (!t->hour) return seconds;
  seconds += *t->hour * 3600 + *t->minute * 60 + *t->second;
  if (t->zone.size() == 6) {
    const int offset = digits(t->zone, 1, 2) * 3600 + digits(t->zone, 4, 2) * 60;
    seconds += t->zone[0] == '+' ? -offset : offset;
  }
  return seconds;
}

}  // namespace archive_news::internal

namespace archive_news {

std::string displaySize(std::uint64_t bytes) {
  static constexpr const char* kUnits[] = {"B", "KB", "MB", "GB", "TB"};
  double value = static_cast<double>(bytes);
  std::size_t unit = 0;
  for (; value >= 1000 && unit + 1 < std::size(kUnits); ++unit) value /= 1000;
  char text[32];
  if (unit == 0) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else {
    std::snprintf(text, sizeof text, "%.*f %s", value < 10 ? 1 : 0, value, kUnits[unit]);
  }
  return text;
}

}  // namespace archive_news
