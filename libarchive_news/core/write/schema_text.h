// The exact text of format/newsarc.capnp, which every bundle carries as its schema extent.
#ifndef ARCHIVE_NEWS_CORE_WRITE_SCHEMA_TEXT_H_
#define ARCHIVE_NEWS_CORE_WRITE_SCHEMA_TEXT_H_

#include <cstdint>
#include <span>

namespace archive_news::internal {
std::span<const std::uint8_t> schemaText();
}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_WRITE_SCHEMA_TEXT_H_
