// The kata's ThreadPool against the same contract as //pool's executors,
// owned through the Executor interface as the server would own it.
#include "pool/executor_contract.h"

#include <gtest/gtest.h>

#include <memory>

#include "executor.h"
#include "thread_pool.h"

namespace kata {
namespace {

struct MakeThreadPool {
  static std::unique_ptr<Executor> Make() {
    return std::make_unique<ThreadPool>(4);
  }
};

}  // namespace
}  // namespace kata

// The suite's macros need its unqualified name, so instantiate it in its own
// namespace.
namespace pool {
INSTANTIATE_TYPED_TEST_SUITE_P(InterfaceFirst, ExecutorContractTest,
                               kata::MakeThreadPool);
}  // namespace pool
