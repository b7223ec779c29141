// A fixed number of threads that run the jobs they are given: the pool the
// server wants. So far, only what the compiler has asked for.
#ifndef THREAD_POOL_H_
#define THREAD_POOL_H_

#include <cstddef>

#include "job.h"

class ThreadPool {
 public:
  // Nothing to do with the size yet: there are no threads.
  explicit ThreadPool(std::size_t /*size*/) {}

  // Runs `job` on one of the pool's threads.
  void execute(Job job);
};

#endif  // THREAD_POOL_H_
