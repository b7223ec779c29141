// The pool's threads, and the one queue they share with execute.
#include "thread_pool.h"

#include <cstdio>
#include <utility>

ThreadPool::Worker::Worker(std::size_t id, std::shared_ptr<Queue> queue)
    : id(id), thread([id, queue] { WorkerLoop(id, *queue); }) {}

void ThreadPool::WorkerLoop(std::size_t id, Queue& queue) {
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(queue.mutex);
      queue.job_ready.wait(
          lock, [&queue] { return queue.stopping || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // Stopping, and nothing left to do.
      job = std::move(queue.jobs.front());
      queue.jobs.pop_front();
    }
    // With the mutex unlocked: other workers take jobs meanwhile. An
    // exception leaving a thread would end the process, so it stops here.
    std::printf("Worker %zu got a job; executing.\n", id);
    try {
      job();
    } catch (...) {
      std::fprintf(stderr, "Worker %zu: the job threw\n", id);
    }
  }
}

ThreadPool::ThreadPool(std::size_t size) {
  workers_.reserve(size);
  for (std::size_t id = 0; id < size; ++id) {
    workers_.emplace_back(id, queue_);
  }
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    queue_->stopping = true;
  }
  queue_->job_ready.notify_all();
  for (Worker& worker : workers_) worker.thread.join();
}

void ThreadPool::execute(Job job) {
  {
    std::lock_guard<std::mutex> lock(queue_->mutex);
    queue_->jobs.push_back(std::move(job));
  }
  queue_->job_ready.notify_one();
}
