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

// What the jobs signal through. Each benchmark declares it before its
// executor, so it outlives the executor's threads: a job may still be inside
// notify_one() when the thread it woke has already moved on.
struct Signals {
  std::atomic<std::int64_t> remaining{0};  // Jobs of the batch yet to run.
  std::atomic<bool> started{false};        // The latency job has begun...
  Clock::time_point start_time;            // ...at this time.
};

// Submits `jobs` empty jobs and returns once every one has run.
void RunBatch(pool::Executor& executor, Signals& signals, std::int64_t jobs) {
  signals.remaining.store(jobs, std::memory_order_relaxed);
  for (std::int64_t i = 0; i < jobs; ++i) {
    executor.Submit([&signals] {
      if (signals.remaining.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        signals.remaining.notify_one();
      }
    });
  }
  for (std::int64_t left = signals.remaining.load(std::memory_order_acquire);
       left != 0; left = signals.remaining.load(std::memory_order_acquire)) {
    signals.remaining.wait(left, std::memory_order_acquire);
  }
}

void BM_InlineSubmitAndRun(benchmark::State& state) {
  Signals signals;
  pool::InlineExecutor executor;
  for (auto _ : state) RunBatch(executor, signals, state.range(0));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_InlineSubmitAndRun)->ArgName("jobs")->Arg(1000);

void BM_ThreadPoolSubmitAndRun(benchmark::State& state) {
  Signals signals;
  pool::ThreadPool executor(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) RunBatch(executor, signals, state.range(1));
  state.SetItemsProcessed(state.iterations() * state.range(1));
}
BENCHMARK(BM_ThreadPoolSubmitAndRun)
    ->ArgNames({"workers", "jobs"})
    ->Args({1, 1000})
    ->Args({4, 1000})
    ->UseRealTime();

void BM_ThreadPerJobSubmitAndRun(benchmark::State& state) {
  Signals signals;
  ThreadPerJob executor;
  for (auto _ : state) {
    RunBatch(executor, signals, state.range(0));
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
                         Signals& signals, AfterEach after_each) {
  std::vector<double> delays;
  for (auto _ : state) {
    const Clock::time_point submit_time = Clock::now();
    executor.Submit([&signals] {
      signals.start_time = Clock::now();
      signals.started.store(true, std::memory_order_release);
      signals.started.notify_one();
    });
    signals.started.wait(false, std::memory_order_acquire);
    signals.started.store(false, std::memory_order_relaxed);
    delays.push_back(std::chrono::duration<double, std::nano>(
                         signals.start_time - submit_time)
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
  Signals signals;
  pool::InlineExecutor executor;
  MeasureStartLatency(state, executor, signals, [] {});
}
BENCHMARK(BM_InlineStartLatency);

void BM_ThreadPoolStartLatency(benchmark::State& state) {
  Signals signals;
  pool::ThreadPool executor(static_cast<std::size_t>(state.range(0)));
  MeasureStartLatency(state, executor, signals, [] {});
}
BENCHMARK(BM_ThreadPoolStartLatency)
    ->ArgName("workers")
    ->Arg(1)
    ->Arg(4)
    ->UseRealTime();

void BM_ThreadPerJobStartLatency(benchmark::State& state) {
  Signals signals;
  ThreadPerJob executor;
  MeasureStartLatency(state, executor, signals,
                      [&executor] { executor.JoinAll(); });
}
BENCHMARK(BM_ThreadPerJobStartLatency)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
