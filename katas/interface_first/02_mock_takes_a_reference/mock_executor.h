// A GoogleMock Executor: the server's test decides what Submit does (run the
// job, keep it for later, or refuse it), with no threads involved.
#ifndef KATAS_INTERFACE_FIRST_MOCK_EXECUTOR_H_
#define KATAS_INTERFACE_FIRST_MOCK_EXECUTOR_H_

#include <gmock/gmock.h>

#include "executor.h"

namespace kata {

class MockExecutor : public Executor {
 public:
  MOCK_METHOD(bool, Submit, (const Job& job), (override));
};

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_MOCK_EXECUTOR_H_
