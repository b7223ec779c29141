// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
 public:
  // A job may own what it works on (a connection), so it can only be moved.
  using Job = std::move_only_function<void()>;

  // Starts `size` worker threads.
  explicit ThreadPool(std::size_t size);

  // Lets the workers finish the jobs already queued, then joins them.
  ~ThreadPool();

  // Runs `job` on one of the pool's threads.
  void execute(Job job);

 private:
  // The jobs waiting for a worker, and how a worker waits for one.
  struct Queue {
    std::mutex mutex;
    std::condition_variable job_ready;
    std::deque<Job> jobs;   // guarded by mutex
    bool stopping = false;  // guarded by mutex
  };

  // One thread of the pool, taking jobs from the queue.
  struct Worker {
    explicit Worker(std::shared_ptr<Queue> queue);
    std::thread thread;
  };

  // What each worker's thread does: take the next job, run it, repeat.
  static void WorkerLoop(Queue& queue);

  // Shared by the pool and every worker: one queue, one mutex.
  std::shared_ptr<Queue> queue_ = std::make_shared<Queue>();
  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
