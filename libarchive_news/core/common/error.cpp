#include <archive_news/error.h>
#include <archive_news/terminal_text.h>

#include <utility>

namespace archive_news {
namespace {

// The message is made terminal-safe: reasons quote ids, file names and other values taken from
// the bundle or the input as they are, and what() is what programs print. file() and reason()
// keep the exact bytes.
std::string composeMessage(const std::string& file, std::optional<std::uint64_t> offset,
                           const std::string& reason) {
  std::string message;
  if (!file.empty()) message += file + ": ";
  if (offset) message += "offset " + std::to_string(*offset) + ": ";
  return terminalSafe(message + reason);
}

}  // namespace

std::string_view errorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kCorruption:
      return "corruption";
    case ErrorCode::kBadSignature:
      return "bad signature";
    case ErrorCode::kUnsupported:
      return "unsupported";
    case ErrorCode::kInvalidArgument:
      return "invalid argument";
    case ErrorCode::kIOError:
      return "i/o error";
    case ErrorCode::kNotFound:
      return "not found";
    case ErrorCode::kLimitExceeded:
      return "limit exceeded";
  }
  return "unknown error";
}

Error::Error(ErrorCode code, std::string file, std::optional<std::uint64_t> offset,
             std::string reason)
    : std::runtime_error(composeMessage(file, offset, reason)),
      code_(code),
      file_(std::move(file)),
      offset_(offset),
      reason_(std::move(reason)) {}

Error::Error(ErrorCode code, std::string reason)
    : Error(code, std::string(), std::nullopt, std::move(reason)) {}

Error inArticle(const Error& error, const std::string& id) {
  const std::string prefix = "article '" + id + "': ";
  if (error.reason().starts_with(prefix)) return error;
  return Error(error.code(), error.file(), error.offset(), prefix + error.reason());
}

}  // namespace archive_news
