// The server's one job: answer each connection on the executor.
#include "server.h"

#include <utility>

namespace kata {

std::string Respond(std::string_view request) {
  if (request.starts_with("GET / HTTP/1.1\r\n")) {
    return "HTTP/1.1 200 OK\r\n\r\nhello";
  }
  return "HTTP/1.1 404 NOT FOUND\r\n\r\n";
}

bool Server::HandleConnection(Connection connection) {
  return executor_.Submit([connection = std::move(connection)]() mutable {
    connection.Write(Respond(connection.request()));
  });
}

}  // namespace kata
