#include "core/signature/timestamp_section.h"

#include <archive_news/error.h>
#include <capnp/message.h>

#include "core/common/canonical_message.h"
#include "newsarc.capnp.h"

namespace archive_news::internal {

std::vector<Timestamp> decodeTimestampSet(std::span<const std::uint8_t> bytes,
                                          const std::string& name, std::uint64_t offset,
                                          const ReaderOptions& options) {
  CanonicalMessageView view(bytes, name, offset, options, "timestamp section");
  return guardCapnp(name, offset, "timestamp section", [&] {
    std::vector<Timestamp> timestamps;
    auto list = view.root<schema::TimestampSet>().getTimestamps();
    if (list.size() == 0) {
      // One encoding for "no timestamps": no bytes at all.
      throw Error(ErrorCode::kCorruption, name, offset,
                  "timestamp section holds no timestamp; expected an empty section instead");
    }
    for (unsigned i = 0; i < list.size(); ++i) {
      auto in = list[i];
      const std::string what = "timestamp " + std::to_string(i);
      auto token = in.getToken();
      if (token.size() == 0 || token.size() > kMaxTimestampTokenSize) {
        throw Error(ErrorCode::kCorruption, name, offset,
                    what + ": token of " + std::to_string(token.size()) + " bytes; expected 1 to " +
                        std::to_string(kMaxTimestampTokenSize));
      }
      if (in.getTimestamps() > i) {
        throw Error(ErrorCode::kCorruption, name, offset,
                    what + " covers " + std::to_string(in.getTimestamps()) +
                        " earlier timestamps; only " + std::to_string(i) + " come before it");
      }
      Timestamp t;
      t.token.assign(token.begin(), token.end());
      t.signatures = in.getSignatures();
      t.timestamps = in.getTimestamps();
      timestamps.push_back(std::move(t));
    }
    return timestamps;
  });
}

}  // namespace archive_news::internal
