// The pool's threads. Jobs are not queued yet: execute drops them.
#include "thread_pool.h"

ThreadPool::Worker::Worker() : thread([] {}) {}

ThreadPool::ThreadPool(std::size_t size) {
  workers_.reserve(size);
  for (std::size_t i = 0; i < size; ++i) {
    Worker worker;
    workers_.push_back(worker);
  }
}

void ThreadPool::execute(Job /*job*/) {}
