// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

class ThreadPool {
 public:
  // A job may own what it works on (a connection), so it can only be moved.
  using Job = std::move_only_function<void()>;

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

  // One thread of the pool, taking jobs from the queue.
  struct Worker {
    explicit Worker(Queue queue);
    std::thread thread;
  };

  Queue queue_;
  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
