// The cpp-httplib peer for bench/http: serves <root>/hello.html on GET /.
// A yardstick, not part of the product. By default it keeps the library's
// defaults: a thread pool of CPPHTTPLIB_THREAD_POOL_COUNT workers (max(8,
// cores - 1)), and Nagle's algorithm on (CPPHTTPLIB_TCP_NODELAY), which
// costs each kept-alive answer a delayed ACK (about 40 ms). --tcp-nodelay
// calls set_tcp_nodelay(true), as its users do to avoid that; bench/http
// measures both.
//
//   httplib_server --port N --root DIR [--tcp-nodelay]   (port 0: any free)
#include <httplib.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

namespace {

constexpr char kHost[] = "127.0.0.1";

struct Options {
  int port = -1;
  std::string root;
  bool tcp_nodelay = false;
};

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

bool ParseOptions(int argc, char** argv, Options* options) {
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    const bool has_value = i + 1 < argc;
    if (flag == "--tcp-nodelay") {
      options->tcp_nodelay = true;
    } else if (flag == "--port" && has_value) {
      options->port = std::atoi(argv[++i]);
    } else if (flag == "--root" && has_value) {
      options->root = argv[++i];
    } else {
      return false;
    }
  }
  return options->port >= 0 && !options->root.empty();
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  if (!ParseOptions(argc, argv, &options)) {
    std::fprintf(stderr, "usage: %s --port N --root DIR [--tcp-nodelay]\n",
                 argv[0]);
    return 2;
  }
  std::string hello;
  if (!ReadFile(options.root + "/hello.html", &hello)) {
    std::fprintf(stderr, "httplib_server: cannot read %s/hello.html\n",
                 options.root.c_str());
    return 1;
  }

  httplib::Server server;
  server.set_tcp_nodelay(options.tcp_nodelay);
  server.Get("/", [&hello](const httplib::Request&, httplib::Response& res) {
    res.set_content(hello, "text/html; charset=utf-8");
  });
  const int bound =
      options.port == 0
          ? server.bind_to_any_port(kHost)
          : (server.bind_to_port(kHost, options.port) ? options.port : -1);
  if (bound < 0) {
    std::fprintf(stderr, "httplib_server: cannot listen on %s:%d\n", kHost,
                 options.port);
    return 1;
  }
  std::fprintf(stderr,
               "httplib_server: listening on http://%s:%d/ with %u threads%s\n",
               kHost, bound, unsigned{CPPHTTPLIB_THREAD_POOL_COUNT},
               options.tcp_nodelay ? ", TCP_NODELAY" : "");
  return server.listen_after_bind() ? 0 : 1;
}
