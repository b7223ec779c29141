// Workers block on one condition variable until a job is queued or the pool
// is shutting down with nothing left to do.
#include "pool/thread_pool.h"

#include <stdexcept>
#include <utility>

#include "pool/run_job.h"

namespace pool {

ThreadPool::ThreadPool(std::size_t workers) {
  if (workers == 0) {
    throw std::invalid_argument("ThreadPool needs at least one worker");
  }
  workers_.reserve(workers);
  for (std::size_t i = 0; i < workers; ++i) {
    workers_.emplace_back([this] { WorkerLoop(); });
  }
}

ThreadPool::~ThreadPool() {
  Shutdown();
  for (std::thread& worker : workers_) worker.join();
}

bool ThreadPool::Submit(Job job) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shutting_down_) return false;
    queue_.push_back(std::move(job));
  }
  job_ready_.notify_one();
  return true;
}

void ThreadPool::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shutting_down_ = true;
  }
  job_ready_.notify_all();
}

void ThreadPool::WorkerLoop() {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      job_ready_.wait(lock,
                      [this] { return shutting_down_ || !queue_.empty(); });
      if (queue_.empty()) return;  // Shutting down and drained.
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    RunJob(job);
  }
}

}  // namespace pool
