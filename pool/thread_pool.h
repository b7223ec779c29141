// A fixed number of worker threads sharing one queue of jobs: the chapter's
// thread pool. Destroying the pool is its graceful shutdown: jobs already
// queued still run, then every worker is joined.
#ifndef POOL_THREAD_POOL_H_
#define POOL_THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "pool/executor.h"

namespace pool {

class ThreadPool final : public Executor {
 public:
  // Starts `workers` threads. Throws std::invalid_argument if `workers` is 0:
  // a pool that can never run a job is a programming error.
  explicit ThreadPool(std::size_t workers);

  // Shutdown(), then waits for every worker to finish.
  ~ThreadPool() override;

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  bool Submit(Job job) override;

  // Stops accepting jobs; jobs already queued will still run. Returns at
  // once; the destructor is what waits. Safe to call more than once.
  void Shutdown();

  std::size_t size() const { return workers_.size(); }

 private:
  void WorkerLoop();

  std::mutex mutex_;
  std::condition_variable job_ready_;
  std::deque<Job> queue_;       // guarded by mutex_
  bool shutting_down_ = false;  // guarded by mutex_
  std::vector<std::thread> workers_;
};

}  // namespace pool

#endif  // POOL_THREAD_POOL_H_
