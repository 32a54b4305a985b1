// append_articles BUNDLE [--sign SECRET] INPUT...: appends the articles of each input (article
// folders, as `newsarc pack` takes them) to BUNDLE as a new state, with BundleWriter::append,
// signed by the unencrypted secret key SECRET when given. For the crash-safety
// tests, until the tool has a command of its own for it. Exit 0 on success; else one line
// "append_articles: error: ..." and the tool's exit codes (5 for an I/O error, 3 for a damaged
// bundle).
#include <archive_news/error.h>
#include <archive_news/import.h>
#include <archive_news/keys.h>
#include <archive_news/secret_key.h>
#include <archive_news/writer.h>

#include <csignal>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  // Past the file size limit (ulimit -f) a write fails with EFBIG instead of killing the process.
  std::signal(SIGXFSZ, SIG_IGN);
  if (argc < 3) {
    std::cerr << "usage: append_articles BUNDLE [--sign SECRET] INPUT...\n";
    return 2;
  }
  try {
    archive_news::WriterOptions options;
    options.jobs = 1;  // one thread: the kill points come in the same order every run
    std::vector<std::string> inputs(argv + 2, argv + argc);
    std::optional<archive_news::SecretKey> key;
    if (inputs.size() >= 2 && inputs[0] == "--sign") {
      key = archive_news::loadSecretKey(inputs[1], [] { return std::string(); });
      inputs.erase(inputs.begin(), inputs.begin() + 2);
    }
    archive_news::BundleWriter writer = archive_news::BundleWriter::append(argv[1], options);
    if (key) writer.addSigner(*key, "key " + archive_news::keyIdToHex(key->keyId()));
    archive_news::importArticles(writer, inputs);
    writer.finish();
  } catch (const archive_news::Error& e) {
    std::cerr << "append_articles: error: " << e.what() << "\n";
    switch (e.code()) {
      case archive_news::ErrorCode::kIOError:
        return 5;
      case archive_news::ErrorCode::kCorruption:
      case archive_news::ErrorCode::kUnsupported:
      case archive_news::ErrorCode::kLimitExceeded:
        return 3;
      default:
        return 1;
    }
  }
  return 0;
}
