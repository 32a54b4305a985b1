#include "toolkit/remote/multipart_ranges.h"

#include <algorithm>

#include "toolkit/common/curl_easy.h"

namespace archive_news::internal {
namespace {

// Delimiter lines and part headers are short; more text than this without a part's data is not
// a multipart body.
constexpr std::size_t kMaxHeaderText = 16 << 10;

}  // namespace

std::optional<ContentRange> parseContentRange(std::string_view value) {
  value = trimmedHeaderValue(value);
  if (value.substr(0, 6) != "bytes ") return std::nullopt;
  value.remove_prefix(6);
  const std::size_t dash = value.find('-');
  const std::size_t slash = value.find('/');
  if (dash == std::string_view::npos || slash == std::string_view::npos || slash < dash) {
    return std::nullopt;
  }
  const auto first = decimalNumber(value.substr(0, dash));
  const auto last = decimalNumber(value.substr(dash + 1, slash - dash - 1));
  const auto total = decimalNumber(value.substr(slash + 1));
  if (!first || !last || !total || *first > *last || *last >= *total) return std::nullopt;
  return ContentRange{*first, *last, *total};
}

std::string byterangesBoundary(std::string_view contentType) {
  const std::string lower = asciiLower(trimmedHeaderValue(contentType));
  if (lower.rfind("multipart/byteranges", 0) != 0) return {};
  const std::size_t at = lower.find("boundary=");
  if (at == std::string::npos) return {};
  std::string_view boundary = trimmedHeaderValue(contentType).substr(at + 9);
  boundary = boundary.substr(0, boundary.find(';'));
  boundary = trimmedHeaderValue(boundary);
  if (boundary.size() >= 2 && boundary.front() == '"' && boundary.back() == '"') {
    boundary = boundary.substr(1, boundary.size() - 2);
  }
  return std::string(boundary);
}

MultipartRanges::MultipartRanges(std::string boundary, std::span<const RangeSource::Range> ranges)
    : delimiter_("--" + boundary), ranges_(ranges), seen_(ranges.size(), false) {}

bool MultipartRanges::feed(std::string_view bytes) {
  if (!problem_.empty()) return false;
  while (!bytes.empty()) {
    if (remaining_ > 0) {
      const std::size_t n =
          static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, bytes.size()));
      std::copy_n(bytes.data(), n, target_);
      target_ += n;
      remaining_ -= n;
      bytes.remove_prefix(n);
      continue;
    }
    if (ended_) return true;  // the epilogue
    text_.append(bytes);
    bytes = {};
    if (!parse()) return false;
  }
  return true;
}

// Takes delimiters and part headers from text_, and the start of a part's data; stops when it
// needs more bytes.
bool MultipartRanges::parse() {
  while (remaining_ == 0 && !ended_) {
    const std::size_t at = text_.find(delimiter_);
    if (at == std::string::npos) break;
    const std::size_t after = at + delimiter_.size();
    if (text_.size() < after + 2) break;
    if (text_.compare(after, 2, "--") == 0) {
      ended_ = true;
      text_.clear();
      return true;
    }
    const std::size_t headersEnd = text_.find("\r\n\r\n", after);
    if (headersEnd == std::string::npos) break;
    if (!startPart(std::string_view(text_).substr(after, headersEnd - after))) return false;
    // The part's data: what text_ holds of it now, the rest as it comes.
    const std::size_t dataAt = headersEnd + 4;
    const std::size_t held =
        static_cast<std::size_t>(std::min<std::uint64_t>(remaining_, text_.size() - dataAt));
    std::copy_n(text_.data() + dataAt, held, target_);
    target_ += held;
    remaining_ -= held;
    text_.erase(0, dataAt + held);
  }
  if (remaining_ == 0 && !ended_ && text_.size() > kMaxHeaderText) {
    problem_ = "a multipart/byteranges body without the parts' delimiters and headers";
    return false;
  }
  return true;
}

bool MultipartRanges::startPart(std::string_view headers) {
  std::optional<ContentRange> range;
  while (!headers.empty()) {
    const std::size_t end = headers.find("\r\n");
    const std::string_view line = headers.substr(0, end);
    headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 2);
    if (asciiLower(line.substr(0, 14)) == "content-range:") {
      range = parseContentRange(line.substr(14));
    }
  }
  if (!range) {
    problem_ = "a multipart/byteranges part without a valid Content-Range";
    return false;
  }
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    const RangeSource::Range& r = ranges_[i];
    if (r.offset == range->first && r.offset + r.out.size() - 1 == range->last) {
      if (seen_[i]) break;
      seen_[i] = true;
      target_ = r.out.data();
      remaining_ = r.out.size();
      return true;
    }
  }
  problem_ = "a multipart/byteranges part of bytes " + std::to_string(range->first) + "-" +
             std::to_string(range->last) + ", not one of the ranges asked for (or twice)";
  return false;
}

bool MultipartRanges::complete() {
  if (!problem_.empty()) return false;
  if (remaining_ > 0) {
    problem_ = "a multipart/byteranges part cut " + std::to_string(remaining_) + " bytes short";
    return false;
  }
  for (std::size_t i = 0; i < ranges_.size(); ++i) {
    if (!seen_[i]) {
      problem_ = "the multipart/byteranges answer lacks bytes " +
                 std::to_string(ranges_[i].offset) + "-" +
                 std::to_string(ranges_[i].offset + ranges_[i].out.size() - 1);
      return false;
    }
  }
  return true;
}

}  // namespace archive_news::internal
