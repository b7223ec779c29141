// The kata's real Executor, written last: a fixed set of worker threads
// taking jobs from one queue. Destroying the pool runs the jobs still queued,
// then joins every worker.
#ifndef KATAS_INTERFACE_FIRST_THREAD_POOL_H_
#define KATAS_INTERFACE_FIRST_THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "executor.h"

namespace kata {

class ThreadPool final : public Executor {
 public:
  // Starts `workers` threads (at least one).
  explicit ThreadPool(std::size_t workers);
  ~ThreadPool() override;

  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  bool Submit(Job job) override;

 private:
  void Work();

  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queue_;  // Guarded by mutex_.
  bool stopping_ = false;  // Guarded by mutex_.
  std::vector<std::thread> workers_;
};

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_THREAD_POOL_H_
