// The counter's one function that is not inline.
#include "counter.h"

void Counter::Add(int n) { total_ += n; }
