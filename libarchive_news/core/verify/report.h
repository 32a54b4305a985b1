// A verification report as it is built: checks appended in order, the failures of one check
// listed up to a bound and the rest summed, so that a badly damaged bundle gives a readable
// report of bounded size.
#ifndef ARCHIVE_NEWS_CORE_VERIFY_REPORT_H_
#define ARCHIVE_NEWS_CORE_VERIFY_REPORT_H_

#include <archive_news/verifier.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

namespace archive_news::internal {

// Failures of one kind past this many are summed up in one more check.
inline constexpr std::size_t kMaxFailuresPerCheck = 50;

class Report {
 public:
  explicit Report(VerifyReport& report) : report_(report) {}

  // The state whose checks follow, in a bundle of several (spec/FORMAT.md 11.2): its items are
  // prefixed "state K: " and its failures counted apart. Empty for the newest state verified,
  // whose lines read as a single state's.
  void setState(std::string prefix) { prefix_ = std::move(prefix); }

  void pass(std::string name, std::string item, std::optional<std::uint64_t> offset,
            std::string detail) {
    report_.checks.push_back({std::move(name), true, prefix_ + item, offset, std::move(detail)});
  }
  // Records a failure; returns false once the check has reported its share of failures.
  bool fail(const std::string& name, std::string item, std::optional<std::uint64_t> offset,
            std::string detail) {
    std::size_t& count = failures_[prefix_ + name];
    if (++count > kMaxFailuresPerCheck) return false;
    report_.checks.push_back({name, false, prefix_ + item, offset, std::move(detail)});
    return true;
  }
  // A failure found elsewhere, listed as it is; counted by addUnlisted().
  void record(Check check) {
    check.item = prefix_ + check.item;
    report_.checks.push_back(std::move(check));
  }
  // Counts `total` failures of a check of which record() listed at most the first 50.
  void addUnlisted(const std::string& name, std::size_t total) {
    if (total > 0) failures_[prefix_ + name] += total;
  }
  // Failures of the current state's check.
  std::size_t failures(const std::string& name) const {
    auto it = failures_.find(prefix_ + name);
    return it == failures_.end() ? 0 : it->second;
  }
  // Closes a check: one passing line when nothing failed, else a count of the omitted failures.
  void close(const std::string& name, std::string passItem, std::string passDetail) {
    std::size_t count = failures(name);
    if (count == 0) {
      pass(name, std::move(passItem), std::nullopt, std::move(passDetail));
    } else if (count > kMaxFailuresPerCheck) {
      report_.checks.push_back({name, false, prefix_ + passItem, std::nullopt,
                                std::to_string(count - kMaxFailuresPerCheck) +
                                    " more failures of this check not listed"});
    }
  }

 private:
  VerifyReport& report_;
  std::string prefix_;
  std::map<std::string, std::size_t> failures_;  // by prefix and check
};

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_CORE_VERIFY_REPORT_H_
