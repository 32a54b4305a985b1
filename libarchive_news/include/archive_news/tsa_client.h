// The HTTP transport of RFC 3161 timestamps: a TimeStampReq posted to a time-stamping authority
// (TSA) over HTTP or HTTPS (RFC 3161 3.4), the TimeStampResp it answers returned as bytes. What
// the query asks and what the reply holds are checked elsewhere; this is only the transport, with
// libcurl, in the toolkit library (the format core does no network I/O).
#ifndef ARCHIVE_NEWS_TSA_CLIENT_H_
#define ARCHIVE_NEWS_TSA_CLIENT_H_

#include <archive_news/export.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace archive_news {

struct TsaClientOptions {
  // The whole request (connecting, sending, receiving), per attempt.
  std::chrono::milliseconds timeout{30000};
  // Connection failures (refused, unreachable, closed before the whole reply), timeouts and HTTP
  // 5xx answers are tried again, up to this many attempts in all, with a short pause between
  // them (0.25 s, then 0.5 s, ...). Anything else fails at once. Values below 1 count as 1.
  int attempts = 3;
  // A reply body larger than this is refused.
  std::size_t maxResponseSize = 1 << 20;
  // A PEM bundle of CA certificates trusted for https, in place of the system's; empty: the
  // system's.
  std::string caFile;
};

// POSTs `query`, a DER TimeStampReq, to `url` (http:// or https:// only; at most 3 redirects,
// to http or https only; a POST stays a POST after a redirect) with Content-Type
// application/timestamp-query and returns the body of the answer, a DER TimeStampResp that is not
// checked further. The answer must be HTTP 200 with Content-Type application/timestamp-reply and
// a body of 1 to maxResponseSize bytes.
// Proxies are used as the curl command uses them: from the environment variables http_proxy,
// HTTPS_PROXY, ALL_PROXY and NO_PROXY (libcurl-env(3)); nothing else configures them.
// Throws Error(kInvalidArgument) before any network I/O when `url` is not an http or https URL
// or `query` is empty. Throws Error(kIOError) with the URL as its file (without any
// user:password@) and a reason that names what was found and what was expected: connection
// refused, timed out after N attempts, HTTP status 404, a Content-Type other than
// application/timestamp-reply, a body over the limit, an empty body, a redirect to another
// scheme, or libcurl missing (a statically linked newsarc loads it on first use). Safe to call
// from several threads at once.
ARCHIVE_NEWS_EXPORT std::vector<std::uint8_t> postTimestampQuery(
    const std::string& url, std::span<const std::uint8_t> query,
    const TsaClientOptions& options = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_TSA_CLIENT_H_
