// The kata's pool against the same Executor contract as //pool's ThreadPool
// (through a small adapter: the contract calls Submit, the kata calls it
// execute), plus what the server needs from it: jobs run side by side.
#include "thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>
#include <utility>

#include "pool/executor_contract.h"

namespace {

// Exposes the kata's `execute` as the contract's `bool Submit(job)`. The
// kata's pool never refuses a job, so Submit always answers true.
class KataPoolExecutor {
 public:
  explicit KataPoolExecutor(std::size_t workers) : pool_(workers) {}
  bool Submit(ThreadPool::Job job) {
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

TEST(ThreadPoolKataTest, JobMayOwnAMoveOnlyConnection) {
  std::atomic<int> seen{0};
  {
    ThreadPool pool(2);
    auto connection = std::make_unique<int>(7878);
    pool.execute([connection = std::move(connection), &seen] {
      seen = *connection;
    });
  }
  EXPECT_EQ(seen.load(), 7878);
}

}  // namespace
