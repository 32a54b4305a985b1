#include "util/sodium_init.h"

#include <archive_news/error.h>
#include <sodium.h>

namespace archive_news::internal {

void ensureSodium() {
  static const bool ready = sodium_init() >= 0;
  if (!ready) throw Error(ErrorCode::kIOError, "libsodium could not be initialized");
}

}  // namespace archive_news::internal
