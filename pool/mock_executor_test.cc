// MockExecutor compiles against the interface and lets a test take the job.
#include "pool/mock_executor.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <utility>

namespace pool {
namespace {

using ::testing::_;
using ::testing::ByMove;
using ::testing::NiceMock;
using ::testing::Return;

TEST(MockExecutorTest, LetsTheTestKeepAndRunTheJob) {
  NiceMock<MockExecutor> executor;
  Job kept;
  EXPECT_CALL(executor, Submit(_)).WillOnce([&kept](Job job) {
    kept = std::move(job);
    return true;
  });

  int runs = 0;
  auto owned = std::make_unique<int>(1);
  Executor& as_interface = executor;
  EXPECT_TRUE(
      as_interface.Submit([&runs, p = std::move(owned)] { runs += *p; }));
  EXPECT_EQ(runs, 0);
  kept();
  EXPECT_EQ(runs, 1);
}

TEST(MockExecutorTest, CanRefuseJobs) {
  NiceMock<MockExecutor> executor;
  ON_CALL(executor, Submit(_)).WillByDefault(Return(false));
  EXPECT_FALSE(executor.Submit([] {}));
}

}  // namespace
}  // namespace pool
