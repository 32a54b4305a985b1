// Bundles on a web server or object storage (S3, GCS, Azure Blob, Ceph, MinIO: all serve HTTP
// range requests), read where they are: a RangeSource over HTTP range requests, with libcurl, in
// the toolkit library (the format core does no network I/O).
#ifndef ARCHIVE_NEWS_REMOTE_H_
#define ARCHIVE_NEWS_REMOTE_H_

#include <archive_news/export.h>
#include <archive_news/range_source.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace archive_news {

struct RemoteOptions {
  // Connecting, and any stretch without a byte received, per request; a long transfer that keeps
  // moving is not cut.
  std::chrono::milliseconds timeout{30000};
  // Connection failures, timeouts, HTTP 5xx answers and bodies cut short are tried again (a cut
  // body from where it stopped), up to this many attempts a range, with a pause between them
  // (0.25 s, then 0.5 s, ...). Anything else fails at once. Values below 1 count as 1.
  int attempts = 3;
  // A PEM bundle of CA certificates trusted for https, in place of the system's; empty: the
  // system's.
  std::string caFile;
};

// What a source has asked of its server so far.
struct RemoteStats {
  std::uint64_t requests = 0;  // HTTP requests made, retries included
  std::uint64_t bytes = 0;     // body bytes received
};

// True for an http:// or https:// URL (scheme case-insensitive): what the tool and the Python
// package read remotely rather than as a path.
ARCHIVE_NEWS_EXPORT bool isRemoteUrl(std::string_view text);

// The bytes of a file at an http or https URL, by range requests (RFC 9110 14). Opening asks
// for the last 128 KiB (`Range: bytes=-131072`), which gives the size, the validator (a strong
// ETag, else Last-Modified) and the bytes a reader needs first; every later request carries
// `If-Range` with that validator and its answer is checked to be 206 with the Content-Range
// asked for and the same validator, so that bytes of two versions of a file are never mixed.
// Redirects (at most 3, http and https only) are followed; proxies are used as the curl command
// uses them (http_proxy, HTTPS_PROXY, NO_PROXY...).
// Errors are Error(kIOError) with the URL (without any user:password@) as the file and a reason
// that names what was found: a server that does not answer ranges (200 with the whole file,
// which is not downloaded), HTTP status 404 or another, the file changed since it was opened
// (a 200 to If-Range, or another validator), a timeout or a dropped connection after N
// attempts, a Content-Range other than the one asked for; kInvalidArgument for a URL that is not
// http or https. Safe to use from several threads (Bundle serialises its calls).
class ARCHIVE_NEWS_EXPORT HttpRangeSource final : public RangeSource {
 public:
  static std::shared_ptr<HttpRangeSource> open(const std::string& url,
                                               const RemoteOptions& options = {});
  ~HttpRangeSource() override;

  const std::string& name() const override;
  std::uint64_t size() const override;
  void read(std::uint64_t offset, std::span<std::uint8_t> out) const override;
  // One request with several ranges (`Range: bytes=A-B,C-D`), answered as multipart/byteranges
  // (RFC 9110 14.6); a server that answers otherwise (S3 answers one range or the whole file) is
  // asked range by range from then on.
  void readRanges(std::span<const Range> ranges) const override;

  RemoteStats stats() const;

  struct Impl;
  explicit HttpRangeSource(std::unique_ptr<Impl> impl);

 private:
  std::unique_ptr<Impl> impl_;
};

// Bundle::fromSource over HttpRangeSource::open(url).
ARCHIVE_NEWS_EXPORT Bundle openRemote(const std::string& url, const RemoteOptions& options = {},
                                      const ReaderOptions& readerOptions = {});

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_REMOTE_H_
