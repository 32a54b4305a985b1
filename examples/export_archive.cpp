// Writes every article of a bundle into a tar, tar.gz, tar.zst or zip archive of article folders
// (the form `newsarc pack` reads back), through the C++ API.
//
//   export_archive BUNDLE OUT.tar.zst
//
// Exit status: 0 written, 1 an error (on stderr; no partial archive is left), 2 a usage error.
#include <archive_news/error.h>
#include <archive_news/extract.h>
#include <archive_news/reader.h>

#include <iostream>
#include <numeric>
#include <vector>

namespace an = archive_news;

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: export_archive BUNDLE OUT.tar.zst\n";
    return 2;
  }
  try {
    const an::Bundle bundle = an::Bundle::open(argv[1]);
    std::vector<std::size_t> all(bundle.articleCount());
    std::iota(all.begin(), all.end(), std::size_t{0});
    an::extractArticles(bundle, all, argv[2]);
    std::cout << "wrote " << all.size() << " articles to " << argv[2] << '\n';
    return 0;
  } catch (const an::Error& e) {
    std::cerr << "export_archive: " << e.what() << '\n';
    return 1;
  }
}
