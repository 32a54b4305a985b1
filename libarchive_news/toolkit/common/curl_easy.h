// What the toolkit's libcurl clients share (the TSA client, the HTTP range reader): one global
// initialisation, http and https only, handles freed by their owners, and URLs shown without
// their credentials.
#ifndef ARCHIVE_NEWS_TOOLKIT_COMMON_CURL_EASY_H_
#define ARCHIVE_NEWS_TOOLKIT_COMMON_CURL_EASY_H_

#include <curl/curl.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace archive_news::internal {

struct EasyDeleter {
  void operator()(CURL* handle) const { curl_easy_cleanup(handle); }
};
struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using HeaderList = std::unique_ptr<curl_slist, ListDeleter>;

// curl_global_init, once a process. Throws Error(kIOError) when libcurl cannot start.
void initializeCurlOnce();

// Only http and https, for the first request and for redirects: a Location of file://, ftp://,
// gopher://... is refused (CURLE_UNSUPPORTED_PROTOCOL).
CURLcode allowOnlyHttp(CURL* handle);

// The URL for messages: without the user:password@ of its authority.
std::string withoutCredentials(const std::string& url);

std::string asciiLower(std::string_view text);

// A header's value without the blanks and line end around it.
std::string_view trimmedHeaderValue(std::string_view text);
// A decimal number of digits alone; nullopt for anything else (a sign, blanks, nothing).
std::optional<std::uint64_t> decimalNumber(std::string_view text);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_COMMON_CURL_EASY_H_
