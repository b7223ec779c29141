// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <cstddef>
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
  // One thread of the pool, and its number (the chapter's Worker::new(id)).
  // It has nothing to run yet.
  struct Worker {
    explicit Worker(std::size_t id);
    std::size_t id;
    std::thread thread;
  };

  std::vector<Worker> workers_;
};

#endif  // THREAD_POOL_H_
