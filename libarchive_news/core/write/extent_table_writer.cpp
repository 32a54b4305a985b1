#include "core/write/extent_table_writer.h"

#include <archive_news/error.h>

#include <string>

namespace archive_news::internal {

ExtentTableWriter::ExtentTableWriter(ExtentAppender& appender, Compressor& compressor)
    : tree_(appender, compressor) {}

void ExtentTableWriter::add(const TableExtent& extent) {
  const std::string where = "extent at offset " + std::to_string(extent.offset);
  if (extent.offset % 8 != 0) {
    throw Error(ErrorCode::kInvalidArgument, where + ": expected a multiple of 8");
  }
  if (extent.storedSize == 0) {
    throw Error(ErrorCode::kInvalidArgument, where + ": stored size is zero");
  }
  if (extent.offset < end_) {
    throw Error(ErrorCode::kInvalidArgument,
                where + ": out of order; expected extents in file order, the previous ending at " +
                    std::to_string(end_));
  }
  tree_.add(extent);
  end_ = extent.end();
}

PageTreeRef ExtentTableWriter::finish() { return tree_.finish(); }

}  // namespace archive_news::internal
