// A fixed set of threads that run tasks in the order they were submitted, for the writer's
// hashing and compressing. With no threads, submit() runs the task at once on the caller's
// thread, so one code path serves every number of jobs.
#ifndef ARCHIVE_NEWS_UTIL_WORKER_POOL_H_
#define ARCHIVE_NEWS_UTIL_WORKER_POOL_H_

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace archive_news::internal {

class WorkerPool {
 public:
  explicit WorkerPool(unsigned threads);
  // Waits for the tasks that are running; tasks not started are dropped (their futures report
  // std::future_error).
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

  // The task's result, or the exception it threw, through the future.
  template <typename Fn>
  auto submit(Fn fn) -> std::future<decltype(fn())> {
    auto task = std::make_shared<std::packaged_task<decltype(fn())()>>(std::move(fn));
    auto future = task->get_future();
    if (threads_.empty()) {
      (*task)();
    } else {
      post([task] { (*task)(); });
    }
    return future;
  }

 private:
  void post(std::function<void()> task);
  void run();

  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

// Threads for `jobs`: 0 means one per core.
unsigned jobsOrCores(unsigned jobs);

}  // namespace archive_news::internal

#endif  // ARCHIVE_NEWS_UTIL_WORKER_POOL_H_
