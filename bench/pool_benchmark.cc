// Microbenchmarks for //pool: how fast empty jobs go through an Executor, and
// how long a job waits between Submit and its first instruction.
//
// pool::ThreadPool is the chapter's design (one mutex-guarded queue, workers
// block on a condition variable). It is measured against what it replaces, a
// thread per job, and against pool::InlineExecutor, which runs the job inside
// Submit: the floor, the cost of wrapping and submitting a job at all.
//
//   bazel run -c opt //bench:pool_benchmark
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <latch>
#include <thread>
#include <utility>
#include <vector>

#include "pool/executor.h"
#include "pool/inline_executor.h"
#include "pool/thread_pool.h"

namespace {

using Clock = std::chrono::steady_clock;

// Starts one thread per job; JoinAll reaps them, which is part of the cost.
class ThreadPerJob final : public pool::Executor {
 public:
  bool Submit(pool::Job job) override {
    threads_.emplace_back([job = std::move(job)]() mutable { job(); });
    return true;
  }
  void JoinAll() { threads_.clear(); }  // std::jthread joins when destroyed.

 private:
  std::vector<std::jthread> threads_;
};

// Submits `jobs` empty jobs and returns once every one has run.
void RunBatch(pool::Executor& executor, std::int64_t jobs) {
  std::latch done(jobs);
  for (std::int64_t i = 0; i < jobs; ++i) {
    executor.Submit([&done] { done.count_down(); });
  }
  done.wait();
}

void BM_InlineSubmitAndRun(benchmark::State& state) {
  pool::InlineExecutor executor;
  for (auto _ : state) RunBatch(executor, state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InlineSubmitAndRun)->ArgName("jobs")->Arg(1000);

void BM_ThreadPoolSubmitAndRun(benchmark::State& state) {
  pool::ThreadPool executor(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) RunBatch(executor, state.range(1));
  state.SetItemsProcessed(state.iterations() * state.range(1));
}
BENCHMARK(BM_ThreadPoolSubmitAndRun)
    ->ArgNames({"workers", "jobs"})
    ->Args({1, 1000})
    ->Args({4, 1000})
    ->UseRealTime();

void BM_ThreadPerJobSubmitAndRun(benchmark::State& state) {
  ThreadPerJob executor;
  for (auto _ : state) {
    RunBatch(executor, state.range(0));
    executor.JoinAll();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_ThreadPerJobSubmitAndRun)
    ->ArgName("jobs")
    ->Arg(1000)
    ->UseRealTime();

// Submits one job at a time to an idle executor and waits for it to start;
// the job notes how long after Submit was called it began. Reported as
// counters (nanoseconds): mean, p50 and p99 of that delay. `after_each` runs
// between jobs, outside the measured delay.
template <typename AfterEach>
void MeasureStartLatency(benchmark::State& state, pool::Executor& executor,
                         AfterEach after_each) {
  std::vector<double> delays;
  std::atomic<bool> started{false};
  Clock::time_point start_time;
  for (auto _ : state) {
    const Clock::time_point submit_time = Clock::now();
    executor.Submit([&started, &start_time] {
      start_time = Clock::now();
      started.store(true, std::memory_order_release);
      started.notify_one();
    });
    started.wait(false, std::memory_order_acquire);
    started.store(false, std::memory_order_relaxed);
    delays.push_back(
        std::chrono::duration<double, std::nano>(start_time - submit_time)
            .count());
    after_each();
  }
  if (delays.empty()) return;
  std::sort(delays.begin(), delays.end());
  double sum = 0;
  for (double delay : delays) sum += delay;
  const auto at = [&delays](double fraction) {
    return delays[static_cast<std::size_t>(fraction * (delays.size() - 1))];
  };
  state.counters["mean_ns"] = sum / static_cast<double>(delays.size());
  state.counters["p50_ns"] = at(0.50);
  state.counters["p99_ns"] = at(0.99);
}

void BM_InlineStartLatency(benchmark::State& state) {
  pool::InlineExecutor executor;
  MeasureStartLatency(state, executor, [] {});
}
BENCHMARK(BM_InlineStartLatency);

void BM_ThreadPoolStartLatency(benchmark::State& state) {
  pool::ThreadPool executor(static_cast<std::size_t>(state.range(0)));
  MeasureStartLatency(state, executor, [] {});
}
BENCHMARK(BM_ThreadPoolStartLatency)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(4)
    ->UseRealTime();

void BM_ThreadPerJobStartLatency(benchmark::State& state) {
  ThreadPerJob executor;
  MeasureStartLatency(state, executor, [&executor] { executor.JoinAll(); });
}
BENCHMARK(BM_ThreadPerJobStartLatency)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
