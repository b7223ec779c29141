// Prints how many arguments the program was given.
#include <cstdio>

int main(int argc, char** /*argv*/) {
  std::printf("%d\n", argc - 1);
  return 0;
}
