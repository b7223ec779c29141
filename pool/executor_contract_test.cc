// Runs the Executor contract against every Executor in this package.
#include "pool/executor_contract.h"

#include <memory>

#include "pool/inline_executor.h"
#include "pool/thread_pool.h"

namespace pool {
namespace {

struct MakeThreadPool {
  static std::unique_ptr<Executor> Make() {
    return std::make_unique<ThreadPool>(4);
  }
};

struct MakeSingleWorkerThreadPool {
  static std::unique_ptr<Executor> Make() {
    return std::make_unique<ThreadPool>(1);
  }
};

struct MakeInlineExecutor {
  static std::unique_ptr<Executor> Make() {
    return std::make_unique<InlineExecutor>();
  }
};

using Implementations =
    ::testing::Types<MakeThreadPool, MakeSingleWorkerThreadPool,
                     MakeInlineExecutor>;
INSTANTIATE_TYPED_TEST_SUITE_P(AllExecutors, ExecutorContractTest,
                               Implementations);

}  // namespace
}  // namespace pool
