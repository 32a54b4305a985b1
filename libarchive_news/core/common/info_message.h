// The bundle information (format/newsarc.capnp BundleInfo): what describes a bundle but
// need not be in the bounded seal (title, description, creator tool, open metadata). One
// canonical message in an extent the seal references, so its digest is signed through the seal.
#ifndef ARCHIVE_NEWS_CORE_COMMON_INFO_MESSAGE_H_
#define ARCHIVE_NEWS_CORE_COMMON_INFO_MESSAGE_H_

#include <archive_news/article.h>
#include <archive_news/reader.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace archive_news::internal {

struct InfoFields {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::string creatorTool;
  std::vector<KeyValue> extra;
  bool operator==(const InfoFields&) const = default;
};

// Throws Error(kInvalidArgument) for text that is not valid UTF-8 without NUL, or an extra key
// used twice: what a reader would refuse.
std::vector<std::uint8_t> encodeInfo(const InfoFields& info);

// Decodes the raw bytes of the information extent (at `offset`, for errors) as a canonical
// message and checks the same rules, throwing Error(kCorruption).
InfoFields decodeInfo(std::span<const std::uint8_t> bytes, const std::string& name,
                      std::uint64_t offset, const ReaderOptions& options);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_INFO_MESSAGE_H_
