#include "core/write/page_tree_builder.h"

#include <string>

#include "core/write/compression.h"

namespace archive_news::internal {

ExtentRef appendPage(ExtentAppender& appender, Compressor& compressor,
                     const std::vector<std::uint8_t>& raw, std::uint64_t sizeBound) {
  // The builders decide when a page is full by its size bound: a page over it is a bug there,
  // which would make pages a reader refuses.
  if (raw.size() > sizeBound || raw.size() > kMaxPageSize) {
    throw std::logic_error("page of " + std::to_string(raw.size()) + " bytes; bound " +
                           std::to_string(sizeBound));
  }
  return appender.appendCompressible(raw, compressor, nullptr);
}

}  // namespace archive_news::internal
