// The interface the server submits work through, written before any pool
// exists: the server and its test need nothing more than this.
#ifndef KATAS_INTERFACE_FIRST_EXECUTOR_H_
#define KATAS_INTERFACE_FIRST_EXECUTOR_H_

#include <functional>

namespace kata {

// A unit of work.
using Job = std::function<void()>;

class Executor {
 public:
  // Runs `job` exactly once, on some thread, at some later time; safe to call
  // from any thread. Returns false, and destroys `job` unrun, if refused.
  virtual bool Submit(Job job) = 0;
};

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_EXECUTOR_H_
