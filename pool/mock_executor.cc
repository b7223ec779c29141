// Out-of-line special members of MockExecutor (see the header).
#include "pool/mock_executor.h"

namespace pool {

MockExecutor::MockExecutor() = default;
MockExecutor::~MockExecutor() = default;

}  // namespace pool
