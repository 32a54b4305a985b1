// The site's URLs: made from ids and months, and read back from request targets strictly, so that
// a malformed escape is a 400 rather than a guess.
#include <archive_news/browse.h>

#include <charconv>
#include <vector>

#include "util/utf8.h"

namespace archive_news {
namespace {

using Kind = BrowseRequest::Kind;

// Longer numbers are no page or bundle the site has; refusing them keeps the arithmetic small.
constexpr std::size_t kMaxNumberDigits = 9;

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::size_t> numberOf(std::string_view text) {
  if (text.empty() || text.size() > kMaxNumberDigits) return std::nullopt;
  std::size_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool isMonth(std::string_view month) {
  if (month == kUndatedMonth) return true;
  if (month.size() != 7 || month[4] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6}) {
    if (month[i] < '0' || month[i] > '9') return false;
  }
  return (month[5] == '0' && month[6] != '0') || (month[5] == '1' && month[6] <= '2');
}

BrowseRequest badRequest(std::string problem) {
  BrowseRequest request;
  request.kind = Kind::kBadRequest;
  request.problem = std::move(problem);
  return request;
}

// The query's parameters the site reads (q, page) into `request`; false, with request.problem
// set, for a value that does not decode or a page that is not a number from 1.
bool readQuery(std::string_view query, BrowseRequest& request) {
  if (query.empty()) return true;
  for (const std::string_view pair : split(query, '&')) {
    const std::size_t equals = pair.find('=');
    const std::string_view key = pair.substr(0, equals);
    const std::string_view raw =
        equals == std::string_view::npos ? std::string_view() : pair.substr(equals + 1);
    if (key != "q" && key != "page") continue;
    const std::optional<std::string> value = percentDecode(raw, true);
    if (!value) {
      request.problem = "the value of '" + std::string(key) + "' is not percent-encoded UTF-8";
      return false;
    }
    if (key == "q") {
      request.query = *value;
    } else {
      const std::optional<std::size_t> page = numberOf(*value);
      if (!page || *page == 0) {
        request.problem = "page must be a number from 1";
        return false;
      }
      request.page = *page;
    }
  }
  return true;
}

// "/article/BUNDLE/ID/" or "/article/BUNDLE/ID/files/NAME...", the segments after "article".
BrowseRequest articleRequest(const std::vector<std::string>& segments) {
  BrowseRequest request;
  const std::optional<std::size_t> bundle =
      segments.size() >= 3 ? numberOf(segments[1]) : std::nullopt;
  if (!bundle || segments[2].empty()) return request;  // kNotFound
  request.bundle = *bundle;
  request.id = segments[2];
  if (segments.size() == 3) {
    // Its page's relative links ("files/NAME") need the '/': a typed URL gets it added.
    request.kind = Kind::kRedirect;
    request.location = articlePath(request.bundle, request.id);
  } else if (segments.size() == 4 && segments[3].empty()) {
    request.kind = Kind::kArticle;
  } else if (segments.size() >= 5 && segments[3] == "files") {
    for (std::size_t i = 4; i < segments.size(); ++i) {
      request.fileName += (i == 4 ? "" : "/") + segments[i];
    }
    if (!request.fileName.empty()) request.kind = Kind::kFile;
  }
  return request;
}

}  // namespace

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0xf];
    }
  }
  return out;
}

std::optional<std::string> percentDecode(std::string_view text, bool plusIsSpace) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%') {
      const int high = i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
      const int low = i + 2 < text.size() ? hexValue(text[i + 2]) : -1;
      if (high < 0 || low < 0) return std::nullopt;
      out += static_cast<char>(high * 16 + low);
      i += 2;
    } else {
      out += plusIsSpace && text[i] == '+' ? ' ' : text[i];
    }
  }
  if (internal::invalidTextOffset(out) != internal::kValidText) return std::nullopt;
  return out;
}

BrowseRequest parseBrowseTarget(std::string_view target) {
  const std::size_t mark = target.find('?');
  const std::string_view path = target.substr(0, mark);
  const std::string_view query =
      mark == std::string_view::npos ? std::string_view() : target.substr(mark + 1);
  if (path.empty() || path[0] != '/') return {};
  std::vector<std::string> segments;
  for (const std::string_view raw : split(path.substr(1), '/')) {
    std::optional<std::string> segment = percentDecode(raw, false);
    if (!segment) return badRequest("the path is not percent-encoded UTF-8");
    segments.push_back(std::move(*segment));
  }
  BrowseRequest request;
  if (segments.size() == 1 && segments[0].empty()) {
    request.kind = Kind::kHome;
  } else if (segments.size() == 1 && segments[0] == "style.css") {
    request.kind = Kind::kStyleSheet;
  } else if (segments.size() == 1 && segments[0] == "favicon.ico") {
    request.kind = Kind::kIcon;
  } else if (segments.size() == 1 && segments[0] == "search") {
    request.kind = Kind::kSearch;
  } else if ((segments.size() == 2 || (segments.size() == 3 && segments[2].empty())) &&
             segments[0] == "month" && isMonth(segments[1])) {
    request.kind = Kind::kMonth;
    request.month = segments[1];
  } else if (segments[0] == "article") {
    request = articleRequest(segments);
  }
  if (request.kind == Kind::kNotFound) return request;
  if (!readQuery(query, request)) return badRequest(request.problem);
  return request;
}

std::string monthPath(std::string_view month, std::size_t page) {
  std::string path = "/month/" + percentEncode(month);
  if (page > 1) path += "?page=" + std::to_string(page);
  return path;
}

std::string articlePath(std::size_t bundle, std::string_view id) {
  return "/article/" + std::to_string(bundle) + "/" + percentEncode(id) + "/";
}

}  // namespace archive_news
