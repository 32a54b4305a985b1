// Proves one article of a bundle against a trusted public key and, when every check passes,
// extracts its images, through the C++ API. The proof (VerifyOptions::articles) checks the
// signatures of the seal, then the article's own path of index pages, its cluster and record and
// its content: the same work for a bundle of ten articles or of ten million.
//
//   verify_extract BUNDLE KEY.pub ARTICLE_ID OUT_DIR
//
// Exit status: 0 verified and extracted, 1 an error, 2 a usage error, 3 verification failed (the
// failed checks on stderr; nothing is extracted), 4 no such article.
#include <archive_news/error.h>
#include <archive_news/public_key.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace an = archive_news;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: verify_extract BUNDLE KEY.pub ARTICLE_ID OUT_DIR\n";
    return 2;
  }
  try {
    an::Bundle bundle = an::Bundle::open(argv[1]);
    const std::optional<std::size_t> index = bundle.find(argv[3]);
    if (!index) {
      std::cerr << "verify_extract: no article " << argv[3] << '\n';
      return 4;
    }

    an::VerifyOptions options;
    options.trustedKeys = {an::loadPublicKey(argv[2])};
    options.articles = {argv[3]};
    const an::VerifyReport report = an::verify(bundle, options);
    for (const an::Check& check : report.checks) {
      std::cout << (check.passed ? "ok    " : "FAIL  ") << check.name << ": " << check.detail
                << '\n';
    }
    if (!report.ok()) {
      for (const an::Check& check : report.failures()) {
        std::cerr << "verify_extract: failed: " << check.name << ": " << check.item << ": "
                  << check.detail << '\n';
      }
      return 3;
    }
    std::cout << argv[1] << ": " << argv[3] << " verified\n";

    const an::Article article = bundle.article(*index);
    std::filesystem::path out = argv[4];
    std::filesystem::create_directories(out);
    for (const an::Image& image : article.images) {
      // The stored file name may hold folders; only its last part is used, so nothing is written
      // outside OUT_DIR.
      std::filesystem::path target = out / std::filesystem::path(image.fileName).filename();
      std::ofstream file(target, std::ios::binary | std::ios::trunc);
      // Streamed in pieces; the digest is checked at the end and read() throws on a mismatch.
      bundle.read(image.content, [&](std::span<const std::uint8_t> piece) {
        file.write(reinterpret_cast<const char*>(piece.data()),
                   static_cast<std::streamsize>(piece.size()));
      });
      file.close();
      if (!file) throw std::runtime_error("cannot write " + target.string());
      std::cout << "extracted " << target.string() << " (" << image.content.size << " bytes, "
                << image.mediatype << ")\n";
    }
    return 0;
  } catch (const an::Error& e) {
    std::cerr << "verify_extract: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "verify_extract: " << e.what() << '\n';
    return 1;
  }
}
