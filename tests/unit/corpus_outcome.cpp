#include "corpus_outcome.h"

#include <archive_news/article_folder.h>
#include <archive_news/error.h>
#include <archive_news/extract.h>
#include <archive_news/reader.h>
#include <archive_news/verifier.h>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "../fuzz/fuzz_support.h"
#include "test_support.h"

using namespace archive_news;
namespace fs = std::filesystem;

namespace newsarc_test {
namespace {

using Outcome = std::pair<std::string, std::string>;

std::vector<std::string> splitTabs(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream in(line);
  std::string field;
  while (std::getline(in, field, '\t')) out.push_back(field);
  if (!line.empty() && line.back() == '\t') out.push_back("");
  return out;
}

void readEverything(const Bundle& bundle) {
  bundle.info();
  for (std::size_t i = 0; i < bundle.articleCount(); ++i) {
    bundle.summary(i);
    Article a = bundle.article(i);
    for (const auto& image : a.images) bundle.read(image.content);
    for (const auto& attachment : a.attachments) bundle.read(attachment.content);
  }
  bundle.schemaText();
  bundle.signatures();
}

Outcome errorOutcome(const Error& e) { return {std::string(errorCodeName(e.code())), e.what()}; }

std::vector<std::size_t> allArticles(const Bundle& bundle) {
  std::vector<std::size_t> indices(bundle.articleCount());
  std::iota(indices.begin(), indices.end(), 0);
  return indices;
}

// Every file and link below dir, relative, sorted, '|'-separated.
std::string filesBelow(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_directory() || it->is_symlink()) {
      names.push_back(it->path().lexically_relative(dir).generic_string());
    }
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : "|") + name;
  return out;
}

// Extracting into a new folder and into a new .tar must fail alike and leave nothing.
Outcome extractFails(const Bundle& bundle) {
  TempDir scratch;
  std::optional<Outcome> first;
  for (const char* target : {"out", "out.tar"}) {
    try {
      extractArticles(bundle, allArticles(bundle), scratch.path() / target);
      return {"", std::string("no error extracting to ") + target};
    } catch (const Error& e) {
      if (!first) first = errorOutcome(e);
      if (errorOutcome(e).first != first->first)
        return {"differs for " + std::string(target), e.what()};
    }
    if (const std::string left = filesBelow(scratch.path());
        !left.empty() || fs::exists(scratch.path() / "out")) {
      return {"partial output", left.empty() ? "the folder out" : left};
    }
  }
  return *first;
}

Outcome extractSucceeds(const Bundle& bundle) {
  TempDir scratch;
  try {
    extractArticles(bundle, allArticles(bundle), scratch.path() / "out");
    extractArticles(bundle, allArticles(bundle), scratch.path() / "out.tar");
    for (const auto& folder : fs::directory_iterator(scratch.path() / "out")) {
      loadArticleFolder(folder.path());
    }
  } catch (const Error& e) {
    return errorOutcome(e);
  }
  return {"files", filesBelow(scratch.path() / "out")};
}

// A link to a folder outside the target, where the article folder goes or, in a real article
// folder, where the subfolder of its first image goes; with and without overwrite.
Outcome extractThroughLink(const Bundle& bundle) {
  const std::string folder = folderNameForId(bundle.summary(0).id);
  const std::string firstFile = bundle.article(0).images.at(0).fileName;
  const fs::path subfolder = fs::path(firstFile).parent_path();
  if (subfolder.empty()) return {"corpus error", "the first image is not in a subfolder"};
  std::optional<Outcome> first;
  for (const fs::path& link : {fs::path(folder), folder / subfolder}) {
    for (const bool overwrite : {false, true}) {
      TempDir scratch;
      const fs::path target = scratch.path() / "out";
      const fs::path outside = scratch.path() / "outside";
      fs::create_directories(outside);
      fs::create_directories((target / link).parent_path());
      fs::create_directory_symlink(outside, target / link);
      ExtractOptions options;
      options.overwrite = overwrite;
      try {
        extractArticles(bundle, allArticles(bundle), target, options);
        return {"", "no error with a link at " + link.string()};
      } catch (const Error& e) {
        if (!first) first = errorOutcome(e);
        if (errorOutcome(e).first != first->first) return {"differs", e.what()};
      }
      if (!fs::is_empty(outside)) return {"wrote outside", filesBelow(outside)};
    }
  }
  return *first;
}

Outcome extractOutcome(const fs::path& path, const std::string& stage) {
  try {
    const Bundle bundle = Bundle::open(path);
    if (stage == "extract") return extractFails(bundle);
    if (stage == "extract-ok") return extractSucceeds(bundle);
    return extractThroughLink(bundle);
  } catch (const Error& e) {
    return errorOutcome(e);
  }
}

}  // namespace

const fs::path& invalidCorpusDir() {
  static const fs::path dir = fs::path(NEWSARC_SOURCE_DIR) / "tests/data/invalid";
  return dir;
}

std::vector<CorpusEntry> readCorpusManifest() {
  std::ifstream manifest(invalidCorpusDir() / "MANIFEST.tsv");
  if (!manifest) throw std::runtime_error("missing tests/data/invalid/MANIFEST.tsv");
  std::vector<CorpusEntry> entries;
  std::string line;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> f = splitTabs(line);
    if (f.size() != 5) throw std::runtime_error("MANIFEST.tsv: not 5 fields: " + line);
    entries.push_back({f[0], f[1], f[2], f[3], f[4]});
  }
  return entries;
}

KeyPair otherKeyPair() {
  std::uint8_t seed[32] = {'o', 't', 'h', 'e', 'r'};
  std::uint8_t publicKey[32];
  std::uint8_t secretKey[64];
  crypto_sign_seed_keypair(publicKey, secretKey, seed);
  SecretKey secret(KeyId{0x6f, 0x74, 0x68, 0x65, 0x72, 0x6b, 0x65, 0x79}, secretKey);
  PublicKey pub = secret.publicKey();
  return {pub, std::move(secret)};
}

std::pair<std::string, std::string> corpusOutcome(const CorpusEntry& entry) {
  const fs::path path = invalidCorpusDir() / entry.file;
  if (entry.stage.starts_with("extract")) return extractOutcome(path, entry.stage);
  VerifyOptions options;
  if (entry.key == "trusted") options.trustedKeys = {newsarc_fuzz::fixedKeyPair().publicKey};
  if (entry.key == "other") options.trustedKeys = {otherKeyPair().publicKey};
  if (entry.stage == "open" || entry.stage == "read") {
    try {
      const Bundle bundle = Bundle::open(path);
      if (entry.stage == "read") readEverything(bundle);
      return {"", "no error"};
    } catch (const Error& e) {
      return errorOutcome(e);
    }
  }
  const VerifyReport report = verifyFile(path, options);
  if (entry.stage == "ok") {
    try {
      readEverything(Bundle::open(path));
    } catch (const Error& e) {
      return {"read error", e.what()};
    }
    if (!report.ok()) return {report.failures().front().name, report.failures().front().detail};
    return {"", ""};
  }
  if (report.ok()) return {"", "verified"};
  return {report.failures().front().name, report.failures().front().detail};
}

}  // namespace newsarc_test
