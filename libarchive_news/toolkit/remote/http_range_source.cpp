// HttpRangeSource (archive_news/remote.h): one libcurl easy handle, kept for the connection's
// reuse, and one GET with a Range header a read; a body cut short is asked again from where it
// stopped.
#include <archive_news/error.h>
#include <archive_news/remote.h>
#include <archive_news/version.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "toolkit/common/curl_easy.h"
#include "toolkit/remote/multipart_ranges.h"

namespace archive_news {
namespace {

// The first request's suffix: the mirror's first fetch (the last 64 KiB, aligned down to its
// 64 KiB blocks) lies within the last 128 KiB whatever the file's size.
constexpr std::uint64_t kOpeningSuffix = 128 << 10;
constexpr long kMaxRedirects = 3;

// What identifies one version of the file: a strong ETag, else Last-Modified (RFC 9110 13.1.5:
// If-Range takes either; a weak ETag may not be used).
struct Validator {
  std::string etag;
  std::string lastModified;
  std::string ifRange() const { return !etag.empty() ? etag : lastModified; }
  // Whether an answer's validator is this one, the opening answer's, by the kind it had.
  bool matches(const Validator& answer) const {
    return !etag.empty() ? etag == answer.etag : lastModified == answer.lastModified;
  }
  std::string text() const {
    return !etag.empty()           ? "ETag " + etag
           : !lastModified.empty() ? "Last-Modified " + lastModified
                                   : "none";
  }
};

// One GET of a range: the headers of the last response (after redirects) and the body, written
// where the caller says and only when the answer is the range asked for.
struct Exchange {
  // Asked: bytes [first, first + out.size()) into `out`, or the last `suffix` bytes into `tail`.
  std::uint64_t first = 0;
  std::span<std::uint8_t> out;
  std::uint64_t suffix = 0;
  std::vector<std::uint8_t> tail;

  long status = 0;
  std::optional<internal::ContentRange> range;
  bool rangeHeaderSeen = false;
  Validator validator;
  std::uint64_t received = 0;
  std::string refusal;  // why the body was refused, stopping the transfer
  // Several ranges asked at once: the answer's Content-Type, and its parts' parser.
  std::string contentType;
  std::span<const RangeSource::Range> ranges;
  std::optional<internal::MultipartRanges> parts;
};

bool startsWithNoCase(std::string_view line, std::string_view prefix) {
  return line.size() >= prefix.size() &&
         internal::asciiLower(line.substr(0, prefix.size())) == prefix;
}

extern "C" std::size_t onHeader(char* data, std::size_t size, std::size_t count, void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::string_view line(data, size * count);
  if (line.substr(0, 5) == "HTTP/") {  // a new response (after a redirect): forget the last's
    x->range.reset();
    x->rangeHeaderSeen = false;
    x->validator = {};
    x->contentType.clear();
    const std::size_t space = line.find(' ');
    x->status =
        space == std::string_view::npos
            ? 0
            : static_cast<long>(internal::decimalNumber(line.substr(space + 1, 3)).value_or(0));
  } else if (startsWithNoCase(line, "content-type:")) {
    x->contentType = std::string(internal::trimmedHeaderValue(line.substr(13)));
  } else if (startsWithNoCase(line, "content-range:")) {
    x->rangeHeaderSeen = true;
    x->range = internal::parseContentRange(internal::trimmedHeaderValue(line.substr(14)));
  } else if (startsWithNoCase(line, "etag:")) {
    const std::string_view etag = internal::trimmedHeaderValue(line.substr(5));
    if (etag.substr(0, 2) != "W/") x->validator.etag = std::string(etag);
  } else if (startsWithNoCase(line, "last-modified:")) {
    x->validator.lastModified = std::string(internal::trimmedHeaderValue(line.substr(14)));
  }
  return size * count;
}

// The checks of a body's first bytes: only a 206 with the range asked for is written anywhere.
std::string refusalOf(const Exchange& x) {
  if (x.status != 206) return "status";
  if (!x.range) {
    return x.rangeHeaderSeen ? "a malformed Content-Range" : "a 206 without Content-Range";
  }
  if (x.suffix > 0) return x.range->last + 1 == x.range->total ? "" : "another range";
  const std::uint64_t last = x.first + x.out.size() - 1;
  return x.range->first == x.first && x.range->last == last ? "" : "another range";
}

extern "C" std::size_t onBody(char* data, std::size_t size, std::size_t count, void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (x->received == 0 && n > 0) {
    x->refusal = refusalOf(*x);
    if (!x->refusal.empty()) return 0;  // libcurl stops with CURLE_WRITE_ERROR
  }
  if (x->suffix > 0) {
    if (n > x->suffix - x->tail.size()) {
      x->refusal = "more bytes than asked";
      return 0;
    }
    x->tail.insert(x->tail.end(), data, data + n);
  } else {
    if (n > x->out.size() - x->received) {
      x->refusal = "more bytes than asked";
      return 0;
    }
    std::copy(data, data + n, x->out.begin() + static_cast<std::ptrdiff_t>(x->received));
  }
  x->received += n;
  return n;
}

// The body of an answer to several ranges: only a 206 multipart/byteranges is taken, each part
// written where its range goes. Anything else stops the transfer: the caller then reads the
// ranges one by one.
extern "C" std::size_t onMultipartBody(char* data, std::size_t size, std::size_t count,
                                       void* user) {
  auto* x = static_cast<Exchange*>(user);
  const std::size_t n = size * count;
  if (x->received == 0 && n > 0) {
    const std::string boundary = internal::byterangesBoundary(x->contentType);
    if (x->status != 206 || boundary.empty()) {
      x->refusal = "status";
      return 0;
    }
    x->parts.emplace(boundary, x->ranges);
  }
  x->received += n;
  if (!x->parts->feed(std::string_view(data, n))) {
    x->refusal = x->parts->problem();
    return 0;
  }
  return n;
}

bool retryable(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
      return true;
    default:
      return false;
  }
}

}  // namespace

struct HttpRangeSource::Impl {
  std::string url;
  std::string shown;  // the URL without credentials
  RemoteOptions options;
  std::uint64_t size = 0;
  Validator validator;
  // The opening request's bytes, at tailOffset: the reader's first fetch is served from them.
  std::vector<std::uint8_t> tail;
  std::uint64_t tailOffset = 0;
  mutable std::mutex mutex;  // the handle and the counters
  mutable internal::EasyHandle easy;
  mutable RemoteStats stats;

  [[noreturn]] void fail(const std::string& reason) const {
    throw Error(ErrorCode::kIOError, shown, std::nullopt, reason);
  }

  // Performs one exchange on the kept handle; returns libcurl's result.
  CURLcode perform(Exchange& x, const std::string& rangeHeader, bool withIfRange,
                   curl_write_callback body = onBody) const;
  // Several ranges in one multi-range request; false when the server would not answer so (it
  // is then not asked so again) and the ranges are to be read one by one.
  bool fetchTogether(std::span<const RangeSource::Range> ranges) const;
  mutable bool multiRangeRefused = false;
  // Reads bytes [offset, offset + out.size()) with retries, or fails.
  void fetch(std::uint64_t offset, std::span<std::uint8_t> out) const;
  void open();
};

CURLcode HttpRangeSource::Impl::perform(Exchange& x, const std::string& rangeHeader,
                                        bool withIfRange, curl_write_callback body) const {
  CURL* h = easy.get();
  curl_easy_reset(h);
  internal::HeaderList headers;
  std::vector<std::string> lines = {"Range: " + rangeHeader, "Accept-Encoding: identity"};
  if (withIfRange && !validator.ifRange().empty())
    lines.push_back("If-Range: " + validator.ifRange());
  for (const std::string& line : lines) {
    curl_slist* appended = curl_slist_append(headers.get(), line.c_str());
    if (appended == nullptr) fail("libcurl cannot make the request headers (out of memory?)");
    headers.release();  // appended is the same list, one longer
    headers.reset(appended);
  }
  const long timeoutMs = static_cast<long>(
      std::clamp<std::chrono::milliseconds::rep>(options.timeout.count(), 1, 0x7fffffff));
  const long stallSeconds = std::max(1L, timeoutMs / 1000);
  CURLcode set = CURLE_OK;
  auto option = [&set](CURLcode result) {
    if (set == CURLE_OK) set = result;
  };
  option(curl_easy_setopt(h, CURLOPT_URL, url.c_str()));
  option(internal::allowOnlyHttp(h));
  option(curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L));
  option(curl_easy_setopt(h, CURLOPT_MAXREDIRS, kMaxRedirects));
  option(curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get()));
  option(curl_easy_setopt(h, CURLOPT_USERAGENT, "newsarc/" ARCHIVE_NEWS_VERSION_STRING));
  option(curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, timeoutMs));
  option(curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L));
  option(curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, stallSeconds));
  option(curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L));
  option(curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader));
  option(curl_easy_setopt(h, CURLOPT_HEADERDATA, &x));
  option(curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, body));
  option(curl_easy_setopt(h, CURLOPT_WRITEDATA, &x));
  if (!options.caFile.empty()) option(curl_easy_setopt(h, CURLOPT_CAINFO, options.caFile.c_str()));
  if (set != CURLE_OK) fail(std::string("libcurl refused an option: ") + curl_easy_strerror(set));
  ++stats.requests;
  const CURLcode result = curl_easy_perform(h);
  stats.bytes += x.received;
  return result;
}

// The reason a finished exchange failed and whether another attempt may do better; nullopt when
// it succeeded.
struct Outcome {
  std::string reason;
  bool retry = false;
};

std::optional<Outcome> judge(const Exchange& x, CURLcode result, std::uint64_t expected,
                             const Validator& opened, bool opening) {
  const std::string status = "HTTP status " + std::to_string(x.status);
  if (!x.refusal.empty() && x.refusal != "status") {
    return Outcome{
        "the server answered " + x.refusal + " (Content-Range " +
            (x.range ? std::to_string(x.range->first) + "-" + std::to_string(x.range->last) + "/" +
                           std::to_string(x.range->total)
                     : std::string("missing or malformed")) +
            "); expected the range asked for",
        false};
  }
  if (x.status == 200) {
    return Outcome{opening ? "the server does not answer range requests (status 200 with the "
                             "whole file, which was not downloaded); expected 206"
                           : "the file changed on the server since it was opened (status 200 "
                             "to If-Range " +
                                 opened.ifRange() + ")",
                   false};
  }
  if (x.status >= 500) return Outcome{status + " (server error)", true};
  if (x.status != 0 && x.status != 206) return Outcome{status + "; expected 206", false};
  if (result != CURLE_OK) {
    return Outcome{curl_easy_strerror(result), retryable(result)};
  }
  if (!opening && !opened.matches(x.validator)) {
    return Outcome{"the file changed on the server since it was opened (" + opened.text() +
                       ", now " + x.validator.text() + ")",
                   false};
  }
  if (x.received != expected) {
    return Outcome{"the body ended after " + std::to_string(x.received) + " of " +
                       std::to_string(expected) + " bytes",
                   true};
  }
  return std::nullopt;
}

// What a failure message adds once a request was tried more than once.
std::string afterAttempts(int attempt) {
  return attempt > 1 ? " (after " + std::to_string(attempt) + " attempts)" : std::string();
}

void pause(int attempt) {
  std::this_thread::sleep_for(std::chrono::milliseconds(250) * (1 << std::min(attempt, 4)));
}

void HttpRangeSource::Impl::open() {
  const int attempts = std::max(1, options.attempts);
  for (int attempt = 1;; ++attempt) {
    Exchange x;
    x.suffix = kOpeningSuffix;
    const CURLcode result = perform(x, "bytes=-" + std::to_string(kOpeningSuffix), false);
    const std::uint64_t expected = x.range ? x.range->last - x.range->first + 1 : 0;
    std::optional<Outcome> outcome = judge(x, result, expected, {}, true);
    if (!outcome && x.validator.ifRange().empty()) {
      outcome = Outcome{
          "the server gives neither a strong ETag nor Last-Modified; expected one, "
          "to tell whether the file changes while it is read",
          false};
    }
    if (!outcome) {
      size = x.range->total;
      tailOffset = x.range->first;
      tail = std::move(x.tail);
      validator = x.validator;
      return;
    }
    if (!outcome->retry || attempt >= attempts) {
      fail(outcome->reason + afterAttempts(attempt));
    }
    pause(attempt);
  }
}

void HttpRangeSource::Impl::fetch(std::uint64_t offset, std::span<std::uint8_t> out) const {
  const int attempts = std::max(1, options.attempts);
  std::uint64_t done = 0;
  for (int attempt = 1; done < out.size(); ++attempt) {
    Exchange x;
    x.first = offset + done;
    x.out = out.subspan(done);
    const std::uint64_t last = offset + out.size() - 1;
    const CURLcode result =
        perform(x, "bytes=" + std::to_string(x.first) + "-" + std::to_string(last), true);
    const std::optional<Outcome> outcome = judge(x, result, x.out.size(), validator, false);
    // The bytes of a cut body count when it answered the range asked for, of the same file.
    if (x.refusal.empty() && x.status == 206 && validator.matches(x.validator)) done += x.received;
    if (!outcome) return;
    if (!outcome->retry || attempt >= attempts) {
      fail("bytes " + std::to_string(offset) + " to " + std::to_string(last) + ": " +
           outcome->reason + afterAttempts(attempt));
    }
    if (x.received == 0) pause(attempt);
  }
}

bool HttpRangeSource::Impl::fetchTogether(std::span<const RangeSource::Range> ranges) const {
  std::string header = "bytes=";
  for (const RangeSource::Range& r : ranges) {
    if (header.size() > 6) header += ",";
    header += std::to_string(r.offset) + "-" + std::to_string(r.offset + r.out.size() - 1);
  }
  const int attempts = std::max(1, options.attempts);
  for (int attempt = 1;; ++attempt) {
    Exchange x;
    x.ranges = ranges;
    const CURLcode result = perform(x, header, true, onMultipartBody);
    if (x.status == 200 || x.status == 416 || (x.status == 206 && x.refusal == "status")) {
      // A 200 (ranges ignored, or the file changed: the single reads will tell), a 416 (several
      // ranges refused) or one range for all: this server does not split its answer.
      multiRangeRefused = true;
      return false;
    }
    std::optional<std::string> reason;
    bool retry = false;
    if (!x.refusal.empty() && x.refusal != "status") {
      reason = "the server's multipart answer: " + x.refusal;
    } else if (x.status >= 500) {
      reason = "HTTP status " + std::to_string(x.status) + " (server error)";
      retry = true;
    } else if (x.status != 206) {
      reason = "HTTP status " + std::to_string(x.status) + "; expected 206";
    } else if (result != CURLE_OK) {
      reason = curl_easy_strerror(result);
      retry = retryable(result);
    } else if (!validator.matches(x.validator)) {
      reason = "the file changed on the server since it was opened (" + validator.text() +
               ", now " + x.validator.text() + ")";
    } else if (!x.parts || !x.parts->complete()) {
      reason = "the server's multipart answer: " +
               (x.parts ? x.parts->problem() : std::string("no parts"));
      retry = true;
    }
    if (!reason) return true;
    if (!retry || attempt >= attempts) {
      fail("bytes " + header.substr(6) + ": " + *reason + afterAttempts(attempt));
    }
    pause(attempt);
  }
}

HttpRangeSource::HttpRangeSource(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpRangeSource::~HttpRangeSource() = default;

std::shared_ptr<HttpRangeSource> HttpRangeSource::open(const std::string& url,
                                                       const RemoteOptions& options) {
  if (!isRemoteUrl(url)) {
    throw Error(ErrorCode::kInvalidArgument,
                internal::withoutCredentials(url) + ": not an http:// or https:// URL");
  }
  internal::initializeCurlOnce();
  auto impl = std::make_unique<Impl>();
  impl->url = url;
  impl->shown = internal::withoutCredentials(url);
  impl->options = options;
  impl->easy.reset(curl_easy_init());
  if (!impl->easy) impl->fail("libcurl cannot make a handle (out of memory?)");
  impl->open();
  return std::make_shared<HttpRangeSource>(std::move(impl));
}

const std::string& HttpRangeSource::name() const { return impl_->shown; }
std::uint64_t HttpRangeSource::size() const { return impl_->size; }

void HttpRangeSource::read(std::uint64_t offset, std::span<std::uint8_t> out) const {
  const std::lock_guard lock(impl_->mutex);
  const Impl& i = *impl_;
  if (offset >= i.tailOffset && offset - i.tailOffset <= i.tail.size() &&
      out.size() <= i.tail.size() - (offset - i.tailOffset)) {
    const auto from = i.tail.begin() + static_cast<std::ptrdiff_t>(offset - i.tailOffset);
    std::copy(from, from + static_cast<std::ptrdiff_t>(out.size()), out.begin());
    return;
  }
  i.fetch(offset, out);
}

void HttpRangeSource::readRanges(std::span<const Range> ranges) const {
  {
    const std::lock_guard lock(impl_->mutex);
    if (ranges.size() > 1 && !impl_->multiRangeRefused && impl_->fetchTogether(ranges)) return;
  }
  for (const Range& range : ranges) read(range.offset, range.out);
}

RemoteStats HttpRangeSource::stats() const {
  const std::lock_guard lock(impl_->mutex);
  return impl_->stats;
}

bool isRemoteUrl(std::string_view text) {
  const std::size_t colon = text.find("://");
  if (colon == std::string_view::npos) return false;
  const std::string scheme = internal::asciiLower(text.substr(0, colon));
  return scheme == "http" || scheme == "https";
}

Bundle openRemote(const std::string& url, const RemoteOptions& options,
                  const ReaderOptions& readerOptions) {
  return Bundle::fromSource(HttpRangeSource::open(url, options), readerOptions);
}

}  // namespace archive_news
