// Workers sleep on one condition variable until there is a job, or until the
// pool is stopping and the queue is empty.
#include "thread_pool.h"

#include <cstdio>
#include <exception>
#include <utility>

namespace kata {

ThreadPool::ThreadPool(std::size_t workers) {
  if (workers == 0) workers = 1;
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.emplace_back([this] { Work(); });
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

bool ThreadPool::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (stopping_) return false;
    queue_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

void ThreadPool::Work() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Stopping, and nothing left to run.
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    // An exception escaping a thread would end the process: report it and
    // keep working.
    try {
      job();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "a job threw: %s\n", e.what());
    } catch (...) {
      std::fprintf(stderr, "a job threw something else\n");
    }
  }
}

}  // namespace kata
