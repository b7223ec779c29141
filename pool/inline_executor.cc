// Runs the job where it is submitted, containing its exceptions as a pool
// worker would.
#include "pool/inline_executor.h"

#include "pool/run_job.h"

namespace pool {

bool InlineExecutor::Submit(Job job) {
  RunJob(job);
  return true;
}

}  // namespace pool
