// Runs one job so that an exception it throws is reported on stderr instead
// of escaping: an exception leaving a thread's function ends the process.
// Shared by every Executor in this package.
#ifndef POOL_RUN_JOB_H_
#define POOL_RUN_JOB_H_

#include "pool/executor.h"

namespace pool {

void RunJob(Job& job);

}  // namespace pool

#endif  // POOL_RUN_JOB_H_
