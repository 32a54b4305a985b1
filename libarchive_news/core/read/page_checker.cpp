#include "core/read/page_checker.h"

#include <archive_news/error.h>

#include "util/utf8.h"

namespace archive_news::internal {

void PageChecker::fail(const std::string& why) const {
  throw Error(ErrorCode::kCorruption, place_.name, place_.offset, what_ + ": " + why);
}

void PageChecker::expectLength(std::string_view column, std::size_t actual,
                               std::size_t expected) const {
  if (actual == expected) return;
  fail(std::string(column) + " has " + std::to_string(actual) + " values; expected " +
       std::to_string(expected));
}

std::vector<std::string_view> PageChecker::text(std::string_view column, capnp::Data::Reader data,
                                                capnp::List<std::uint16_t>::Reader lengths,
                                                std::size_t n) const {
  const auto lengthsName = [&] { return std::string(column) + " lengths"; };
  expectLength(lengthsName(), lengths.size(), n);
  const std::string_view all(reinterpret_cast<const char*>(data.begin()), data.size());
  std::vector<std::string_view> values;
  values.reserve(n);
  std::size_t begin = 0;
  for (unsigned i = 0; i < n; ++i) {
    const std::size_t length = lengths[i];
    if (length > all.size() - begin) {
      fail(lengthsName() + "[" + std::to_string(i) + "] is " + std::to_string(length) +
           "; expected at most " + std::to_string(all.size() - begin) + ", the data's " +
           std::to_string(all.size()) + " bytes less the values before");
    }
    values.push_back(all.substr(begin, length));
    begin += length;
  }
  if (begin != all.size()) {
    fail(std::string(column) + " has " + std::to_string(all.size()) + " bytes; expected " +
         std::to_string(begin) + ", the sum of its lengths");
  }
  return values;
}

void PageChecker::expectText(std::string_view column, std::size_t entry, std::string_view value,
                             std::size_t limit) const {
  // Every value of every page passes through here: the message is made only on failure.
  const auto where = [&] { return std::string(column) + " " + std::to_string(entry); };
  if (value.size() > limit) {
    fail(where() + " has " + std::to_string(value.size()) + " bytes; expected at most " +
         std::to_string(limit));
  }
  if (const std::size_t at = invalidTextOffset(value); at != kValidText) {
    fail(where() + " is not text at its byte " + std::to_string(at) +
         "; expected UTF-8 without NUL");
  }
}

ExtentRef PageChecker::ref(schema::ExtentRef::Reader in, const std::string& what) const {
  const std::string context = what_ + ": " + what;
  return decodeExtentRef(in, RefContext{place_.name, place_.offset, context});
}

}  // namespace archive_news::internal
