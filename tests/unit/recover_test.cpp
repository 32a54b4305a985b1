// recoverBundle (spec/SECURITY.md, "Crash safety"): a bundle an append was interrupted in is cut
// back to its last complete state; an intact one is left alone.
#include <archive_news/error.h>
#include <archive_news/keys.h>
#include <archive_news/reader.h>
#include <archive_news/writer.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <array>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

constexpr std::array<std::uint8_t, 12> kFooterMagic = {0x89, 'N', 'E',  'W',  'S',  'E',
                                                       'N',  'D', '\r', '\n', 0x1a, '\n'};

void appendItems(const std::filesystem::path& path, const std::vector<ArticleWithFiles>& items) {
  BundleWriter writer = BundleWriter::append(path);
  for (const ArticleWithFiles& item : items) addWithFiles(writer, item);
  writer.finish();
}

// A bundle of state 0 and state 1, and the bytes of each.
struct TwoStates {
  TempDir dir;
  std::filesystem::path path = dir.path() / "b.newsarc";
  Bytes first;
  Bytes second;
  TwoStates() {
    writeFileBytes(path, buildBundle({smallArticle("urn:a")}));
    first = readFileBytes(path);
    appendItems(path, {smallArticle("urn:b"), smallArticle("urn:c")});
    second = readFileBytes(path);
  }
};

Bytes concat(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

std::string reasonOf(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.reason();
  }
  return "";
}

}  // namespace

TEST_CASE("recover leaves an intact bundle alone") {
  TwoStates b;
  const RecoverResult result = recoverBundle(b.path);
  CHECK_FALSE(result.damaged);
  CHECK(result.kept.sequence == 1);
  CHECK(result.kept.fileSize == b.second.size());
  CHECK(result.kept.articleCount == 3);
  CHECK(result.cutBytes == 0);
  CHECK(readFileBytes(b.path) == b.second);

  TempDir dir;
  const auto single = dir.path() / "one.newsarc";
  writeFileBytes(single, buildBundle({smallArticle("urn:a")}));
  const RecoverResult one = recoverBundle(single);
  CHECK_FALSE(one.damaged);
  CHECK(one.kept.sequence == 0);
}

TEST_CASE("recover cuts an append interrupted at any point back to the state before it") {
  TwoStates b;
  const std::size_t e0 = b.first.size();
  const std::size_t e1 = b.second.size();
  for (const std::size_t cut :
       {e0 + 1, e0 + 8, e0 + 100, (e0 + e1) / 2, e1 - 192, e1 - 191, e1 - 12, e1 - 8, e1 - 1}) {
    CAPTURE(cut);
    writeFileBytes(b.path, std::span(b.second).first(cut));
    CHECK(codeOf([&] { Bundle::open(b.path); }) == ErrorCode::kCorruption);
    const RecoverResult result = recoverBundle(b.path);
    CHECK(result.damaged);
    CHECK(result.kept.sequence == 0);
    CHECK(result.kept.fileSize == e0);
    CHECK(result.kept.articleCount == 1);
    CHECK(result.cutBytes == cut - e0);
    CHECK(readFileBytes(b.path) == b.first);
    CHECK(Bundle::open(b.path).articleCount() == 1);
  }
}

TEST_CASE("recover keeps the newest whole state of several") {
  TwoStates b;
  appendItems(b.path, {smallArticle("urn:d")});
  const Bytes third = readFileBytes(b.path);
  writeFileBytes(b.path, std::span(third).first(third.size() - 100));
  const RecoverResult result = recoverBundle(b.path);
  CHECK(result.damaged);
  CHECK(result.kept.sequence == 1);
  CHECK(result.kept.articleCount == 3);
  CHECK(readFileBytes(b.path) == b.second);
  CHECK(Bundle::open(b.path).history().size() == 2);
}

TEST_CASE("recover cuts junk after a valid state, fake footer magic included") {
  TwoStates b;
  Bytes junk = randomBytes(5000, 7);
  // The magic where a footer would end, at aligned and unaligned places, and at the very end.
  for (const std::size_t end : {200, 1000, 1003, 4096, 5000}) {
    std::copy(kFooterMagic.begin(), kFooterMagic.end(), junk.begin() + (end - 12));
  }
  SUBCASE("random junk") {}
  SUBCASE("a copy of the last footer in the junk") {
    const std::span<const std::uint8_t> footer = std::span(b.second).last(192);
    std::copy(footer.begin(), footer.end(), junk.begin() + 3000 - 192);
  }
  writeFileBytes(b.path, concat(b.second, junk));
  const RecoverResult result = recoverBundle(b.path);
  CHECK(result.damaged);
  CHECK(result.kept.sequence == 1);
  CHECK(result.cutBytes == junk.size());
  CHECK(readFileBytes(b.path) == b.second);
}

TEST_CASE("recover --dry-run reports without changing the file") {
  TwoStates b;
  const Bytes torn(b.second.begin(), b.second.end() - 50);
  writeFileBytes(b.path, torn);
  const RecoverResult result = recoverBundle(b.path, /*dryRun=*/true);
  CHECK(result.damaged);
  CHECK(result.kept.sequence == 0);
  CHECK(result.cutBytes == torn.size() - b.first.size());
  CHECK(readFileBytes(b.path) == torn);
}

TEST_CASE("recover reports the signatures of the state it keeps") {
  TempDir dir;
  const auto path = dir.path() / "signed.newsarc";
  const KeyPair keys = generateKeyPair();
  writeFileBytes(path, buildBundle({smallArticle("urn:a")}, {&keys.secretKey}));
  const Bytes first = readFileBytes(path);
  writeFileBytes(path, concat(first, randomBytes(300, 3)));
  const RecoverResult result = recoverBundle(path);
  REQUIRE(result.kept.signatures.size() == 1);
  CHECK(result.kept.signatures[0].keyId == keys.secretKey.keyId());
  CHECK(readFileBytes(path) == first);
}

TEST_CASE("recover refuses a file with no complete state") {
  TempDir dir;
  const auto path = dir.path() / "junk.newsarc";
  for (const std::size_t size : {std::size_t{0}, std::size_t{100}, std::size_t{70000}}) {
    CAPTURE(size);
    Bytes bytes = randomBytes(size, 11);
    if (size > 1000) std::copy(kFooterMagic.begin(), kFooterMagic.end(), bytes.begin() + 988);
    writeFileBytes(path, bytes);
    CHECK(codeOf([&] { recoverBundle(path); }) == ErrorCode::kCorruption);
    CHECK(reasonOf([&] { recoverBundle(path); }).starts_with("no complete state found"));
    CHECK(readFileBytes(path) == bytes);
  }
  // A bundle's first state cut short: nothing before it to go back to.
  const Bytes bundle = buildBundle({smallArticle("urn:a")});
  writeFileBytes(path, std::span(bundle).first(bundle.size() - 1));
  CHECK(codeOf([&] { recoverBundle(path); }) == ErrorCode::kCorruption);
  CHECK(codeOf([&] { recoverBundle(dir.path() / "absent.newsarc"); }) == ErrorCode::kIOError);
}
