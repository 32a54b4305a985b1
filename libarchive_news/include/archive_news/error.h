// The one error type of archive_news. Every function of the library that can fail throws
// archive_news::Error and nothing else: exceptions of the libraries it uses (Cap'n Proto, zstd,
// the standard library) are caught at the boundary and translated.
#ifndef ARCHIVE_NEWS_ERROR_H_
#define ARCHIVE_NEWS_ERROR_H_

#include <archive_news/export.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace archive_news {

// Pinned: the numbers are part of the API and never change meaning.
enum class ErrorCode : int {
  kCorruption = 1,       // the bytes break a rule of the format (spec/FORMAT.md)
  kBadSignature = 2,     // a signature or key does not verify, or a required signer is missing
  kUnsupported = 3,      // a valid-looking bundle of a version or algorithm this library lacks
  kInvalidArgument = 4,  // the caller's input (article folder, option, key file) is not acceptable
  kIOError = 5,          // the operating system refused a read, write, map or rename
  kNotFound = 6,         // a named item (article id, file) does not exist
  kLimitExceeded = 7,    // the input is larger or deeper than a ReaderOptions limit allows
};

// Short lowercase name of a code ("corruption", "bad signature", ...).
ARCHIVE_NEWS_EXPORT std::string_view errorCodeName(ErrorCode code);

class ARCHIVE_NEWS_EXPORT Error : public std::runtime_error {
 public:
  // what() reads "<file>: offset <n>: <reason>" ("<file>: <reason>" without an offset, and just
  // "<reason>" without a file). reason says what was found and what was expected. what() is
  // terminalSafe() (terminal_text.h): one line, no control character, valid UTF-8, whatever the
  // file name or the values quoted in reason hold; file() and reason() keep the exact bytes.
  Error(ErrorCode code, std::string file, std::optional<std::uint64_t> offset, std::string reason);
  Error(ErrorCode code, std::string reason);

  ErrorCode code() const noexcept { return code_; }
  const std::string& file() const noexcept { return file_; }
  std::optional<std::uint64_t> offset() const noexcept { return offset_; }
  const std::string& reason() const noexcept { return reason_; }

 private:
  ErrorCode code_;
  std::string file_;
  std::optional<std::uint64_t> offset_;
  std::string reason_;
};

// The error with "article '<id>': " before its reason, once: a damaged record or image deep in a
// bundle of thousands is found by its article's id, not by an offset alone.
ARCHIVE_NEWS_EXPORT Error inArticle(const Error& error, const std::string& id);

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_ERROR_H_
