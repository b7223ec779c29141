// A tiny blocking HTTP client for tests, of the event loop (//server) and of
// the server binary (//tests): connect to a loopback port, send bytes, read
// until the server closes. Failures are reported as values so a test can
// assert on them.
#ifndef SERVER_TEST_CLIENT_H_
#define SERVER_TEST_CLIENT_H_

#include <chrono>
#include <string>

#include "server/unique_fd.h"

namespace tests {

using server::UniqueFd;

// A connected socket, or an invalid one (errno says why).
UniqueFd ConnectToLoopback(int port);

// Closes `socket` with SO_LINGER 0: the server sees a reset, not an orderly
// end.
void ResetConnection(UniqueFd& socket);

// Sends all of `bytes`; false if the connection failed.
bool SendAll(int fd, const std::string& bytes);

// Reads until end of stream or `timeout`; "<timeout>" replaces the result if
// the stream did not end in time.
std::string ReadUntilClosed(int fd, std::chrono::milliseconds timeout);

// Reads one response (head, then a body of its Content-Length) from a
// connection that stays open; "" if it closes first or `timeout` passes.
std::string ReadOneResponse(int fd, std::chrono::milliseconds timeout);

// Connect, send `request`, read the whole answer, close.
std::string Fetch(int port, const std::string& request,
                  std::chrono::milliseconds timeout = std::chrono::seconds(10));

// "GET <target> HTTP/1.1" with a Host header and "Connection: close", so
// that the server closes the connection after answering (see Fetch).
std::string Get(const std::string& target);

// The status code of a response ("HTTP/1.1 404 ..." gives 404), or -1.
int StatusOf(const std::string& response);

// The body (after the blank line) of a response.
std::string BodyOf(const std::string& response);

}  // namespace tests

#endif  // SERVER_TEST_CLIENT_H_
