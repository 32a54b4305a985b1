// parseTrustedComment: the fields of newsarc's trusted comments, and other tools' comments left
// for the caller to show as they are.
#include <archive_news/signature.h>
#include <doctest/doctest.h>

namespace an = archive_news;

TEST_CASE("trusted comment: newsarc's three fields come back, the signer with ':' and Hangul") {
  const an::TrustedComment fields =
      an::parseTrustedComment("timestamp:1795887577\tbundle:urn:uuid:045f\tsigner:서울: Desk A");
  REQUIRE(fields.timestamp);
  CHECK(*fields.timestamp == 1795887577);
  CHECK(fields.bundle == std::optional<std::string>("urn:uuid:045f"));
  CHECK(fields.signer == std::optional<std::string>("서울: Desk A"));
}

TEST_CASE("trusted comment: another tool's comment gives no fields") {
  const an::TrustedComment fields =
      an::parseTrustedComment("timestamp:1556193335\tfile:manifest.bin\thashed");
  CHECK(fields.timestamp == std::optional<std::int64_t>(1556193335));  // minisign's own
  CHECK_FALSE(fields.bundle);
  CHECK_FALSE(fields.signer);
  CHECK_FALSE(an::parseTrustedComment("").timestamp);
  CHECK_FALSE(an::parseTrustedComment("timestamp:12x").timestamp);
  CHECK_FALSE(an::parseTrustedComment("timestamp:").timestamp);
  CHECK_FALSE(an::parseTrustedComment("timestamp:99999999999999999999").timestamp);
}
