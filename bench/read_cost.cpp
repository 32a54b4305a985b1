// Which bytes of a bundle a reader touches: the cost of opening a bundle and reading one article
// when every byte must be fetched (a bundle over a network, in object storage, on a slow disk),
// measured in pages, bytes and contiguous reads, whatever the bundle's size.
//
//   build/read_cost BUNDLE ID            open, find ID, read its record, read its images and files
//   build/read_cost --verify-quick BUNDLE   open and verify --quick (structure and signatures)
//
// The file is loaded into page-aligned anonymous memory, which is then made inaccessible
// (PROT_NONE). The library reads it through Bundle::fromMemory; the first access to each page
// faults, and a SIGSEGV handler records the page with the phase that touched it and makes the
// page readable, so each page is counted once, by the first phase that needs it. The handler does
// only that: array writes and mprotect (async-signal-safe), and restores errno.
//
// A "read" is a run of consecutive pages touched by one phase: what a reader over a network would
// fetch with one range request. Pages already touched by an earlier phase are not fetched again.
// "own bytes" are the pages holding the article's cluster (what "read article" touches first: the
// index pages on its path were read by "find") and its content extents; "other" counts the rest
// (header, tail, index pages): the part a format must keep small whatever the number of
// articles.
#include <archive_news/reader.h>
#include <archive_news/verifier.h>
#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace {

using namespace archive_news;

// Set before the handler is installed, read by it.
std::uint8_t* gBase = nullptr;
std::size_t gLength = 0;  // rounded up to whole pages
std::size_t gPage = 4096;
volatile std::uint8_t* gTouched = nullptr;  // per page: 0 untouched, else the phase (1..)
volatile std::uint8_t* gFaults = nullptr;   // per page: faults so far
volatile std::sig_atomic_t gPhase = 0;

// Back to the default action: the faulting access runs again, faults again, and the process dies
// with SIGSEGV as it would have without this program's handler. sigaction is async-signal-safe.
void crashAsUsual() {
  struct sigaction fallback {};
  fallback.sa_handler = SIG_DFL;
  ::sigaction(SIGSEGV, &fallback, nullptr);
}

void onFault(int, siginfo_t* info, void*) {
  const int saved = errno;
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  const auto base = reinterpret_cast<std::uintptr_t>(gBase);
  if (address >= base && address - base < gLength) {
    const std::size_t page = (address - base) / gPage;
    if (gTouched[page] == 0) gTouched[page] = static_cast<std::uint8_t>(gPhase);
    // A readable page that faults again is being written to (or another thread faulted on it at
    // the same moment, which a few retries absorb): a bug, not a read.
    if (gFaults[page] < 100) {
      gFaults[page] = static_cast<std::uint8_t>(gFaults[page] + 1);
      ::mprotect(gBase + page * gPage, gPage, PROT_READ);
    } else {
      crashAsUsual();
    }
  } else {
    // Not ours: a real crash.
    crashAsUsual();
  }
  errno = saved;
}

struct Range {
  std::uint64_t from = 0;  // bytes, [from, to)
  std::uint64_t to = 0;
};

struct Phase {
  const char* name;
  std::size_t pages = 0;
  std::size_t reads = 0;
  std::size_t largest = 0;  // pages
  std::size_t otherPages = 0;
  std::size_t otherReads = 0;
  std::size_t otherLargest = 0;
};

bool isOwn(std::size_t page, const std::vector<Range>& own) {
  const std::uint64_t from = page * gPage;
  const std::uint64_t to = from + gPage;
  for (const Range& r : own) {
    if (r.from < to && from < r.to) return true;
  }
  return false;
}

// Runs of consecutive pages for which `in` holds: count and longest.
template <typename In>
void runs(std::size_t pageCount, In in, std::size_t& count, std::size_t& pages,
          std::size_t& longest) {
  count = pages = longest = 0;
  std::size_t current = 0;
  for (std::size_t p = 0; p < pageCount; ++p) {
    if (in(p)) {
      ++pages;
      if (current++ == 0) ++count;
      longest = std::max(longest, current);
    } else {
      current = 0;
    }
  }
}

std::string bytesText(std::size_t pages, std::uint64_t fileSize) {
  const std::uint64_t bytes = std::min<std::uint64_t>(pages * gPage, fileSize);
  char text[64];
  if (bytes < 10 * 1024) {
    std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
  } else if (bytes < 10 * 1024 * 1024) {
    std::snprintf(text, sizeof text, "%.1f KiB", bytes / 1024.0);
  } else {
    std::snprintf(text, sizeof text, "%.1f MiB", bytes / 1048576.0);
  }
  return text;
}

int usage() {
  std::cerr << "usage: read_cost BUNDLE ID\n       read_cost --verify-quick BUNDLE\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc == 3 && std::string(argv[1]) == "--verify-quick";
  if (argc != 3) return usage();
  const std::string path = quick ? argv[2] : argv[1];
  const std::string id = quick ? "" : argv[2];

  // Load the whole file into page-aligned memory.
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) {
    std::cerr << "read_cost: cannot read " << path << "\n";
    return 1;
  }
  const std::uint64_t fileSize = static_cast<std::uint64_t>(in.tellg());
  in.seekg(0);
  gPage = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
  const std::size_t pageCount = std::max<std::size_t>(1, (fileSize + gPage - 1) / gPage);
  gLength = pageCount * gPage;
  void* map = ::mmap(nullptr, gLength, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (map == MAP_FAILED) {
    std::perror("read_cost: mmap");
    return 1;
  }
  gBase = static_cast<std::uint8_t*>(map);
  if (!in.read(reinterpret_cast<char*>(gBase), static_cast<std::streamsize>(fileSize))) {
    std::cerr << "read_cost: cannot read " << path << "\n";
    return 1;
  }
  in.close();
  std::vector<std::uint8_t> touched(pageCount, 0);
  std::vector<std::uint8_t> faults(pageCount, 0);
  gTouched = touched.data();
  gFaults = faults.data();

  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_sigaction = onFault;
  action.sa_flags = SA_SIGINFO;
  sigemptyset(&action.sa_mask);
  if (::sigaction(SIGSEGV, &action, nullptr) != 0 || ::mprotect(gBase, gLength, PROT_NONE) != 0) {
    std::perror("read_cost: sigaction or mprotect");
    return 1;
  }

  std::vector<Phase> phases;
  std::vector<Range> own;  // the article's cluster and content extents
  auto enter = [&](const char* name) {
    std::atomic_signal_fence(std::memory_order_seq_cst);
    phases.push_back(Phase{name});
    gPhase = static_cast<std::sig_atomic_t>(phases.size());
    std::atomic_signal_fence(std::memory_order_seq_cst);
  };
  const std::span<const std::uint8_t> bytes(gBase, fileSize);
  std::size_t index = 0;
  Article article;
  try {
    enter("open");
    Bundle bundle = Bundle::fromMemory(bytes, path);
    if (quick) {
      enter("verify --quick");
      VerifyOptions options;
      options.quick = true;
      const VerifyReport report = verify(bundle, options);
      if (!report.ok()) {
        std::cerr << "read_cost: the bundle does not verify\n";
        return 1;
      }
    } else {
      enter("find");
      const std::optional<std::size_t> found = bundle.find(id);
      if (!found) {
        std::cerr << "read_cost: no article " << id << "\n";
        return 1;
      }
      index = *found;
      enter("read article");
      article = bundle.article(index);
      enter("read content");
      for (const Image& image : article.images) (void)bundle.read(image.content);
      for (const Attachment& attachment : article.attachments)
        (void)bundle.read(attachment.content);
    }
    // Done measuring: everything readable again, then where the article's own bytes lie.
    std::atomic_signal_fence(std::memory_order_seq_cst);
    gPhase = 0;
    std::atomic_signal_fence(std::memory_order_seq_cst);
    ::mprotect(gBase, gLength, PROT_READ);
    if (!quick) {
      const std::size_t readArticle = 3;  // the phase's number: open, find, read article
      for (std::size_t page = 0; page < pageCount; ++page) {
        if (gTouched[page] == readArticle) own.push_back(Range{page * gPage, (page + 1) * gPage});
      }
      auto add = [&](const ContentRef& content) {
        own.push_back(
            Range{content.extent.offset, content.extent.offset + content.extent.storedSize});
      };
      for (const Image& image : article.images) add(image.content);
      for (const Attachment& attachment : article.attachments) add(attachment.content);
    }
  } catch (const std::exception& e) {
    std::cerr << "read_cost: " << e.what() << "\n";
    return 1;
  }

  std::uint64_t ownBytes = 0;
  for (const Range& r : own) ownBytes += r.to - r.from;
  std::printf("bundle: %s, %llu bytes, %zu pages of %zu bytes\n", path.c_str(),
              static_cast<unsigned long long>(fileSize), pageCount, gPage);
  if (!quick) {
    std::printf("article: %s, %zu ranges of its own (cluster pages, content), %llu bytes\n",
                id.c_str(), own.size(), static_cast<unsigned long long>(ownBytes));
  }
  std::printf("%-14s %8s %12s %6s %12s | %8s %6s %12s\n", "phase", "pages", "bytes", "reads",
              "largest", "other", "reads", "largest");
  Phase total{"total"};
  for (std::size_t k = 0; k < phases.size(); ++k) {
    Phase& p = phases[k];
    const auto mine = [&](std::size_t page) { return touched[page] == k + 1; };
    runs(pageCount, mine, p.reads, p.pages, p.largest);
    runs(
        pageCount, [&](std::size_t page) { return mine(page) && !isOwn(page, own); }, p.otherReads,
        p.otherPages, p.otherLargest);
  }
  const auto any = [&](std::size_t page) { return touched[page] != 0; };
  runs(pageCount, any, total.reads, total.pages, total.largest);
  runs(
      pageCount, [&](std::size_t page) { return any(page) && !isOwn(page, own); }, total.otherReads,
      total.otherPages, total.otherLargest);
  // Over the phases, reads add up (a later phase cannot merge with an earlier one's request).
  std::size_t phaseReads = 0, phaseOtherReads = 0, largest = 0, otherLargest = 0;
  for (Phase& p : phases) {
    phaseReads += p.reads;
    phaseOtherReads += p.otherReads;
    largest = std::max(largest, p.largest);
    otherLargest = std::max(otherLargest, p.otherLargest);
  }
  phases.push_back(total);
  for (const Phase& p : phases) {
    std::printf("%-14s %8zu %12s %6zu %12s | %8zu %6zu %12s\n", p.name, p.pages,
                bytesText(p.pages, fileSize).c_str(), p.reads,
                bytesText(p.largest, fileSize).c_str(), p.otherPages, p.otherReads,
                bytesText(p.otherLargest, fileSize).c_str());
  }
  std::printf("reads, phase by phase: %zu (other than the article's own bytes: %zu)\n", phaseReads,
              phaseOtherReads);
  // One line for scripts (bench/bench.py), sizes in bytes: reads and the largest read phase by
  // phase, as a reader over a network would make them.
  std::printf(
      "summary: pages=%zu bytes=%llu reads=%zu largest=%llu other_reads=%zu "
      "other_largest=%llu own_bytes=%llu\n",
      total.pages,
      static_cast<unsigned long long>(std::min<std::uint64_t>(total.pages * gPage, fileSize)),
      phaseReads, static_cast<unsigned long long>(largest * gPage), phaseOtherReads,
      static_cast<unsigned long long>(otherLargest * gPage),
      static_cast<unsigned long long>(ownBytes));
  ::munmap(gBase, gLength);
  return 0;
}
