// The pool's threads. Jobs are not queued yet: execute drops them.
#include "thread_pool.h"

ThreadPool::Worker::Worker(std::size_t id) : id(id), thread([] {}) {}

ThreadPool::ThreadPool(std::size_t size) {
  workers_.reserve(size);
  for (std::size_t id = 0; id < size; ++id) {
    Worker worker(id);
    workers_.push_back(worker);
  }
}

void ThreadPool::execute(Job /*job*/) {}
