// A unit of work for an Executor: any callable taking no arguments, held on
// the heap behind one pointer, and move-only, so a job may own what it works
// on (a socket, a buffer). It is the C++ counterpart of the chapter's
// `Box<dyn FnOnce() + Send + 'static>`. std::function can't be used: it
// copies its callable, so it refuses a lambda that owns a unique_ptr; and
// std::move_only_function is C++23, missing from libstdc++ 11 and libc++.
#ifndef POOL_JOB_H_
#define POOL_JOB_H_

#include <concepts>
#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace pool {

class Job;

// What a Job can hold: anything callable with no arguments, except a Job
// (which is moved, not wrapped).
template <typename F>
concept JobCallable = !std::same_as<std::remove_cvref_t<F>, Job> &&
                      std::invocable<std::decay_t<F>&>;

class Job {
 public:
  // An empty job: false in a condition; calling it throws.
  Job() = default;

  // Takes `callable` (moved or copied in). Implicit, so `Submit([] {...})`
  // reads like the chapter's `pool.execute(|| {...})`.
  template <JobCallable F>
  Job(F&& callable)  // NOLINT(google-explicit-constructor)
      : callable_(std::make_unique<Holder<std::decay_t<F>>>(
            std::forward<F>(callable))) {}

  // Moving hands the callable over; the moved-from job is empty.
  Job(Job&&) noexcept = default;
  Job& operator=(Job&&) noexcept = default;

  explicit operator bool() const { return callable_ != nullptr; }

  // Runs the callable (its result, if any, is dropped). Throws
  // std::bad_function_call if the job is empty, as std::function does.
  void operator()() {
    if (!callable_) throw std::bad_function_call();
    callable_->Call();
  }

 private:
  // The type-erased interface: what every held callable can do.
  struct Callable {
    virtual ~Callable() = default;
    virtual void Call() = 0;
  };

  template <typename F>
  struct Holder final : Callable {
    template <typename Arg>
    explicit Holder(Arg&& arg) : f(std::forward<Arg>(arg)) {}
    void Call() override { std::invoke(f); }
    F f;
  };

  std::unique_ptr<Callable> callable_;
};

}  // namespace pool

#endif  // POOL_JOB_H_
