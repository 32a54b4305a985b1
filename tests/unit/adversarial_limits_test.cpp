// Reader limits at and just past the limit, on files of the broken-file corpus (the other limits:
// limits_test.cpp; traversalFactor: adversarial_corpus_test.cpp, which builds its message).
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <doctest/doctest.h>

#include <optional>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

const std::filesystem::path kInvalid =
    std::filesystem::path(NEWSARC_SOURCE_DIR) / "tests/data/invalid";

}  // namespace

// The frame asks for a 2^30-byte window over 760 bytes of content: zstd alone would accept it (it
// caps the window at the content size), so this is the reader's own check.
TEST_CASE("maxWindowLog is checked on the frame header, at and just past the limit") {
  const auto path = kInvalid / "zstd-window-too-large.newsarc";
  auto readAll = [&](unsigned windowLog) {
    ReaderOptions options;
    options.maxWindowLog = windowLog;
    Bundle bundle = Bundle::open(path, options);
    Article a = bundle.article(std::size_t{0});
    return bundle.read(a.attachments.at(0).content).size();
  };
  CHECK(readAll(30) == 760);
  try {
    readAll(29);
    FAIL("a 2^30 window passed maxWindowLog 29");
  } catch (const Error& e) {
    CHECK(e.code() == ErrorCode::kCorruption);
    CHECK(std::string(e.what()).find("asks for a window of 1073741824 bytes") != std::string::npos);
  }
}

// The bundle information holds, in a field format 2.0 does not know, a chain of 100 structs each
// pointing to the next: with the root struct, 101 levels.
TEST_CASE("nestingLimit holds at the limit and refuses one level deeper, as limit exceeded") {
  const auto path = kInvalid / "info-deep-nesting.newsarc";
  auto infoProblem = [&](int nestingLimit) -> std::optional<Error> {
    ReaderOptions options;
    options.nestingLimit = nestingLimit;
    try {
      Bundle::open(path, options).info();
      return std::nullopt;
    } catch (const Error& e) {
      return e;
    }
  };
  CHECK_FALSE(infoProblem(101));
  const std::optional<Error> past = infoProblem(100);
  REQUIRE(past);
  CHECK(past->code() == ErrorCode::kLimitExceeded);
  CHECK(std::string(past->what()).find("too deeply-nested") != std::string::npos);
  ReaderOptions options;
  options.nestingLimit = 100;
  bool reported = false;
  for (const Check& check : verifyFile(path, {}, options).failures()) {
    reported |= check.detail.find("too deeply-nested") != std::string::npos;
  }
  CHECK(reported);
}
