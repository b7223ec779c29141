// libFuzzer target for the field values a static file server reads (Range,
// HTTP-dates, entity-tag lists): see CheckFieldInvariants. Built with
// --config=fuzz (tools/fuzz.sh); fields_fuzz_regression_test replays the
// corpus through this same function in the normal suite.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/fuzz_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  std::string broken = http::CheckFieldInvariants(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!broken.empty()) {
    std::fprintf(stderr, "field invariant broken: %s\n", broken.c_str());
    std::abort();
  }
  return 0;
}
