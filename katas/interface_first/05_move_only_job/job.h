// A unit of work the server hands to an Executor: something to call once,
// with no arguments. It may own what it works on (a Connection), so it is
// moved, never copied. The thread_pool kata derives this class one compile
// error at a time; //pool's Job has the same shape. It is the C++
// counterpart of the chapter's Box<dyn FnOnce() + Send + 'static>.
#ifndef KATAS_INTERFACE_FIRST_JOB_H_
#define KATAS_INTERFACE_FIRST_JOB_H_

#include <concepts>
#include <memory>
#include <utility>

namespace kata {

class Job {
 public:
  // An empty job, to be given a callable later (by moving a Job into it).
  Job() = default;

  // Takes any callable but a Job. Not explicit: a lambda given to Submit
  // becomes a Job. The constraint keeps the promise honest: without it,
  // anything at all would look convertible to a Job (GoogleMock asks).
  template <typename F>
    requires(std::invocable<F&> && !std::same_as<F, Job>)
  Job(F f) : callable_(std::make_unique<Holder<F>>(std::move(f))) {}

  // Move-only: a Job owns its callable.
  Job(Job&&) noexcept = default;
  Job& operator=(Job&&) noexcept = default;

  // Whether there is a callable to run: an empty Job has none.
  explicit operator bool() const { return callable_ != nullptr; }

  // Runs it; the Job must not be empty. Not const: running a job may use up
  // what it owns.
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

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_JOB_H_
