// maxWindowLog at and just past the limit, on the broken-file corpus's frame that asks for a
// 2^30-byte window over 760 bytes of content: zstd alone would accept it (it caps the window at
// the content size), so this is the reader's own check.
#include <archive_news/error.h>
#include <archive_news/reader.h>
#include <doctest/doctest.h>

#include "test_support.h"

using namespace archive_news;

TEST_CASE("maxWindowLog is checked on the frame header, at and just past the limit") {
  const auto path = std::filesystem::path(NEWSARC_SOURCE_DIR) /
                    "tests/data/invalid/zstd-window-too-large.newsarc";
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
