// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
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
  // Starts `size` worker threads.
  explicit ThreadPool(std::size_t size);

  // Runs `job` on one of the pool's threads.
  void execute(Job job);

 private:
  // The jobs waiting for a worker, and how a worker waits for one.
  struct Queue {
    std::mutex mutex;
    std::condition_variable job_ready;
    std::deque<Job> jobs;  // guarded by mutex
  };

  // One thread of the pool, and its number, taking jobs from the queue.
  struct Worker {
    Worker(std::size_t id, std::shared_ptr<Queue> queue);
    std::size_t id;
    std::thread thread;
  };

  // What each worker's thread does: take the next job, run it, repeat.
  static void WorkerLoop(Queue& queue);

  // Shared by the pool and every worker: one queue, one mutex.
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
