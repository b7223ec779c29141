// A running total.
#ifndef COUNTER_H_
#define COUNTER_H_

class Counter {
 public:
  void Add(int n);
  int Total() const { return total_; }

 private:
  int total_ = 0;
};

#endif  // COUNTER_H_
