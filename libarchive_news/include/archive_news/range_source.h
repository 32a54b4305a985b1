// A bundle that is not a local file: bytes a reader asks for by offset, as an HTTP server with
// range requests (archive_news/remote.h), object storage or a caller's own store serves them.
// Bundle::fromSource reads through one; so do verifySource and the tool's URL arguments.
#ifndef ARCHIVE_NEWS_RANGE_SOURCE_H_
#define ARCHIVE_NEWS_RANGE_SOURCE_H_

#include <archive_news/export.h>

#include <cstdint>
#include <span>
#include <string>

namespace archive_news {

// One range read a call, from one thread at a time: the reader serialises its calls, so an
// implementation needs no lock of its own. The bytes must not change while a Bundle reads them;
// an implementation that can tell (an HTTP validator) throws rather than mix two files.
class ARCHIVE_NEWS_EXPORT RangeSource {
 public:
  virtual ~RangeSource();

  // Stands for the source in error messages (a URL, a path).
  virtual const std::string& name() const = 0;
  // The size in bytes, fixed for the source's life.
  virtual std::uint64_t size() const = 0;
  // Fills `out` with the bytes at `offset` (offset + out.size() <= size()), all of them or
  // throws: Error(kIOError) naming the source when they cannot be had.
  virtual void read(std::uint64_t offset, std::span<std::uint8_t> out) const = 0;

  // Several ranges, in increasing order and apart, that the reader needs at once (a cluster
  // and the dictionary it was compressed with): a source that can fetch them in one round trip
  // (HTTP multi-range requests) overrides this. The default reads them one by one.
  struct Range {
    std::uint64_t offset = 0;
    std::span<std::uint8_t> out;
  };
  virtual void readRanges(std::span<const Range> ranges) const;
};

}  // namespace archive_news

#endif  // ARCHIVE_NEWS_RANGE_SOURCE_H_
