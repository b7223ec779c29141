// The kata's pool against the same Executor contract as //pool's ThreadPool
// (through a small adapter: the contract calls Submit, the kata calls it
// execute), plus what the server needs from it: jobs run side by side, and a
// pool always has workers to run them.
#include "thread_pool.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <utility>

#include "job.h"
#include "pool/executor_contract.h"

namespace {

// Exposes the kata's `execute` as the contract's `bool Submit(job)`. The
// kata's pool never refuses a job, so Submit always answers true.
class KataPoolExecutor {
 public:
  explicit KataPoolExecutor(std::size_t workers) : pool_(workers) {}
  bool Submit(Job job) {
    pool_.execute(std::move(job));
    return true;
  }

 private:
  ThreadPool pool_;
};

struct MakeKataPool {
  static std::unique_ptr<KataPoolExecutor> Make() {
    return std::make_unique<KataPoolExecutor>(4);
  }
};

struct MakeOneWorkerKataPool {
  static std::unique_ptr<KataPoolExecutor> Make() {
    return std::make_unique<KataPoolExecutor>(1);
  }
};

}  // namespace

namespace pool {
namespace {

using KataPools = ::testing::Types<MakeKataPool, MakeOneWorkerKataPool>;
INSTANTIATE_TYPED_TEST_SUITE_P(ThreadPoolKata, ExecutorContractTest, KataPools);

}  // namespace
}  // namespace pool

namespace {

// Each job waits until all have started: this finishes only if the pool
// runs `kWorkers` jobs at once, on distinct threads (the /sleep problem).
TEST(ThreadPoolKataTest, RunsAsManyJobsAtOnceAsItHasWorkers) {
  constexpr int kWorkers = 4;
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::set<std::thread::id> threads;
  {
    ThreadPool pool(kWorkers);
    for (int i = 0; i < kWorkers; ++i) {
      pool.execute([&] {
        std::unique_lock<std::mutex> lock(mutex);
        ++started;
        threads.insert(std::this_thread::get_id());
        all_started.notify_all();
        all_started.wait_for(lock, std::chrono::seconds(10),
                             [&] { return started == kWorkers; });
      });
    }
  }
  EXPECT_EQ(started, kWorkers);
  EXPECT_EQ(threads.size(), static_cast<std::size_t>(kWorkers));
  EXPECT_FALSE(threads.contains(std::this_thread::get_id()));
}

TEST(ThreadPoolKataTest, StartsTheWorkersItIsAskedFor) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3u);
}

// The chapter's ThreadPool::new panics on zero: a pool that can never run a
// job is a mistake in the caller, and jobs given to it would vanish.
TEST(ThreadPoolKataTest, RefusesToStartWithoutWorkers) {
  EXPECT_THROW(ThreadPool pool(0), std::invalid_argument);
}

TEST(JobTest, IsEmptyUntilItHoldsACallable) {
  Job job;
  EXPECT_FALSE(job);
  int runs = 0;
  job = Job([&runs] { ++runs; });
  ASSERT_TRUE(job);
  job();
  EXPECT_EQ(runs, 1);
}

}  // namespace
