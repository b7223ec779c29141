// The interface the server submits work through. The server is written and
// tested against this, so a ThreadPool, a mock or an inline fake can stand
// behind it (the chapter's "write the API you wish you had" first).
#ifndef POOL_EXECUTOR_H_
#define POOL_EXECUTOR_H_

#include "pool/job.h"

namespace pool {

class Executor {
 public:
  virtual ~Executor() = default;

  // Runs `job` exactly once, on some thread, at some later time; safe to call
  // from any number of threads at once, including from inside a job.
  // Returns false, and destroys `job` without running it, once the executor
  // has begun shutting down. A job that throws is reported and does not stop
  // the executor from running the others.
  virtual bool Submit(Job job) = 0;
};

}  // namespace pool

#endif  // POOL_EXECUTOR_H_
