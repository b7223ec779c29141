// What Job promises: it runs what it holds, holds move-only callables, hands
// them over on a move, and destroys them exactly once.
#include "pool/job.h"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace pool {
namespace {

static_assert(!std::is_copy_constructible_v<Job>);
static_assert(!std::is_copy_assignable_v<Job>);
static_assert(std::is_nothrow_move_constructible_v<Job>);
static_assert(std::is_nothrow_move_assignable_v<Job>);
// A job is one pointer, like the chapter's Box.
static_assert(sizeof(Job) == sizeof(void*));
// Only callables that take no arguments are jobs.
static_assert(!std::is_constructible_v<Job, int>);
static_assert(!std::is_constructible_v<Job, void (*)(int)>);

// Counts how many of its instances are alive, to see a callable destroyed.
struct Tracked {
  explicit Tracked(int* alive) : alive(alive) { ++*alive; }
  Tracked(Tracked&& other) noexcept : alive(other.alive) { ++*alive; }
  Tracked(const Tracked&) = delete;
  ~Tracked() { --*alive; }
  void operator()() {}
  int* alive;
};

TEST(JobTest, RunsTheCallable) {
  int runs = 0;
  Job job([&runs] { ++runs; });
  job();
  EXPECT_EQ(runs, 1);
}

TEST(JobTest, HoldsACallableThatOwnsAMoveOnlyValue) {
  auto owned = std::make_unique<std::string>("socket");
  std::string seen;
  Job job([owned = std::move(owned), &seen] { seen = *owned; });
  job();
  EXPECT_EQ(seen, "socket");
}

TEST(JobTest, KeepsAMutableCallablesStateBetweenCalls) {
  int last = 0;
  Job job([count = 0, &last]() mutable { last = ++count; });
  job();
  job();
  EXPECT_EQ(last, 2);
}

TEST(JobTest, DropsWhatTheCallableReturns) {
  bool ran = false;
  Job job([&ran] {
    ran = true;
    return 42;
  });
  job();
  EXPECT_TRUE(ran);
}

TEST(JobTest, AcceptsAFunctionPointer) {
  static int runs = 0;
  Job job(+[] { ++runs; });
  job();
  EXPECT_EQ(runs, 1);
}

TEST(JobTest, DefaultIsEmptyAndThrowsWhenCalled) {
  Job job;
  EXPECT_FALSE(job);
  EXPECT_THROW(job(), std::bad_function_call);
}

TEST(JobTest, MoveHandsTheCallableOverAndLeavesTheSourceEmpty) {
  int runs = 0;
  Job from([&runs] { ++runs; });
  Job to(std::move(from));
  EXPECT_FALSE(from);  // NOLINT(bugprone-use-after-move): what is tested.
  ASSERT_TRUE(to);
  to();
  EXPECT_EQ(runs, 1);

  Job assigned;
  assigned = std::move(to);
  EXPECT_FALSE(to);  // NOLINT(bugprone-use-after-move)
  assigned();
  EXPECT_EQ(runs, 2);
}

TEST(JobTest, DestroysTheCallableExactlyOnce) {
  int alive = 0;
  {
    Job job{Tracked(&alive)};
    EXPECT_EQ(alive, 1);  // The temporary is gone; the held copy lives.
    Job moved(std::move(job));
    EXPECT_EQ(alive, 1);  // A move hands over the pointer, no new copy.
  }
  EXPECT_EQ(alive, 0);
}

TEST(JobTest, AssigningOverAJobDestroysItsOldCallable) {
  int alive = 0;
  Job job{Tracked(&alive)};
  ASSERT_EQ(alive, 1);
  job = Job([] {});
  EXPECT_EQ(alive, 0);
}

TEST(JobTest, StdFunctionCanBeAJob) {
  int runs = 0;
  std::function<void()> function = [&runs] { ++runs; };
  Job job(function);  // Copied in: the std::function stays usable.
  job();
  function();
  EXPECT_EQ(runs, 2);
}

}  // namespace
}  // namespace pool
