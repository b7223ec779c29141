// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <cstddef>
#include <functional>
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
  // One thread of the pool. It has nothing to run yet.
  struct Worker {
    Worker();
    std::thread thread;
  };

  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
