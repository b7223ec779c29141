// Connection handling, written against the Executor interface only: the
// server never learns whether a pool, a mock or anything else runs its jobs.
#ifndef KATAS_INTERFACE_FIRST_SERVER_H_
#define KATAS_INTERFACE_FIRST_SERVER_H_

#include <string>
#include <string_view>

#include "connection.h"
#include "executor.h"

namespace kata {

// The response to one raw request: the chapter's page for "GET /", else 404.
std::string Respond(std::string_view request);

class Server {
 public:
  // `executor` must outlive the server.
  explicit Server(Executor& executor) : executor_(executor) {}

  // Hands `connection` to the executor, which answers it later. Returns false
  // if the executor refused; the connection is then closed unanswered.
  bool HandleConnection(Connection connection);

 private:
  Executor& executor_;
};

}  // namespace kata

#endif  // KATAS_INTERFACE_FIRST_SERVER_H_
