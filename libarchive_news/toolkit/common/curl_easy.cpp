#define CURL_DISABLE_DEPRECATION 1  // CURLOPT_PROTOCOLS, the fallback for libcurl before 7.85
#include "toolkit/common/curl_easy.h"

#include <archive_news/error.h>

#include <algorithm>
#include <charconv>

namespace archive_news::internal {

void initializeCurlOnce() {
  // A function-local static is initialized once, and other threads wait for it (C++11).
  static const CURLcode result = curl_global_init(CURL_GLOBAL_DEFAULT);
  if (result != CURLE_OK) {
    throw Error(ErrorCode::kIOError,
                std::string("libcurl cannot be initialized: ") + curl_easy_strerror(result));
  }
}

CURLcode allowOnlyHttp(CURL* h) {
#if LIBCURL_VERSION_NUM >= 0x075500
  CURLcode result = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (result == CURLE_OK) result = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
  if (result != CURLE_UNKNOWN_OPTION) return result;
#endif
  const long http = CURLPROTO_HTTP | CURLPROTO_HTTPS;
  CURLcode older = curl_easy_setopt(h, CURLOPT_PROTOCOLS, http);
  if (older == CURLE_OK) older = curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, http);
  return older;
}

std::string withoutCredentials(const std::string& url) {
  const std::size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) return url;
  const std::size_t hostStart = schemeEnd + 3;
  const std::size_t authorityEnd = url.find_first_of("/?#", hostStart);
  const std::string_view authority = std::string_view(url).substr(
      hostStart, authorityEnd == std::string::npos ? std::string::npos : authorityEnd - hostStart);
  const std::size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return url;
  return url.substr(0, hostStart) + url.substr(hostStart + at + 1);
}

std::string asciiLower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
    return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  });
  return out;
}

std::string_view trimmedHeaderValue(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == '\r' || text.back() == '\n' || text.back() == ' ' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::optional<std::uint64_t> decimalNumber(std::string_view text) {
  std::uint64_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

}  // namespace archive_news::internal
