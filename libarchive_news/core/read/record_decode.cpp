#include "core/read/record_decode.h"

#include <archive_news/error.h>

#include "core/common/canonical_message.h"

namespace archive_news::internal {

ArticleRecord decodeArticleRecord(std::span<const std::uint8_t> record, const std::string& name,
                                  std::uint64_t offset, const ReaderOptions& options,
                                  const std::string& what) {
  CanonicalMessageView view(record, name, offset, options, what);
  try {
    return guardCapnp(name, offset, what, [&] {
      return readArticle(view.root<schema::Article>(), RefContext{name, offset, what});
    });
  } catch (const Error& e) {
    // The block decoder does not know where its record lies; everything else names it already.
    if (!e.file().empty()) throw;
    throw Error(e.code(), name, offset, what + ": " + e.reason());
  }
}

}  // namespace archive_news::internal
