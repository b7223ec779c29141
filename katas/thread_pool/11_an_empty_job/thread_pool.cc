// The pool's threads, and the one queue they share with execute.
#include "thread_pool.h"

#include <utility>

ThreadPool::Worker::Worker(std::size_t id, std::shared_ptr<Queue> queue)
    : id(id), thread([queue] { WorkerLoop(*queue); }) {}

void ThreadPool::WorkerLoop(Queue& queue) {
  for (;;) {
    Job job;
    {
      std::lock_guard<std::mutex> lock(queue.mutex);
      queue.job_ready.wait(lock, [&queue] { return !queue.jobs.empty(); });
      job = std::move(queue.jobs.front());
      queue.jobs.pop_front();
    }
    job();  // With the mutex unlocked: other workers take jobs meanwhile.
  }
}

ThreadPool::ThreadPool(std::size_t size) {
  workers_.reserve(size);
  for (std::size_t id = 0; id < size; ++id) {
    workers_.emplace_back(id, queue_);
  }
}

void ThreadPool::execute(Job job) {
  {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    queue_->jobs.push_back(std::move(job));
  }
  queue_->job_ready.notify_one();
}
