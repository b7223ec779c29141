// A job for the pool: something to call once, with no arguments. It may own
// what it works on (a connection), so it is moved, never copied: the C++
// counterpart of the chapter's Box<dyn FnOnce() + Send + 'static>.
#ifndef JOB_H_
#define JOB_H_

#include <concepts>
#include <memory>
#include <utility>

class Job {
 public:
  // Takes any callable but a Job. Not explicit: a lambda given to execute
  // becomes a Job. The constraint keeps the promise honest: without it,
  // anything at all would look convertible to a Job.
  template <typename F>
    requires(std::invocable<F&> && !std::same_as<F, Job>)
  Job(F f) : callable_(std::make_unique<Holder<F>>(std::move(f))) {}

  // Move-only: a Job owns its callable.
  Job(Job&&) noexcept = default;
  Job& operator=(Job&&) noexcept = default;

  // Runs it. Not const: running a job may use up what it owns.
  void operator()() { callable_->Call(); }

 private:
  // All that Job knows of any callable: it can be called.
  struct Callable {
    virtual ~Callable() = default;
    virtual void Call() = 0;
  };

  // One of these for each type of callable: it holds an F and calls it.
  template <typename F>
  struct Holder final : Callable {
    explicit Holder(F fn) : f(std::move(fn)) {}
    void Call() override { f(); }
    F f;
  };

  std::unique_ptr<Callable> callable_;
};

#endif  // JOB_H_
