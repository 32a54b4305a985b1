// The body of a 206 answer to a request for several ranges: multipart/byteranges (RFC 9110
// 14.6), each part a Content-Range header and that range's bytes, parsed as it streams in and
// each part's bytes copied straight to where the caller wants that range.
#ifndef ARCHIVE_NEWS_TOOLKIT_REMOTE_MULTIPART_RANGES_H_
#define ARCHIVE_NEWS_TOOLKIT_REMOTE_MULTIPART_RANGES_H_

#include <archive_news/range_source.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace archive_news::internal {

// "bytes FIRST-LAST/TOTAL" (RFC 9110 14.4); a total of "*" is not accepted: the size is needed.
struct ContentRange {
  std::uint64_t first = 0;
  std::uint64_t last = 0;
  std::uint64_t total = 0;
};
std::optional<ContentRange> parseContentRange(std::string_view value);

// The boundary of a Content-Type of multipart/byteranges, without quotes; empty for any other.
std::string byterangesBoundary(std::string_view contentType);

class MultipartRanges {
 public:
  // `ranges` (in increasing order) must outlive the parser; each part must be exactly one of
  // them, each at most once.
  MultipartRanges(std::string boundary, std::span<const RangeSource::Range> ranges);

  // Takes the next bytes of the body; false, with problem() set, at the first thing that is not
  // a part of a range asked for.
  bool feed(std::string_view bytes);
  // Whether every range came whole (problem() says what is missing when not).
  bool complete();
  const std::string& problem() const { return problem_; }

 private:
  bool parse();
  bool startPart(std::string_view headers);

  std::string delimiter_;  // "--" + the boundary
  std::span<const RangeSource::Range> ranges_;
  std::vector<bool> seen_;
  std::string text_;  // delimiter and header bytes not yet taken
  std::uint8_t* target_ = nullptr;
  std::uint64_t remaining_ = 0;  // bytes of the current part still to copy to target_
  bool ended_ = false;
  std::string problem_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_TOOLKIT_REMOTE_MULTIPART_RANGES_H_
