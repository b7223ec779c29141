// Counts the arguments with a Counter we wish we had.
#include <cstdio>

#include "counter.h"

int main(int argc, char** /*argv*/) {
  Counter counter;
  for (int i = 1; i < argc; ++i) counter.Add(1);
  std::printf("%d\n", counter.Total());
  return 0;
}
