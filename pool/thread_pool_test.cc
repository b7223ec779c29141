// What ThreadPool promises beyond the Executor contract: a fixed number of
// workers that really run jobs side by side, and a clear refusal of 0.
#include "pool/thread_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <stdexcept>
#include <thread>
#include <vector>

namespace pool {
namespace {

TEST(ThreadPoolTest, RejectsZeroWorkers) {
  EXPECT_THROW(ThreadPool(0), std::invalid_argument);
}

TEST(ThreadPoolTest, StartsTheRequestedNumberOfWorkers) {
  ThreadPool pool(3);
  EXPECT_EQ(pool.size(), 3u);
}

// Every worker blocks until all of them have started a job: this finishes
// only if `kWorkers` jobs run at the same time on distinct threads.
TEST(ThreadPoolTest, RunsAsManyJobsAtOnceAsItHasWorkers) {
  constexpr int kWorkers = 4;
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::set<std::thread::id> threads;
  {
    ThreadPool pool(kWorkers);
    for (int i = 0; i < kWorkers; ++i) {
      ASSERT_TRUE(pool.Submit([&] {
        std::unique_lock<std::mutex> lock(mutex);
        ++started;
        threads.insert(std::this_thread::get_id());
        all_started.notify_all();
        ASSERT_TRUE(all_started.wait_for(lock, std::chrono::seconds(10),
                                         [&] { return started == kWorkers; }));
      }));
    }
  }
  EXPECT_EQ(started, kWorkers);
  EXPECT_EQ(threads.size(), static_cast<std::size_t>(kWorkers));
}

TEST(ThreadPoolTest, NeverRunsMoreJobsAtOnceThanWorkers) {
  constexpr int kWorkers = 2;
  std::atomic<int> running{0};
  std::atomic<int> most_at_once{0};
  {
    ThreadPool pool(kWorkers);
    for (int i = 0; i < 50; ++i) {
      ASSERT_TRUE(pool.Submit([&] {
        int now = ++running;
        int seen = most_at_once.load();
        while (now > seen && !most_at_once.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        --running;
      }));
    }
  }
  EXPECT_LE(most_at_once.load(), kWorkers);
  EXPECT_GE(most_at_once.load(), 1);
}

TEST(ThreadPoolTest, RefusesJobsAfterShutdown) {
  std::atomic<bool> ran{false};
  ThreadPool pool(2);
  pool.Shutdown();
  EXPECT_FALSE(pool.Submit([&ran] { ran = true; }));
  pool.Shutdown();  // A second call is harmless.
  EXPECT_FALSE(ran.load());
}

TEST(ThreadPoolTest, WorkerSurvivesAThrowingJob) {
  std::atomic<int> finished{0};
  {
    ThreadPool pool(1);  // One worker: if it died, nothing after would run.
    ASSERT_TRUE(pool.Submit([] { throw std::runtime_error("boom"); }));
    ASSERT_TRUE(pool.Submit([&finished] { ++finished; }));
  }
  EXPECT_EQ(finished.load(), 1);
}

// Submit racing with shutdown and destruction: each Submit either returns
// true and its job runs exactly once (queued jobs still run in the
// destructor), or returns false and its job never runs. The submitters only
// stop once they have been refused, so the pool is destroyed after that.
TEST(ThreadPoolTest, SubmitRacingWithShutdownRunsEachAcceptedJobOnce) {
  constexpr int kSubmitters = 4;
  constexpr int kMaxJobs = 20'000;  // Per submitter.
  std::vector<std::atomic<int>> runs(kSubmitters * kMaxJobs);
  std::vector<int> accepted(kSubmitters, 0);  // Written by each submitter.
  std::atomic<int> accepted_so_far{0};
  auto pool = std::make_unique<ThreadPool>(2);
  ThreadPool* target = pool.get();
  std::vector<std::thread> submitters;
  for (int s = 0; s < kSubmitters; ++s) {
    submitters.emplace_back([&, s] {
      for (int i = 0; i < kMaxJobs; ++i) {
        std::atomic<int>* slot = &runs[s * kMaxJobs + i];
        if (!target->Submit([slot] { ++*slot; })) break;
        ++accepted[s];
        ++accepted_so_far;
      }
    });
  }
  std::thread destroyer([&] {
    while (accepted_so_far.load() < 1000) std::this_thread::yield();
    target->Shutdown();  // While the submitters are still submitting.
    for (std::thread& submitter : submitters) submitter.join();
    pool.reset();  // Runs what is queued, joins the workers.
  });
  destroyer.join();

  for (int s = 0; s < kSubmitters; ++s) {
    for (int i = 0; i < kMaxJobs; ++i) {
      int expected = i < accepted[s] ? 1 : 0;
      ASSERT_EQ(runs[s * kMaxJobs + i].load(), expected)
          << "submitter " << s << ", job " << i << " of " << accepted[s];
    }
  }
}

}  // namespace
}  // namespace pool
