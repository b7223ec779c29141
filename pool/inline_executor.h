// A fake Executor that runs each job at once, on the thread that submits it.
// Deterministic: when Submit returns, the job has run. For tests.
#ifndef POOL_INLINE_EXECUTOR_H_
#define POOL_INLINE_EXECUTOR_H_

#include "pool/executor.h"

namespace pool {

class InlineExecutor final : public Executor {
 public:
  bool Submit(Job job) override;
};

}  // namespace pool

#endif  // POOL_INLINE_EXECUTOR_H_
