// The pool's threads, and the queue execute puts jobs on.
#include "thread_pool.h"

#include <utility>

// The worker will take jobs from `queue` (next step).
ThreadPool::Worker::Worker(std::size_t id, Queue /*queue*/)
    : id(id), thread([] {}) {}

ThreadPool::ThreadPool(std::size_t size) {
  workers_.reserve(size);
  for (std::size_t id = 0; id < size; ++id) {
    workers_.emplace_back(id, queue_);
  }
}

void ThreadPool::execute(Job job) {
  {
    std::lock_guard<std::mutex> lock(queue_.mutex);
    queue_.jobs.push_back(std::move(job));
  }
  queue_.job_ready.notify_one();
}
