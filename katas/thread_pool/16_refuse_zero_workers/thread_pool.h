// A fixed number of threads that run the jobs they are given: the pool the
// server wants. Destroying the pool runs the jobs still queued, then joins.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "job.h"

class ThreadPool {
 public:
  // Starts `size` worker threads. Throws std::invalid_argument if `size` is
  // 0: a pool that can never run a job is a mistake in the caller.
  explicit ThreadPool(std::size_t size);

  // Lets the workers finish the jobs already queued, then joins them.
  ~ThreadPool();

  // Runs `job` on one of the pool's threads.
  void execute(Job job);

  // The number of workers.
  std::size_t size() const { return workers_.size(); }

 private:
  // The jobs waiting for a worker, and how a worker waits for one.
  struct Queue {
    std::mutex mutex;
    std::condition_variable job_ready;
    std::deque<Job> jobs;   // guarded by mutex
    bool stopping = false;  // guarded by mutex
  };

  // One thread of the pool, and its number, taking jobs from the queue.
  struct Worker {
    Worker(std::size_t id, std::shared_ptr<Queue> queue);
    std::size_t id;
    std::thread thread;
  };

  // What worker `id`'s thread does: take the next job, run it, repeat.
  static void WorkerLoop(std::size_t id, Queue& queue);

  // Shared by the pool and every worker: one queue, one mutex.
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
