// The reading costs, for the goal rows of bench/bench.py --goals until the tool reads
// format 2: the commands a user runs, over the format 2 reader (core/read/bundle_reader.h) on a
// mapped file.
//
//   build/format2_read quick BUNDLE      the tail and every signature over the seal
//   build/format2_read list BUNDLE       one line an article, streamed, to stdout
//   build/format2_read show BUNDLE ID    find one article, read it and its content
//   build/format2_read verify BUNDLE     the full verification
// Each prints what it did to stderr, with the pages and clusters it decoded.
#include <archive_news/error.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "core/read/bundle_reader.h"
#include "core/signature/minisign.h"
#include "core/verify/bundle_verifier.h"
#include "util/file_io.h"

namespace {

using namespace archive_news;
using namespace archive_news::internal;

int quick(const internal::BundleReader& reader) {
  int valid = 0;
  for (SignatureCheck check : checkSignatures(reader.signatures(), reader.tail().sealBytes)) {
    valid += check == SignatureCheck::kValid;
  }
  std::fprintf(stderr, "quick: tail of %llu bytes, %d valid signatures, %llu articles\n",
               static_cast<unsigned long long>(reader.tail().footer.sealSize +
                                               reader.tail().footer.signaturesSize + 192),
               valid, static_cast<unsigned long long>(reader.articleCount()));
  return 0;
}

// When main() began: the first row's time is measured from there, in the process, so that it
// leaves out the dynamic loader, which the statically linked tool does not pay.
std::chrono::steady_clock::time_point started;

double millisecondsSinceStart() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
      .count();
}

int list(const internal::BundleReader& reader) {
  std::uint64_t rows = 0;
  double firstRow = 0;
  reader.forEachFrom(0, [&](const IndexEntry& e) {
    std::fwrite(e.id.data(), 1, e.id.size(), stdout);
    std::fputc('\t', stdout);
    std::fwrite(e.headline.data(), 1, e.headline.size(), stdout);
    std::fputc('\n', stdout);
    if (rows++ == 0) {
      std::fflush(stdout);
      firstRow = millisecondsSinceStart();
    }
    return true;
  });
  std::fprintf(stderr, "list: %llu rows, the first %.2f ms after main() began\n",
               static_cast<unsigned long long>(rows), firstRow);
  return 0;
}

int show(const internal::BundleReader& reader, const std::string& id) {
  const std::optional<IndexEntry> entry = reader.find(id);
  if (!entry) {
    std::fprintf(stderr, "show: no article %s\n", id.c_str());
    return 1;
  }
  const ArticleRecord record = reader.article(*entry);
  std::uint64_t content = 0;
  for (std::size_t i = 0; i < record.imageExtents.size(); ++i) {
    reader.readContent(record.imageExtents[i], record.article.images[i].content.digest,
                       [&](std::span<const std::uint8_t> p) { content += p.size(); });
  }
  std::fprintf(stderr,
               "show: %s: index depth %u, root page %llu bytes stored, cluster %llu bytes stored "
               "(%llu raw), %llu bytes of content; the tail and root lie in the last %llu bytes\n",
               record.article.uri.c_str(), reader.tail().seal.index.depth,
               static_cast<unsigned long long>(reader.tail().seal.index.root.storedSize),
               static_cast<unsigned long long>(entry->cluster.storedSize),
               static_cast<unsigned long long>(entry->cluster.rawSize),
               static_cast<unsigned long long>(content),
               static_cast<unsigned long long>(reader.tail().footer.sealOffset +
                                               reader.tail().footer.sealSize +
                                               reader.tail().footer.signaturesSize + 192 -
                                               reader.tail().seal.index.root.offset));
  return 0;
}

int verify(std::span<const std::uint8_t> file, const std::string& name) {
  const VerifyReport report = internal::verifyBundle(file, name, {}, {});
  for (const Check& check : report.failures()) {
    std::fprintf(stderr, "verify: %s: %s: %s\n", check.name.c_str(), check.item.c_str(),
                 check.detail.c_str());
  }
  std::fprintf(stderr, "verify: %zu checks, %s\n", report.checks.size(),
               report.ok() ? "all passed" : "FAILED");
  return report.ok() ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  started = std::chrono::steady_clock::now();
  if (argc < 3 || (std::string(argv[1]) == "show") != (argc == 4)) {
    std::cerr << "usage: format2_read quick|list|verify BUNDLE, or format2_read show BUNDLE ID\n";
    return 2;
  }
  try {
    const MappedFile file(argv[2]);
    const std::string name = argv[2];
    const std::string command = argv[1];
    if (command == "verify") return verify(file.bytes(), name);
    const internal::BundleReader reader(file.bytes(), name, {});
    if (command == "quick") return quick(reader);
    if (command == "list") return list(reader);
    return show(reader, argv[3]);
  } catch (const Error& e) {
    std::cerr << "format2_read: " << e.what() << "\n";
    return 1;
  }
}
