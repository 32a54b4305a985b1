// The multipart/byteranges parser of the HTTP range reader: parts delivered in pieces of every
// size land exactly where their ranges go; a body that is not the ranges asked for is refused,
// never written past a range.
#include "toolkit/remote/multipart_ranges.h"

#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace in = archive_news::internal;
using Range = archive_news::RangeSource::Range;

namespace {

std::string part(const std::string& boundary, std::uint64_t first, const std::string& bytes) {
  return "\r\n--" + boundary +
         "\r\nContent-Type: application/octet-stream\r\nContent-Range: bytes " +
         std::to_string(first) + "-" + std::to_string(first + bytes.size() - 1) + "/1000\r\n\r\n" +
         bytes;
}

std::string body(const std::string& boundary) {
  return part(boundary, 10, "0123456789") + part(boundary, 500, std::string(300, 'x') + "END") +
         "\r\n--" + boundary + "--\r\n";
}

}  // namespace

TEST_CASE("multipart ranges: every split of the body gives the same bytes") {
  const std::string boundary = "00000000001";
  const std::string whole = body(boundary);
  for (std::size_t piece :
       {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{64}, whole.size()}) {
    CAPTURE(piece);
    std::vector<std::uint8_t> a(10), b(303);
    const Range ranges[] = {{10, a}, {500, b}};
    in::MultipartRanges parts(boundary, ranges);
    for (std::size_t at = 0; at < whole.size(); at += piece) {
      REQUIRE(parts.feed(std::string_view(whole).substr(at, piece)));
    }
    CHECK(parts.complete());
    CHECK(std::string(a.begin(), a.end()) == "0123456789");
    CHECK(std::string(b.begin(), b.end()) == std::string(300, 'x') + "END");
  }
}

TEST_CASE("multipart ranges: what is not the ranges asked for is refused") {
  const std::string boundary = "b";
  std::vector<std::uint8_t> a(10), b(303);
  const Range ranges[] = {{10, a}, {500, b}};
  SUBCASE("a part of another range") {
    in::MultipartRanges parts(boundary, ranges);
    CHECK_FALSE(parts.feed(part(boundary, 11, "0123456789")));
    CHECK(parts.problem().find("not one of the ranges asked for") != std::string::npos);
  }
  SUBCASE("the same part twice") {
    in::MultipartRanges parts(boundary, ranges);
    CHECK_FALSE(parts.feed(part(boundary, 10, "0123456789") + part(boundary, 10, "0123456789")));
  }
  SUBCASE("a missing part") {
    in::MultipartRanges parts(boundary, ranges);
    CHECK(parts.feed(part(boundary, 10, "0123456789") + "\r\n--b--\r\n"));
    CHECK_FALSE(parts.complete());
    CHECK(parts.problem().find("lacks bytes 500-802") != std::string::npos);
  }
  SUBCASE("a part cut short") {
    in::MultipartRanges parts(boundary, ranges);
    CHECK(parts.feed(part(boundary, 10, "0123456789") +
                     "\r\n--b\r\nContent-Range: bytes 500-802/1000\r\n\r\nxyz"));
    CHECK_FALSE(parts.complete());
    CHECK(parts.problem().find("cut 300 bytes short") != std::string::npos);
  }
  SUBCASE("no Content-Range") {
    in::MultipartRanges parts(boundary, ranges);
    CHECK_FALSE(parts.feed("\r\n--b\r\nContent-Type: text/plain\r\n\r\nhello"));
  }
  SUBCASE("endless text without a delimiter") {
    in::MultipartRanges parts(boundary, ranges);
    bool accepted = true;
    for (int i = 0; i < 100 && accepted; ++i) accepted = parts.feed(std::string(1000, 'z'));
    CHECK_FALSE(accepted);
  }
}

TEST_CASE("multipart ranges: boundaries and Content-Range values") {
  CHECK(in::byterangesBoundary("multipart/byteranges; boundary=00000000001") == "00000000001");
  CHECK(in::byterangesBoundary("Multipart/ByteRanges; boundary=\"a b\"") == "a b");
  CHECK(in::byterangesBoundary("application/octet-stream").empty());
  CHECK(in::byterangesBoundary("multipart/byteranges").empty());
  const auto range = in::parseContentRange(" bytes 0-9/100\r\n");
  REQUIRE(range);
  CHECK(range->last == 9);
  CHECK_FALSE(in::parseContentRange("bytes 9-0/100"));
  CHECK_FALSE(in::parseContentRange("bytes 0-100/100"));
  CHECK_FALSE(in::parseContentRange("bytes 0-9/*"));
  CHECK_FALSE(in::parseContentRange("bytes -1-9/100"));
}
