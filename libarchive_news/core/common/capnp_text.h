// Text between the article model and Cap'n Proto: absent Text is std::nullopt, never "".
#ifndef ARCHIVE_NEWS_CORE_COMMON_CAPNP_TEXT_H_
#define ARCHIVE_NEWS_CORE_COMMON_CAPNP_TEXT_H_

#include <capnp/blob.h>

#include <string>

namespace archive_news::internal {

inline std::string toString(capnp::Text::Reader text) {
  return std::string(text.cStr(), text.size());
}
inline kj::StringPtr toText(const std::string& s) { return kj::StringPtr(s.c_str(), s.size()); }

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_COMMON_CAPNP_TEXT_H_
