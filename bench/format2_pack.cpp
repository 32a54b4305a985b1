// The assembler as a packer, for the goal rows of bench/bench.py --goals until the writer
// writes format 2 (docs/design/format-2.md, section 10): the article folders under ROOT, their
// images and attachments prepared as the writer prepares them (zstd -3 where it pays), signed
// with a key made for the run. Prints the file's size and its parts.
//
//   build/format2_pack ROOT OUT [CLUSTER_KIB [LEVEL]]
#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/secret_key.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "core/common/content_extent.h"
#include "core/common/sha256.h"
#include "core/read/extent_reader.h"
#include "core/read/extent_table_reader.h"
#include "core/read/tail_reader.h"
#include "core/write/blob_preparation.h"
#include "core/write/bundle_assembler.h"
#include "core/write/file_sink.h"

namespace {

using namespace archive_news;
using namespace archive_news::internal;

std::vector<std::uint8_t> readFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

ContentRef addFile(internal::BundleAssembler& assembler, const std::filesystem::path& path,
                   const std::string& mediaType) {
  const std::vector<std::uint8_t> bytes = readFile(path);
  const PreparedBlob prepared = prepareContent(bytes, mediaType, 3);
  const ExtentRef extent = assembler.addContent(prepared.digest, prepared.stored(),
                                                prepared.rawSize(), prepared.compressed());
  return ContentRef{prepared.digest, bytes.size(), contentExtentOf(extent)};
}

void pack(const std::filesystem::path& root, internal::BundleAssembler& assembler) {
  for (const std::filesystem::path& dir : findArticleFolders(root)) {
    ArticleFolder folder = loadArticleFolder(dir, /*allowUnknownKeys=*/true);
    for (Image& image : folder.article.images) {
      image.content = addFile(assembler, dir / image.fileName, image.mediatype);
    }
    for (Attachment& file : folder.article.attachments) {
      file.content = addFile(assembler, dir / file.fileName, file.mediatype);
    }
    assembler.addArticle(folder.article);
  }
}

// The file's size and its parts: clusters, content, pages, the rest.
void describe(const std::filesystem::path& out) {
  const std::vector<std::uint8_t> file = readFile(out);
  const std::string name = out.string();
  const ReaderOptions options;
  const internal::Tail tail = internal::readTail(file, name, options);
  const ExtentReader extents(file, name, kHeaderSize, tail.footer.sealOffset, options);
  std::uint64_t clusters = 0, contents = 0, other = 0, end = 0;
  ExtentTableReader(extents, tail.seal.extents, options).forEach([&](const TableExtent& e) {
    (e.kind == ExtentKind::kCluster   ? clusters
     : e.kind == ExtentKind::kContent ? contents
                                      : other) += e.storedSize;
    end = e.end();
  });
  std::printf(
      "%zu bytes: clusters %llu, content %llu, pages %llu, schema/info/dictionary %llu, "
      "tail %llu; %llu articles\n",
      file.size(), static_cast<unsigned long long>(clusters),
      static_cast<unsigned long long>(contents),
      static_cast<unsigned long long>(tail.footer.sealOffset - end),
      static_cast<unsigned long long>(other),
      static_cast<unsigned long long>(file.size() - tail.footer.sealOffset),
      static_cast<unsigned long long>(tail.seal.index.count));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 5) {
    std::cerr << "usage: format2_pack ROOT OUT [CLUSTER_KIB [LEVEL]]\n";
    return 2;
  }
  internal::AssemblerOptions options;
  if (argc > 3) options.clusterTarget = std::stoul(argv[3]) << 10;
  if (argc > 4) options.level = std::stoi(argv[4]);
  try {
    const KeyPair key = generateKeyPair();
    {
      std::unique_ptr<ByteSink> sink = makeFileSink(argv[2], /*overwrite=*/true);
      internal::BundleAssembler assembler(*sink, options);
      pack(argv[1], assembler);
      assembler.finish({"urn:newsarc:bench:format2", "2026-12-06T12:00:00Z"},
                       {std::nullopt, std::nullopt, "format2_pack", {}}, {{key.secretKey, "bench"}},
                       0);
      sink->close();
    }
    describe(argv[2]);
  } catch (const Error& e) {
    std::cerr << "format2_pack: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
