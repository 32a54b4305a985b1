#include "core/common/index_entry.h"

#include <archive_news/error.h>

namespace archive_news::internal {
namespace {

bool isContinuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void refuseLonger(std::string_view what, std::string_view value, std::size_t limit) {
  if (value.size() <= limit) return;
  throw Error(ErrorCode::kInvalidArgument,
              std::string(what) + " of " + std::to_string(value.size()) +
                  " bytes; expected at most " + std::to_string(limit) + " (a limit of the format)");
}

std::optional<std::string> copyTime(std::string_view what,
                                    const std::optional<std::string_view>& value) {
  if (!value) return std::nullopt;
  refuseLonger(what, *value, kMaxIndexTimeSize);
  return std::string(*value);
}

constexpr std::string_view kPubStatusTexts[] = {"usable", "withheld", "canceled"};

}  // namespace

std::optional<PubStatus> pubStatusCode(const std::optional<std::string>& text) {
  if (!text) return PubStatus::kAbsent;
  for (std::uint8_t i = 0; i < kMaxPubStatusCode; ++i) {
    if (*text == kPubStatusTexts[i]) return static_cast<PubStatus>(i + 1);
  }
  return std::nullopt;
}

std::optional<std::string> pubStatusText(PubStatus code) {
  const auto value = static_cast<std::uint8_t>(code);
  if (value == 0 || value > kMaxPubStatusCode) return std::nullopt;
  return std::string(kPubStatusTexts[value - 1]);
}

std::string_view cutUtf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  // A character is at most 4 bytes, but malformed input must not make this loop run long or
  // return nothing for no reason: stop after 3 continuation bytes.
  for (int i = 0; i < 3 && end > 0 && isContinuation(text[end]); ++i) --end;
  return text.substr(0, end);
}

IndexEntry makeIndexEntry(const IndexSource& source) {
  refuseLonger("article id", source.id, kMaxIndexIdSize);
  IndexEntry entry;
  entry.id = source.id;
  entry.headline = cutUtf8(source.headline, kMaxIndexHeadlineSize);
  entry.headlineCut = entry.headline.size() != source.headline.size();
  entry.firstcreated = copyTime("firstcreated", source.firstcreated);
  entry.versioncreated = copyTime("versioncreated", source.versioncreated);
  for (std::size_t i = 0; i < source.bylineNames.size() && i < kMaxIndexBylines; ++i) {
    entry.bylineNames.emplace_back(cutUtf8(source.bylineNames[i], kMaxIndexBylineSize));
  }
  entry.imageCount = source.imageCount;
  entry.attachmentCount = source.attachmentCount;
  entry.contentSize = source.contentSize;
  entry.cluster = source.cluster;
  entry.recordNumber = source.recordNumber;
  return entry;
}

IndexEntry indexEntryOf(const Article& article, std::uint64_t recordSize) {
  IndexSource source;
  source.id = article.uri;
  source.headline = article.headline;
  source.firstcreated = article.firstcreated;
  source.versioncreated = article.versioncreated;
  for (const Byline& byline : article.bylines) source.bylineNames.push_back(byline.name);
  source.imageCount = static_cast<std::uint32_t>(article.images.size());
  source.attachmentCount = static_cast<std::uint32_t>(article.attachments.size());
  source.contentSize = recordSize;
  for (const Image& image : article.images) source.contentSize += image.content.size;
  for (const Attachment& file : article.attachments) source.contentSize += file.content.size;
  IndexEntry entry = makeIndexEntry(source);
  const std::optional<PubStatus> pubstatus = pubStatusCode(article.pubstatus);
  if (!pubstatus) {
    throw Error(ErrorCode::kInvalidArgument,
                "pubstatus \"" + *article.pubstatus +
                    "\"; expected \"usable\", \"withheld\" or \"canceled\"");
  }
  entry.pubstatus = *pubstatus;
  return entry;
}

}  // namespace archive_news::internal
