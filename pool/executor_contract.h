// The promises every Executor makes (see executor.h), as a typed GoogleTest
// suite. To check an implementation, give it a factory and instantiate:
//
//   struct MakeMyPool {
//     static std::unique_ptr<pool::Executor> Make() { ... }
//   };
//   INSTANTIATE_TYPED_TEST_SUITE_P(MyPool, ExecutorContractTest, MakeMyPool);
//
// Make() may return a std::unique_ptr to any type with `bool Submit(job)`, so
// the katas' own pools are checked by the same suite. Destroying the executor
// is taken to be its graceful shutdown.
#ifndef POOL_EXECUTOR_CONTRACT_H_
#define POOL_EXECUTOR_CONTRACT_H_

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pool {

template <typename Factory>
class ExecutorContractTest : public ::testing::Test {
 protected:
  decltype(Factory::Make()) executor_ = Factory::Make();
};

TYPED_TEST_SUITE_P(ExecutorContractTest);

TYPED_TEST_P(ExecutorContractTest, RunsEveryJobExactlyOnce) {
  constexpr int kJobs = 1000;
  std::vector<std::atomic<int>> runs(kJobs);
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(this->executor_->Submit([&runs, i] { ++runs[i]; }));
  }
  this->executor_.reset();
  for (int i = 0; i < kJobs; ++i) EXPECT_EQ(runs[i].load(), 1) << "job " << i;
}

TYPED_TEST_P(ExecutorContractTest, AcceptsJobsFromConcurrentSubmitters) {
  constexpr int kSubmitters = 8;
  constexpr int kJobsEach = 500;
  std::vector<std::atomic<int>> runs(kSubmitters * kJobsEach);
  std::vector<std::thread> submitters;
  for (int s = 0; s < kSubmitters; ++s) {
    submitters.emplace_back([&, s] {
      for (int j = 0; j < kJobsEach; ++j) {
        int id = s * kJobsEach + j;
        EXPECT_TRUE(this->executor_->Submit([&runs, id] { ++runs[id]; }));
      }
    });
  }
  for (std::thread& t : submitters) t.join();
  this->executor_.reset();
  for (std::size_t i = 0; i < runs.size(); ++i) {
    EXPECT_EQ(runs[i].load(), 1) << "job " << i;
  }
}

TYPED_TEST_P(ExecutorContractTest, ShutdownRunsJobsStillQueued) {
  // Slow jobs, so that most are still queued when the executor is destroyed.
  constexpr int kJobs = 200;
  std::atomic<int> finished{0};
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(this->executor_->Submit([&finished] {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      ++finished;
    }));
  }
  this->executor_.reset();
  EXPECT_EQ(finished.load(), kJobs);
}

TYPED_TEST_P(ExecutorContractTest, JobThatThrowsDoesNotStopOthers) {
  constexpr int kJobs = 100;
  std::atomic<int> finished{0};
  for (int i = 0; i < kJobs; ++i) {
    ASSERT_TRUE(
        this->executor_->Submit([] { throw std::runtime_error("boom"); }));
    ASSERT_TRUE(this->executor_->Submit([] { throw 42; }));
    ASSERT_TRUE(this->executor_->Submit([&finished] { ++finished; }));
  }
  this->executor_.reset();
  EXPECT_EQ(finished.load(), kJobs);
}

TYPED_TEST_P(ExecutorContractTest, JobMayOwnMoveOnlyState) {
  std::atomic<int> seen{0};
  auto owned = std::make_unique<int>(7);
  ASSERT_TRUE(this->executor_->Submit(
      [value = std::move(owned), &seen] { seen = *value; }));
  this->executor_.reset();
  EXPECT_EQ(seen.load(), 7);
}

TYPED_TEST_P(ExecutorContractTest, JobMaySubmitAnotherJob) {
  std::atomic<int> inner_runs{0};
  auto* executor = this->executor_.get();
  ASSERT_TRUE(executor->Submit([executor, &inner_runs] {
    EXPECT_TRUE(executor->Submit([&inner_runs] { ++inner_runs; }));
  }));
  // Wait for the inner job before shutting down: a job submitted after
  // shutdown has begun may be refused.
  for (int i = 0; i < 5000 && inner_runs.load() == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  this->executor_.reset();
  EXPECT_EQ(inner_runs.load(), 1);
}

REGISTER_TYPED_TEST_SUITE_P(ExecutorContractTest, RunsEveryJobExactlyOnce,
                            AcceptsJobsFromConcurrentSubmitters,
                            ShutdownRunsJobsStillQueued,
                            JobThatThrowsDoesNotStopOthers,
                            JobMayOwnMoveOnlyState, JobMaySubmitAnotherJob);

}  // namespace pool

#endif  // POOL_EXECUTOR_CONTRACT_H_
