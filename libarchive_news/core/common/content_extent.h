// The public ContentExtent (archive_news/article.h) is the part of an internal ExtentRef a
// caller sees of content: a content extent's raw size is the content's size, and content is
// never compressed with the bundle's dictionary (spec/FORMAT.md, "Content"), so nothing is lost
// either way.
#ifndef ARCHIVE_NEWS_CORE_COMMON_CONTENT_EXTENT_H_
#define ARCHIVE_NEWS_CORE_COMMON_CONTENT_EXTENT_H_

#include <archive_news/article.h>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

inline ContentExtent contentExtentOf(const ExtentRef& extent) {
  return {extent.offset, extent.storedSize, extent.compressed, extent.storedDigest};
}

inline ExtentRef extentOf(const ContentRef& content) {
  return {content.extent.offset,
          content.extent.storedSize,
          content.size,
          content.extent.compressed,
          false,
          content.extent.storedDigest};
}

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CONTENT_EXTENT_H_
