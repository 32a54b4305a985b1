// The full-text indexer a writer feeds (pack --index): Xapian indexes on one thread a core
// while the writer hashes and compresses, each thread into a glass database of its own in a
// temporary folder, which finish() merges and compacts into the one file the bundle stores.
#include <archive_news/error.h>
#include <archive_news/search.h>
#include <fcntl.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include "toolkit/search/search_fields.h"
#include "util/file_io.h"

namespace archive_news {
namespace {

namespace fs = std::filesystem;

// Articles waiting for the indexing thread: enough to keep it busy, few enough to bound memory.
constexpr std::size_t kMaxQueued = 256;
// Xapian holds its changes in memory until a commit: by default 10,000 documents, which with
// positions took 1.9 GB at 4 KB of text an article. Committed by the text indexed instead: 8 MiB
// of text kept the whole pack under 240 MB, as fast.
constexpr std::size_t kTextPerCommit = std::size_t{8} << 20;
// A commit rewrites the blocks its terms touch, and a batch of articles touches most of the
// database's postings and positions: committing into one growing database cost time in
// proportion to its size: a million articles had written 205 GB after 34 minutes. The threads
// start a new database after this much text (shared among them), which bounds the work of a
// commit; compact() merges them all at the end, reading each once.
constexpr std::size_t kTextPerDatabase = std::size_t{256} << 20;

// A folder of its own under `parent`, removed with everything in it.
class TemporaryFolder {
 public:
  explicit TemporaryFolder(const fs::path& parent) {
    std::string pattern = (parent / "newsarc-index-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw Error(ErrorCode::kIOError, parent.string(), std::nullopt,
                  "cannot make a folder for the search index");
    }
    path_ = pattern;
  }
  ~TemporaryFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TemporaryFolder(const TemporaryFolder&) = delete;
  TemporaryFolder& operator=(const TemporaryFolder&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

Error xapianError(const Xapian::Error& e, const fs::path& where) {
  return Error(ErrorCode::kIOError, where.string(), std::nullopt,
               "search index: " + e.get_description());
}

// Xapian indexes on one thread a database: each thread fills a database of its own (a shard),
// and finish() merges them as it compacts them into one file.
class SearchIndexer : public ArticleIndexer {
 public:
  explicit SearchIndexer(const SearchIndexOptions& options)
      : folder_(options.tempDir.empty() ? internal::defaultTempDir() : options.tempDir),
        positions_(options.positions),
        shards_(options.threads != 0 ? options.threads
                                     : std::max(1u, std::thread::hardware_concurrency())),
        textPerDatabase_(options.textPerDatabase != 0 ? options.textPerDatabase
                                                      : kTextPerDatabase) {
    for (unsigned shard = 0; shard < shards_; ++shard) {
      threads_.emplace_back([this, shard] { run(shard); });
    }
  }

  ~SearchIndexer() override { stop(); }

  void add(const Article& article, std::uint32_t) override {
    std::unique_lock lock(mutex_);
    roomLeft_.wait(lock, [&] { return queue_.size() < kMaxQueued || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    queue_.push_back(article);
    work_.notify_one();
  }

  Result finish() override {
    stop();
    if (failure_) std::rethrow_exception(failure_);
    const fs::path file = folder_.path() / "index.glass";
    try {
      const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) {
        throw Error(ErrorCode::kIOError, file.string(), std::nullopt,
                    "cannot create the search index");
      }
      Xapian::Database shards;
      for (const fs::path& path : databases_) shards.add_database(Xapian::Database(path.string()));
      // Takes the descriptor and closes it.
      shards.compact(fd, Xapian::DBCOMPACT_SINGLE_FILE);
      shards.close();
    } catch (const Xapian::Error& e) {
      throw xapianError(e, file);
    }
    for (const fs::path& path : databases_) fs::remove_all(path);
    return {file, std::string(internal::kSearchEngine), documents_};
  }

 private:
  // A new database for `shard`, listed for finish() in the order made.
  fs::path newDatabase(std::size_t shard, std::size_t number) {
    const fs::path path =
        folder_.path() / ("glass-" + std::to_string(shard) + "-" + std::to_string(number));
    std::lock_guard lock(mutex_);
    databases_.push_back(path);
    return path;
  }

  static Xapian::WritableDatabase openDatabase(const fs::path& path) {
    // No termlists: a search never lists a document's terms, and they were a sixth of the
    // index's bytes.
    return Xapian::WritableDatabase(
        path.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS | Xapian::DB_NO_TERMLIST);
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      stopping_ = true;
    }
    work_.notify_all();
    for (std::thread& thread : threads_) thread.join();
  }

  void run(std::size_t shard) {
    fs::path path;
    try {
      path = newDatabase(shard, 0);
      Xapian::WritableDatabase database = openDatabase(path);
      Xapian::TermGenerator terms = internal::makeTermGenerator();
      std::size_t uncommitted = 0, inDatabase = 0, made = 1;
      while (std::optional<Article> article = next()) {
        const Xapian::Document document = internal::makeSearchDocument(*article, terms, positions_);
        database.add_document(document);
        ++documents_;
        const std::size_t text = internal::textSize(*article);
        uncommitted += text;
        inDatabase += text;
        if (inDatabase >= textPerDatabase_ / shards_) {
          database.commit();
          database.close();
          path = newDatabase(shard, made++);
          database = openDatabase(path);
          uncommitted = inDatabase = 0;
        } else if (uncommitted >= kTextPerCommit / shards_) {
          database.commit();
          uncommitted = 0;
        }
      }
      database.commit();
      database.close();
    } catch (const Xapian::Error& e) {
      fail(std::make_exception_ptr(xapianError(e, path)));
    } catch (...) {
      fail(std::current_exception());
    }
  }

  std::optional<Article> next() {
    std::unique_lock lock(mutex_);
    work_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return std::nullopt;
    Article article = std::move(queue_.front());
    queue_.pop_front();
    roomLeft_.notify_one();
    return article;
  }

  void fail(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    failure_ = std::move(error);
    queue_.clear();
    roomLeft_.notify_all();
  }

  TemporaryFolder folder_;
  bool positions_;
  unsigned shards_;
  std::size_t textPerDatabase_;
  std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable roomLeft_;
  std::deque<Article> queue_;
  bool stopping_ = false;
  std::exception_ptr failure_;
  std::atomic<std::uint64_t> documents_{0};
  std::vector<fs::path> databases_;   // every database the threads made, under mutex_
  std::vector<std::thread> threads_;  // last: they start once everything they use exists
};

}  // namespace

std::unique_ptr<ArticleIndexer> makeSearchIndexer(const SearchIndexOptions& options) {
  return std::make_unique<SearchIndexer>(options);
}

}  // namespace archive_news
