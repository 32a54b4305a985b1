// Stock zstd decompresses every stored blob of a bundle by itself (with the bundle's dictionary
// where one was used), as spec/FORMAT.md promises a reader without newsarc.
#include <archive_news/reader.h>
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "test_support.h"

using namespace archive_news;
using namespace newsarc_test;

namespace {

Bytes manyArticles() {
  std::vector<ArticleWithFiles> items = awkwardArticles();
  for (int i = 0; i < 60; ++i) {
    ArticleWithFiles item;
    item.article.uri = "urn:test:many:" + std::to_string(i);
    item.article.headline = "Council votes on the harbour budget, part " + std::to_string(i);
    for (int p = 0; p < 6; ++p) {
      item.article.body.push_back(
          Paragraph{"The council met on Tuesday to debate the harbour budget for the coming year; "
                    "paragraph " +
                    std::to_string(p) + " of article " + std::to_string(i) + "."});
    }
    items.push_back(item);
  }
  // A compressible attachment, stored as a zstd frame without a dictionary.
  std::string csv = "region,year,value\n";
  for (int row = 0; row < 500; ++row) csv += "Busan," + std::to_string(2000 + row % 25) + ",42\n";
  items[0].article.attachments = {{"data", "data.csv", "text/csv", std::nullopt, {}}};
  items[0].attachments = {{toBytes(csv), "text/csv"}};
  WriterOptions options = fixedOptions();
  options.dictionarySampleBytes = 16 << 10;
  return buildBundle(items, {}, options);
}

}  // namespace

TEST_CASE("stock zstd -d decompresses every compressed blob to its raw bytes") {
  Bytes file = manyArticles();
  Bundle bundle = Bundle::fromMemory(file, "many.newsarc");
  TempDir dir;
  std::size_t withDictionary = 0;
  std::size_t compressed = 0;
  for (std::uint32_t i = 0; i < bundle.blobCount(); ++i) {
    BlobInfo blob = bundle.blob(i);
    if (!blob.compressed) continue;
    ++compressed;
    std::filesystem::path frame = dir.path() / ("blob" + std::to_string(i) + ".zst");
    std::filesystem::path raw = dir.path() / ("blob" + std::to_string(i));
    writeFileBytes(frame, std::span(file).subspan(blob.offset, blob.storedSize));
    std::string command = "zstd -q -d -f ";
    if (blob.dictionary != kNoBlob) {
      ++withDictionary;
      BlobInfo dictionary = bundle.blob(blob.dictionary);
      std::filesystem::path dict = dir.path() / "dictionary";
      writeFileBytes(dict, std::span(file).subspan(dictionary.offset, dictionary.storedSize));
      command += "-D " + dict.string() + " ";
    }
    command += frame.string() + " -o " + raw.string();
    REQUIRE_MESSAGE(std::system(command.c_str()) == 0, command);
    Bytes decoded = readFileBytes(raw);
    CHECK(decoded.size() == blob.rawSize);
    CHECK(bundle.read(ContentRef{i, blob.digest, blob.rawSize}) == decoded);
  }
  CHECK(compressed >= 3);
  CHECK(withDictionary > 0);
}
