// A main() for a libFuzzer target in the normal test suite, any compiler:
// runs LLVMFuzzerTestOneInput once on every file in the folders named on the
// command line (a checked-in corpus). The target aborts on a broken
// invariant; this fails if a folder can't be read or holds no file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size);

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR...\n", argv[0]);
    return 2;
  }
  for (int i = 1; i < argc; ++i) {
    std::size_t replayed = 0;
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(argv[i], error)) {
      if (!entry.is_regular_file()) continue;
      std::ifstream file(entry.path(), std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(file)),
                        std::istreambuf_iterator<char>());
      LLVMFuzzerTestOneInput(
          reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      ++replayed;
    }
    if (error || replayed == 0) {
      std::fprintf(stderr, "%s: no corpus files (%s)\n", argv[i],
                   error.message().c_str());
      return 1;
    }
    std::printf("%s: %zu inputs replayed, every invariant held\n", argv[i],
                replayed);
  }
  return 0;
}
