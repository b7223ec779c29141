// The cpp-httplib peer for bench/http: serves <root>/hello.html on GET / with
// the library's defaults (its thread pool has CPPHTTPLIB_THREAD_POOL_COUNT
// workers: max(8, cores - 1)). A yardstick, not part of the product. The
// defaults also leave Nagle's algorithm on (CPPHTTPLIB_TCP_NODELAY), which
// costs each kept-alive answer a delayed ACK (about 40 ms); we keep them, as
// the figures for cpp-httplib did.
//
//   httplib_server --port N --root DIR     (port 0 picks a free one)
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

constexpr char kHost[] = "127.0.0.1";

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  int port = -1;
  std::string root;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--port") {
      port = std::atoi(argv[i + 1]);
    } else if (flag == "--root") {
      root = argv[i + 1];
    }
  }
  if (port < 0 || root.empty()) {
    std::fprintf(stderr, "usage: %s --port N --root DIR\n", argv[0]);
    return 2;
  }
  std::string hello;
  if (!ReadFile(root + "/hello.html", &hello)) {
    std::fprintf(stderr, "httplib_server: cannot read %s/hello.html\n",
                 root.c_str());
    return 1;
  }

  httplib::Server server;
  server.Get("/", [&hello](const httplib::Request&, httplib::Response& res) {
    res.set_content(hello, "text/html; charset=utf-8");
  });
  const int bound = port == 0 ? server.bind_to_any_port(kHost)
                              : (server.bind_to_port(kHost, port) ? port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "httplib_server: cannot listen on %s:%d\n", kHost,
                 port);
    return 1;
  }
  std::fprintf(stderr,
               "httplib_server: listening on http://%s:%d/ with %u threads\n",
               kHost, bound, unsigned{CPPHTTPLIB_THREAD_POOL_COUNT});
  return server.listen_after_bind() ? 0 : 1;
}
