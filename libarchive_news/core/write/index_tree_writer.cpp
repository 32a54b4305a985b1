#include "core/write/index_tree_writer.h"

#include <archive_news/error.h>

namespace archive_news::internal {
namespace {

void refuse(const IndexEntry& entry, const std::string& why) {
  throw Error(ErrorCode::kInvalidArgument, "index entry '" + entry.id.substr(0, 200) + "': " + why);
}

void checkLength(const IndexEntry& entry, const char* what, std::size_t size, std::size_t limit) {
  if (size > limit) {
    refuse(entry, std::string(what) + " of " + std::to_string(size) + " bytes; expected at most " +
                      std::to_string(limit));
  }
}

}  // namespace

void checkIndexEntryLimits(const IndexEntry& entry) {
  checkLength(entry, "id", entry.id.size(), kMaxIndexIdSize);
  checkLength(entry, "headline copy", entry.headline.size(), kMaxIndexHeadlineSize);
  checkLength(entry, "firstcreated", entry.firstcreated.value_or("").size(), kMaxIndexTimeSize);
  checkLength(entry, "versioncreated", entry.versioncreated.value_or("").size(), kMaxIndexTimeSize);
  if (entry.bylineNames.size() > kMaxIndexBylines) {
    refuse(entry, std::to_string(entry.bylineNames.size()) + " byline names; expected at most " +
                      std::to_string(kMaxIndexBylines));
  }
  for (const std::string& name : entry.bylineNames) {
    checkLength(entry, "byline name", name.size(), kMaxIndexBylineSize);
  }
}

IndexTreeWriter::IndexTreeWriter(ExtentAppender& appender, Compressor& compressor)
    : tree_(appender, compressor, kIndexLeafTarget, kMaxPageSize) {}

void IndexTreeWriter::add(const IndexEntry& entry) {
  checkIndexEntryLimits(entry);
  if (any_ && !idLess(lastId_, entry.id)) {
    refuse(entry, entry.id == lastId_ ? "duplicate id"
                                      : "out of order: expected ids in increasing byte order");
  }
  tree_.add(entry);
  lastId_ = entry.id;
  any_ = true;
}

PageTreeRef IndexTreeWriter::finish() { return tree_.finish(); }

}  // namespace archive_news::internal
