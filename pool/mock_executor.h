// A GoogleMock Executor for tests of code that submits work: no threads, and
// the test decides what Submit does (run the job, keep it, or refuse it).
#ifndef POOL_MOCK_EXECUTOR_H_
#define POOL_MOCK_EXECUTOR_H_

#include <gmock/gmock.h>

#include "pool/executor.h"

namespace pool {

class MockExecutor : public Executor {
 public:
  // Defined in mock_executor.cc: most of a mock's compile time is spent in
  // its constructor and destructor, so they are compiled once.
  MockExecutor();
  ~MockExecutor() override;

  MOCK_METHOD(bool, Submit, (Job job), (override));
};

}  // namespace pool

#endif  // POOL_MOCK_EXECUTOR_H_
