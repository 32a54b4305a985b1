#include "core/verify/verify_data.h"

#include <archive_news/error.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <exception>
#include <iterator>
#include <map>
#include <thread>

#include "core/common/capnp_text.h"
#include "core/common/sha256.h"
#include "util/worker_pool.h"

namespace archive_news::internal {
namespace {

// A chunk is the unit of work of one thread: big enough that threads rarely meet, small enough
// that two threads finish together and progress moves.
constexpr std::uint64_t kChunkBytes = std::uint64_t{8} << 20;
constexpr std::size_t kChunkBlobs = 1024;

struct Chunk {
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  // Where the padding before blob `begin` starts: the end of the last blob before it that lies
  // in the data region (the header's end when none does).
  std::uint64_t position = 0;
  std::uint64_t bytes = 0;
};

// Article `article` has its record in blob `record`.
struct RecordUse {
  std::uint32_t record = 0;
  std::uint32_t article = 0;
  bool operator<(const RecordUse& other) const {
    return record != other.record ? record < other.record : article < other.article;
  }
};

bool inDataRegion(std::uint64_t offset, std::uint64_t size, std::uint64_t end) {
  return offset >= kHeaderSize && offset <= end && size <= end - offset;
}

std::string articleItem(std::uint32_t index, const std::string& id) {
  return "article " + std::to_string(index) + " (" + id + ")";
}

// The first `max` article failures by article index, and a count of all.
class ArticleFailures {
 public:
  explicit ArticleFailures(std::size_t max) : max_(max) {}
  void add(std::uint32_t article, Check check) {
    ++total_;
    listed_.emplace(article, std::move(check));
    if (listed_.size() > max_) listed_.erase(std::prev(listed_.end()));
  }
  void merge(ArticleFailures& other) {
    total_ += other.total_ - other.listed_.size();  // add() counts the listed ones
    for (auto& [article, check] : other.listed_) add(article, std::move(check));
  }
  FailureList take() {
    FailureList out;
    out.total = total_;
    for (auto& [article, check] : listed_) out.listed.push_back(std::move(check));
    return out;
  }

 private:
  std::size_t max_;
  std::size_t total_ = 0;
  std::map<std::uint32_t, Check> listed_;
};

// What one chunk found. Blob failures are kept only while their check has fewer than `max`
// here: the first `max` of the whole file are among the first `max` of each chunk.
struct ChunkFindings {
  std::vector<Check> blobFailures;
  std::size_t padding = 0;
  std::size_t digest = 0;
};

struct Plan {
  std::vector<Chunk> chunks;
  std::vector<RecordUse> uses;  // sorted
  std::uint64_t endPosition = kHeaderSize;
  std::uint64_t totalBytes = 0;
};

// Cuts the blob table into chunks and finds each article's record; articles whose record cannot
// be read at all fail here.
Plan makePlan(const Bundle::Impl& b, schema::Manifest::Reader m, ArticleFailures& failures) {
  Plan plan;
  auto blobs = m.getBlobs();
  const std::uint64_t end = b.footer.manifestOffset;
  std::uint64_t position = kHeaderSize;
  for (std::uint32_t i = 0; i < blobs.size(); ++i) {
    if (plan.chunks.empty() || plan.chunks.back().bytes >= kChunkBytes ||
        plan.chunks.back().end - plan.chunks.back().begin >= kChunkBlobs) {
      plan.chunks.push_back({i, i, position, 0});
    }
    auto blob = blobs[i];
    plan.chunks.back().end = i + 1;
    plan.chunks.back().bytes += blob.getStoredSize();
    plan.totalBytes += blob.getStoredSize();
    if (inDataRegion(blob.getOffset(), blob.getStoredSize(), end)) {
      position = blob.getOffset() + blob.getStoredSize();
    }
  }
  plan.endPosition = position;
  auto articles = m.getArticles();
  for (std::uint32_t k = 0; k < articles.size(); ++k) {
    const std::uint32_t record = articles[k].getRecord();
    if (record >= blobs.size()) {
      const std::string id = toString(articles[k].getId());
      failures.add(k, {"article-record", false, articleItem(k, id), end,
                       "article " + id + ": record blob " + std::to_string(record) +
                           " is out of range (" + std::to_string(blobs.size()) + " blobs)"});
    } else if (blobs[record].getRawSize() > b.options.maxRecordSize) {
      // Refused on the blob table: its bytes are hashed as a stream (blob-digest) but never
      // gathered in memory to be parsed.
      const std::string id = toString(articles[k].getId());
      failures.add(k, {"article-record", false, articleItem(k, id), blobs[record].getOffset(),
                       "article " + id + ": record blob " + std::to_string(record) + " of " +
                           std::to_string(blobs[record].getRawSize()) +
                           " bytes exceeds ReaderOptions::maxRecordSize (" +
                           std::to_string(b.options.maxRecordSize) + ")"});
    } else {
      plan.uses.push_back({record, k});
    }
  }
  std::sort(plan.uses.begin(), plan.uses.end());
  return plan;
}

bool same(capnp::Text::Reader text, const std::string& value) {
  return text.size() == value.size() && std::memcmp(text.begin(), value.data(), value.size()) == 0;
}

bool same(bool has, capnp::Text::Reader text, const std::optional<std::string>& value) {
  return has == value.has_value() && (!has || same(text, *value));
}

// The index entry must say what the record says, or list and show would disagree.
std::string compareEntry(schema::ArticleEntry::Reader e, const Article& a) {
  if (!same(e.getHeadline(), a.headline)) return "headline differs from the record's";
  if (!same(e.hasFirstcreated(), e.getFirstcreated(), a.firstcreated) ||
      !same(e.hasVersioncreated(), e.getVersioncreated(), a.versioncreated)) {
    return "dates differ from the record's";
  }
  if (e.getImageCount() != a.images.size() || e.getAttachmentCount() != a.attachments.size()) {
    return "image or attachment count differs from the record's";
  }
  auto bylines = e.getBylines();
  if (bylines.size() != a.bylines.size()) return "bylines differ from the record's";
  for (unsigned i = 0; i < bylines.size(); ++i) {
    if (!same(bylines[i], a.bylines[i].name)) return "bylines differ from the record's";
  }
  return {};
}

// Everything article-record checks once the record has decoded; "" when it passes.
std::string checkRecord(const Bundle::Impl& b, capnp::List<schema::Blob>::Reader blobs,
                        schema::ArticleEntry::Reader entry, const std::string& id,
                        std::uint32_t record, std::span<const std::uint8_t> bytes) {
  const Article a = b.parseRecord(bytes, id, record);
  validateArticle(a, b.name);
  std::string problem = compareEntry(entry, a);
  std::uint64_t contentSize = blobs[record].getRawSize();
  auto checkRef = [&](const ContentRef& ref, const std::string& what) {
    contentSize += ref.size;
    if (ref.blob >= blobs.size()) {
      problem = what + " refers to blob " + std::to_string(ref.blob) + ", out of range";
      return;
    }
    auto blob = blobs[ref.blob];
    auto digest = blob.getDigest();
    if (digest.size() != ref.digest.size() ||
        std::memcmp(digest.begin(), ref.digest.data(), ref.digest.size()) != 0 ||
        blob.getRawSize() != ref.size) {
      problem =
          what + " names a digest or size that is not blob " + std::to_string(ref.blob) + "'s";
    }
  };
  for (const auto& image : a.images) checkRef(image.content, "image " + image.name);
  for (const auto& attachment : a.attachments) {
    checkRef(attachment.content, "attachment " + attachment.name);
  }
  if (problem.empty() && contentSize != entry.getContentSize()) {
    problem = "index contentSize " + std::to_string(entry.getContentSize()) +
              "; the record and its content add up to " + std::to_string(contentSize);
  }
  return problem;
}

class Worker {
 public:
  Worker(const Bundle::Impl& b, schema::Manifest::Reader m, const Plan& plan, std::size_t max)
      : b_(b), blobs_(m.getBlobs()), articles_(m.getArticles()), plan_(plan), max_(max) {}

  void run(const Chunk& chunk, ChunkFindings& out, ArticleFailures& articleFailures) {
    if (b_.mapping) {
      // The chunk's blobs and the padding between them: at most 7 bytes after each.
      b_.mapping->prefetch(chunk.position,
                           chunk.bytes + 8 * std::uint64_t{chunk.end - chunk.begin});
    }
    std::uint64_t position = chunk.position;
    for (std::uint32_t i = chunk.begin; i < chunk.end; ++i) {
      checkBlob(i, position, out, articleFailures);
    }
  }

 private:
  void blobFailure(ChunkFindings& out, const char* name, std::uint32_t index,
                   std::optional<std::uint64_t> offset, std::string detail) {
    std::size_t& count = std::strcmp(name, "padding") == 0 ? out.padding : out.digest;
    if (++count > max_) return;
    out.blobFailures.push_back({name, false, blobItem(index, blobs_[index]), offset, detail});
  }

  void checkPadding(std::uint32_t i, std::uint64_t from, std::uint64_t to, ChunkFindings& out) {
    const std::span<const std::uint8_t> file = b_.file;
    from = std::min<std::uint64_t>(from, file.size());
    to = std::min<std::uint64_t>(to, file.size());
    if (from >= to) return;
    auto bytes = file.subspan(from, to - from);
    auto nonZero = std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t c) { return c != 0; });
    if (nonZero != bytes.end()) {
      blobFailure(out, "padding", i, from + (nonZero - bytes.begin()), "padding byte is not zero");
    }
  }

  void checkBlob(std::uint32_t i, std::uint64_t& position, ChunkFindings& out,
                 ArticleFailures& articleFailures) {
    auto blob = blobs_[i];
    checkPadding(i, position, blob.getOffset(), out);
    auto uses = std::equal_range(
        plan_.uses.begin(), plan_.uses.end(), RecordUse{i, 0},
        [](const RecordUse& a, const RecordUse& b) { return a.record < b.record; });
    record_.clear();
    std::string problem;
    std::optional<Error> error;
    try {
      std::span<const std::uint8_t> stored = b_.storedBytes(blob, i);
      position = blob.getOffset() + stored.size();
      if (blob.getCompression() == schema::Compression::ZSTD) {
        const Digest digest = sha256(stored);
        auto expected = blob.getStoredDigest();
        if (expected.size() != digest.size() ||
            std::memcmp(expected.begin(), digest.data(), digest.size()) != 0) {
          blobFailure(out, "blob-digest", i, blob.getOffset(),
                      "sha256 of the stored bytes differs from storedDigest");
        }
      }
      const bool keep = uses.first != uses.second;
      problem = b_.decodeBlob(blobs_, i, [&](std::span<const std::uint8_t> piece) {
        if (keep) record_.insert(record_.end(), piece.begin(), piece.end());
      });
      if (!problem.empty()) blobFailure(out, "blob-digest", i, blob.getOffset(), problem);
    } catch (const Error& e) {
      blobFailure(out, "blob-digest", i, e.offset(), e.reason());
      error = e;
    }
    for (auto use = uses.first; use != uses.second; ++use) {
      checkArticle(*use, problem, error, articleFailures);
    }
  }

  void checkArticle(const RecordUse& use, const std::string& decodeProblem,
                    const std::optional<Error>& decodeError, ArticleFailures& failures) {
    auto entry = articles_[use.article];
    const std::string id = toString(entry.getId());
    const std::string item = articleItem(use.article, id);
    const std::uint64_t offset = blobs_[use.record].getOffset();
    if (decodeError) {
      failures.add(use.article,
                   {"article-record", false, item, decodeError->offset(), decodeError->reason()});
      return;
    }
    if (!decodeProblem.empty()) {
      failures.add(use.article, {"article-record", false, item, offset,
                                 "article " + id + ": record blob " + std::to_string(use.record) +
                                     ": " + decodeProblem});
      return;
    }
    try {
      std::string problem = checkRecord(b_, blobs_, entry, id, use.record, record_);
      if (!problem.empty()) failures.add(use.article, {"article-record", false, item, {}, problem});
    } catch (const Error& e) {
      failures.add(use.article, {"article-record", false, item, e.offset(), e.reason()});
    }
  }

  const Bundle::Impl& b_;
  capnp::List<schema::Blob>::Reader blobs_;
  capnp::List<schema::ArticleEntry>::Reader articles_;
  const Plan& plan_;
  std::size_t max_;
  std::vector<std::uint8_t> record_;
};

}  // namespace

std::string blobItem(std::uint32_t index, schema::Blob::Reader blob) {
  return "blob " + std::to_string(index) + " (" + toString(blob.getMediaType()) + ")";
}

DataFindings checkData(const Bundle& bundle, const DataPassOptions& options) {
  const Bundle::Impl& b = internal::BundleAccess::of(bundle);
  ArticleFailures articleFailures(options.maxListed);
  const Plan plan =
      b.withManifest([&](schema::Manifest::Reader m) { return makePlan(b, m, articleFailures); });

  std::vector<ChunkFindings> found(plan.chunks.size());
  const auto threads = static_cast<unsigned>(std::clamp<std::size_t>(
      jobsOrCores(options.jobs), 1, std::max<std::size_t>(plan.chunks.size(), 1)));
  std::vector<ArticleFailures> articlesFound(threads, ArticleFailures(options.maxListed));
  std::atomic<std::size_t> next{0};
  std::atomic<std::uint64_t> done{0};
  std::atomic<bool> stop{false};
  std::vector<std::exception_ptr> errors(threads);

  // Each thread reads the manifest through its own view: its own traversal budget, no sharing.
  auto work = [&](unsigned t, bool reports) {
    try {
      b.withManifest([&](schema::Manifest::Reader m) {
        Worker worker(b, m, plan, options.maxListed);
        for (std::size_t c = next++; c < plan.chunks.size() && !stop; c = next++) {
          worker.run(plan.chunks[c], found[c], articlesFound[t]);
          done += plan.chunks[c].bytes;
          if (reports && options.progress) options.progress(done, plan.totalBytes);
        }
        return 0;
      });
    } catch (...) {
      errors[t] = std::current_exception();
      stop = true;
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t, false);
  work(0, true);
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }
  if (options.progress) options.progress(plan.totalBytes, plan.totalBytes);

  DataFindings out;
  std::size_t listedPadding = 0;
  std::size_t listedDigest = 0;
  for (ChunkFindings& chunk : found) {
    out.paddingFailures += chunk.padding;
    out.digestFailures += chunk.digest;
    for (Check& check : chunk.blobFailures) {
      std::size_t& listed = check.name == "padding" ? listedPadding : listedDigest;
      if (listed++ < options.maxListed) out.blobFailures.push_back(std::move(check));
    }
  }
  const std::span<const std::uint8_t> file = b.file;
  const std::uint64_t from = std::min<std::uint64_t>(plan.endPosition, file.size());
  const std::uint64_t to = std::min<std::uint64_t>(b.footer.manifestOffset, file.size());
  for (std::uint64_t at = from; at < to; ++at) {
    if (file[at] != 0) {
      ++out.paddingFailures;
      if (listedPadding++ < options.maxListed) {
        out.blobFailures.push_back(
            {"padding", false, "before the manifest", at, "padding byte is not zero"});
      }
      break;
    }
  }
  for (ArticleFailures& failures : articlesFound) articleFailures.merge(failures);
  out.articleFailures = articleFailures.take();
  b.withManifest([&](schema::Manifest::Reader m) {
    out.articleCount = m.getArticles().size();
    out.blobCount = m.getBlobs().size();
    return 0;
  });
  return out;
}

}  // namespace archive_news::internal
