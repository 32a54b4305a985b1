// postTimestampQuery (archive_news/tsa_client.h): one libcurl easy handle per attempt.
//
// Proxies: libcurl's defaults are kept, so the standard environment variables apply as they do
// to the curl command (http_proxy, HTTPS_PROXY, ALL_PROXY, NO_PROXY; see libcurl-env(3)).
// CURLOPT_PROTOCOLS_STR (libcurl 7.85) is preferred; an older libcurl (loaded at run time by the
// static tool, or built against) gets the same restriction through CURLOPT_PROTOCOLS.
#include <archive_news/error.h>
#include <archive_news/tsa_client.h>
#include <archive_news/version.h>
#include <curl/curl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "toolkit/common/curl_easy.h"

namespace archive_news {
namespace {

constexpr std::string_view kQueryType = "application/timestamp-query";
constexpr std::string_view kReplyType = "application/timestamp-reply";
constexpr long kMaxRedirects = 3;

struct Body {
  std::vector<std::uint8_t> bytes;
  std::size_t limit = 0;
  bool overLimit = false;
};

extern "C" std::size_t appendBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<Body*>(user);
  const std::size_t n = size * count;
  if (n > body->limit - body->bytes.size()) {
    body->overLimit = true;
    return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  try {
    body->bytes.insert(body->bytes.end(), data, data + n);
  } catch (...) {
    return 0;
  }
  return n;
}

// What one attempt came to: a body, or a reason and whether another attempt may do better.
struct Attempt {
  std::optional<std::vector<std::uint8_t>> body;
  std::string reason;
  bool retry = false;
};

class Request {
 public:
  Request(const std::string& url, std::span<const std::uint8_t> query,
          const TsaClientOptions& options)
      : url_(url), query_(query), options_(options) {}

  Attempt run() {
    internal::EasyHandle easy(curl_easy_init());
    if (!easy) return {std::nullopt, "libcurl cannot make a handle (out of memory?)", false};
    internal::HeaderList headers;
    const std::string lines[] = {"Content-Type: " + std::string(kQueryType),
                                 "Accept: " + std::string(kReplyType), "Expect:"};
    for (const std::string& line : lines) {
      curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
      if (appended == nullptr) return {std::nullopt, "libcurl cannot make the headers", false};
      headers.release();  // appended is the same list, one longer
      headers.reset(appended);
    }

    Body body;
    body.limit = options_.maxResponseSize;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    CURL* h = easy.get();
    const long timeoutMs = static_cast<long>(std::max<std::chrono::milliseconds::rep>(
        1, std::min<std::chrono::milliseconds::rep>(options_.timeout.count(), 0x7fffffff)));
    CURLcode set = CURLE_OK;
    auto option = [&set](CURLcode result) {
      if (set == CURLE_OK) set = result;
    };
    option(curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errorBuffer));
    option(curl_easy_setopt(h, CURLOPT_URL, url_.c_str()));
    option(internal::allowOnlyHttp(h));
    option(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L));
    option(curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects));
    // A POST stays a POST after a 301, 302 or 303: the TSA moved, the question did not.
    option(curl_easy_setopt(h, CURLOPT_POSTREDIR, static_cast<long>(CURL_REDIR_POST_ALL)));
    option(curl_easy_setopt(h, CURLOPT_POST, 1L));
    option(curl_easy_setopt(h, CURLOPT_POSTFIELDS, query_.data()));
    option(
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(query_.size())));
    option(curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get()));
    option(curl_easy_setopt(h, CURLOPT_USERAGENT, "newsarc/" ARCHIVE_NEWS_VERSION_STRING));
    option(curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeoutMs));
    option(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
    option(curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                            static_cast<curl_off_t>(options_.maxResponseSize)));
    option(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &appendBody));
    option(curl_easy_setopt(h, CURLOPT_WRITEDATA, &body));
    if (!options_.caFile.empty()) {
      option(curl_easy_setopt(h, CURLOPT_CAINFO, options_.caFile.c_str()));
    }
    if (set != CURLE_OK) {
      return {std::nullopt,
              std::string("libcurl refuses an option (") + curl_easy_strerror(set) +
                  "): expected libcurl 7.19.4 or later with http and https",
              false};
    }

    const CURLcode performed = curl_easy_perform(h);
    const std::string detail = errorBuffer[0] != '\0' ? errorBuffer : curl_easy_strerror(performed);
    if (body.overLimit || performed == CURLE_FILESIZE_EXCEEDED) {
      return {std::nullopt,
              "reply body over the limit of " + std::to_string(options_.maxResponseSize) +
                  " bytes: expected a TimeStampResp of at most that size",
              false};
    }
    switch (performed) {
      case CURLE_OK:
        break;
      case CURLE_COULDNT_CONNECT: {
        long osErrno = 0;
        curl_easy_getinfo(h, CURLINFO_OS_ERRNO, &osErrno);
        const std::string what =
            osErrno == ECONNREFUSED ? "connection refused" : "cannot connect (" + detail + ")";
        return {std::nullopt, what + ": expected a time-stamping authority accepting connections",
                true};
      }
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_COULDNT_RESOLVE_PROXY:
        return {std::nullopt, "cannot resolve the host (" + detail + ")", true};
      case CURLE_OPERATION_TIMEDOUT:
        return {std::nullopt,
                "timed out: no whole reply within " + std::to_string(timeoutMs) + " ms", true};
      case CURLE_PARTIAL_FILE:
      case CURLE_RECV_ERROR:
      case CURLE_SEND_ERROR:
      case CURLE_GOT_NOTHING:
        return {std::nullopt,
                "the connection failed before the whole reply arrived (" + detail +
                    "): expected a complete HTTP reply",
                true};
      case CURLE_UNSUPPORTED_PROTOCOL:
        return {std::nullopt,
                "scheme not allowed (" + detail + "): expected http or https, redirects included",
                false};
      case CURLE_SSL_CONNECT_ERROR:
        return {std::nullopt, "TLS handshake failed (" + detail + "): expected an https server",
                false};
      case CURLE_SSL_CACERT_BADFILE:
        return {std::nullopt,
                "cannot read the CA certificates (" + detail + "): expected a PEM bundle in " +
                    (options_.caFile.empty() ? std::string("the system's store") : options_.caFile),
                false};
      case CURLE_PEER_FAILED_VERIFICATION:
        return {std::nullopt,
                "the server's TLS certificate is not trusted (" + detail + "): expected one " +
                    (options_.caFile.empty() ? std::string("the system trusts")
                                             : "that " + options_.caFile + " trusts"),
                false};
      case CURLE_TOO_MANY_REDIRECTS:
        return {std::nullopt,
                "more than " + std::to_string(kMaxRedirects) + " redirects: expected at most " +
                    std::to_string(kMaxRedirects),
                false};
      default:
        return {std::nullopt, "request failed: " + detail, false};
    }

    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    if (status != 200) {
      return {std::nullopt, "HTTP status " + std::to_string(status) + ": expected 200",
              status >= 500 && status <= 599};
    }
    char* contentType = nullptr;
    curl_easy_getinfo(h, CURLINFO_CONTENT_TYPE, &contentType);
    if (contentType == nullptr) {
      return {std::nullopt, "no Content-Type in the reply: expected " + std::string(kReplyType),
              false};
    }
    std::string_view mediaType(contentType);
    mediaType = mediaType.substr(0, mediaType.find(';'));
    while (!mediaType.empty() && (mediaType.back() == ' ' || mediaType.back() == '\t')) {
      mediaType.remove_suffix(1);
    }
    while (!mediaType.empty() && (mediaType.front() == ' ' || mediaType.front() == '\t')) {
      mediaType.remove_prefix(1);
    }
    if (internal::asciiLower(mediaType) != kReplyType) {
      return {
          std::nullopt,
          "Content-Type '" + std::string(contentType) + "': expected " + std::string(kReplyType),
          false};
    }
    if (body.bytes.empty()) {
      return {std::nullopt, "empty reply body: expected a DER TimeStampResp", false};
    }
    return {std::move(body.bytes), {}, false};
  }

 private:
  const std::string& url_;
  std::span<const std::uint8_t> query_;
  const TsaClientOptions& options_;
};

}  // namespace

std::vector<std::uint8_t> postTimestampQuery(const std::string& url,
                                             std::span<const std::uint8_t> query,
                                             const TsaClientOptions& options) {
  const std::string shown = internal::withoutCredentials(url);
  const std::size_t schemeEnd = url.find("://");
  if (schemeEnd == std::string::npos) {
    throw Error(ErrorCode::kInvalidArgument, shown, std::nullopt,
                "not a URL: expected http://HOST/PATH or https://HOST/PATH");
  }
  const std::string scheme = internal::asciiLower(std::string_view(url).substr(0, schemeEnd));
  if (scheme != "http" && scheme != "https") {
    throw Error(ErrorCode::kInvalidArgument, shown, std::nullopt,
                "scheme '" + scheme + "' not allowed: expected http or https");
  }
  if (query.empty()) {
    throw Error(ErrorCode::kInvalidArgument, shown, std::nullopt,
                "empty query: expected a DER TimeStampReq");
  }
  try {
    internal::initializeCurlOnce();
  } catch (const Error& error) {
    // The static tool's libcurl_on_demand.cpp names the library it could not load as the file.
    throw Error(ErrorCode::kIOError, shown, std::nullopt,
                error.file().empty() ? error.reason() : error.file() + ": " + error.reason());
  }

  const int attempts = std::max(1, options.attempts);
  Request request(url, query, options);
  Attempt last;
  for (int attempt = 1; attempt <= attempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(std::chrono::milliseconds(250 << std::min(attempt - 2, 4)));
    }
    last = request.run();
    if (last.body) return std::move(*last.body);
    if (!last.retry) {
      if (attempt > 1) last.reason += " (attempt " + std::to_string(attempt) + ")";
      throw Error(ErrorCode::kIOError, shown, std::nullopt, last.reason);
    }
  }
  throw Error(ErrorCode::kIOError, shown, std::nullopt,
              last.reason + " (after " + std::to_string(attempts) +
                  (attempts == 1 ? " attempt)" : " attempts)"));
}

}  // namespace archive_news
