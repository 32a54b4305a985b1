// The broken-file corpus tests/data/invalid/: its manifest, MANIFEST.tsv, and what each file does
// at the stage the manifest names, in the manifest's terms. Used by the corpus test, which writes
// and checks the files, and by the memory-limit test, which checks them again under RLIMIT_AS.
//
// MANIFEST.tsv columns: file, stage, trusted key, expected, message substring.
//   stage open:    Bundle::open throws Error with code `expected` (errorCodeName).
//   stage read:    opens; reading everything (info, articles, images, attachments, schema,
//                  signatures) throws Error with code `expected`.
//   stage verify:  verifyFile (trusting the key named, "-" for none) fails, with a failed check
//                  named `expected` whose detail holds the substring.
//   stage ok:      opens, reads everything and verifies (a newer minor version must still read).
//   stage extract: extracting every article into a new folder, and into a new .tar, throws Error
//                  with code `expected`, and leaves nothing behind (no folder, no archive, no
//                  temporary file).
//   stage extract-ok: extracting into a new folder succeeds; `expected` is "files" and the
//                  substring is the '|'-separated list of the files written, and the article
//                  folders load back.
//   stage extract-symlink: the target already holds a symbolic link to a folder outside it, where
//                  the article folder goes and, in a real article folder, where a subfolder goes;
//                  extracting (with and without overwrite) throws Error with code `expected` and
//                  writes nothing outside.
#ifndef NEWSARC_TESTS_UNIT_CORPUS_OUTCOME_H_
#define NEWSARC_TESTS_UNIT_CORPUS_OUTCOME_H_

#include <archive_news/keys.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace newsarc_test {

struct CorpusEntry {
  std::string file;
  std::string stage;
  std::string key;  // "-", "trusted" or "other"
  std::string expected;
  std::string substring;
};

const std::filesystem::path& invalidCorpusDir();

// The entries of MANIFEST.tsv; throws std::runtime_error when it is missing or malformed.
std::vector<CorpusEntry> readCorpusManifest();

// What actually happens to the file at its stage: {expected, message} in the manifest's terms.
std::pair<std::string, std::string> corpusOutcome(const CorpusEntry& entry);

// The key that signs "signed by someone else" (the trusted key is newsarc_fuzz::fixedKeyPair).
archive_news::KeyPair otherKeyPair();

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_UNIT_CORPUS_OUTCOME_H_
