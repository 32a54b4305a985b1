// What the decoders of the pages (index and extent table) check alike: column lengths, the
// lengths of text columns, references. Each failure is Error(kCorruption) naming the file, the
// page's offset and what was expected.
#ifndef ARCHIVE_NEWS_CORE_READ_PAGE_CHECKER_H_
#define ARCHIVE_NEWS_CORE_READ_PAGE_CHECKER_H_

#include <capnp/list.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/extent_ref.h"

namespace archive_news::internal {

// Where a page is, for errors: the file and the offset of the page's extent.
struct PagePlace {
  const std::string& name;
  std::uint64_t offset;
};

class PageChecker {
 public:
  // `what` names the page in errors ("index leaf page").
  PageChecker(const PagePlace& place, std::string what) : place_(place), what_(std::move(what)) {}

  const std::string& what() const { return what_; }

  [[noreturn]] void fail(const std::string& why) const;

  // A column of `actual` values where the page has `expected` entries.
  void expectLength(std::string_view column, std::size_t actual, std::size_t expected) const;

  // The values of a text column of n entries: n lengths, value i starting where value i - 1
  // ends (the first at 0), the lengths summing to the data's size exactly (no byte unused).
  std::vector<std::string_view> text(std::string_view column, capnp::Data::Reader data,
                                     capnp::List<std::uint16_t>::Reader lengths,
                                     std::size_t n) const;

  // A value of a text column: at most `limit` bytes of acceptable text (util/utf8.h).
  void expectText(std::string_view column, std::size_t entry, std::string_view value,
                  std::size_t limit) const;

  // A reference to a page or cluster (extent_ref.h), `what` naming it ("cluster 3").
  ExtentRef ref(schema::ExtentRef::Reader in, const std::string& what) const;

 private:
  const PagePlace& place_;
  std::string what_;
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_READ_PAGE_CHECKER_H_
