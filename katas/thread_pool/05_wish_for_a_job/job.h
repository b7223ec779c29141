// A job for the pool: something to call once, with no arguments. It may own
// what it works on (a connection), so it is moved, never copied. This is the
// Job we wish we could write.
#ifndef JOB_H_
#define JOB_H_

#include <utility>

class Job {
 public:
  // Takes any callable. Not explicit: a lambda given to execute becomes a
  // Job.
  template <typename F>
  Job(F f) : f_(std::move(f)) {}

  // Runs it. Const, like std::function's call operator.
  void operator()() const { f_(); }

 private:
  F f_;  // The callable, whatever its type.
};

#endif  // JOB_H_
