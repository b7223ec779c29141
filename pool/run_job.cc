// See run_job.h.
#include "pool/run_job.h"

#include <cstdio>
#include <exception>

namespace pool {

void RunJob(Job& job) {
  try {
    job();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "pool: a job threw: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "pool: a job threw a non-standard exception\n");
  }
}

}  // namespace pool
