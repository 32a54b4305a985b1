// A ByteSink that appends to a vector the caller owns: tests and seed makers build bundles and
// their parts in memory with it.
#ifndef NEWSARC_TESTS_SUPPORT_VECTOR_SINK_H_
#define NEWSARC_TESTS_SUPPORT_VECTOR_SINK_H_

#include <archive_news/writer.h>

#include <cstdint>
#include <span>
#include <vector>

namespace newsarc_test {

class VectorSink : public archive_news::ByteSink {
 public:
  explicit VectorSink(std::vector<std::uint8_t>& out) : out_(out) {}
  void write(std::span<const std::uint8_t> bytes) override {
    out_.insert(out_.end(), bytes.begin(), bytes.end());
  }
  void close() override { closed = true; }
  bool closed = false;

 private:
  std::vector<std::uint8_t>& out_;
};

}  // namespace newsarc_test

#endif  // NEWSARC_TESTS_SUPPORT_VECTOR_SINK_H_
