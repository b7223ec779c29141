// ServeConnection over a socketpair: the test is the client, no threads.
#include "server/connection.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

namespace server {
namespace {

// Sends `request` from the client end, then serves the server end, and
// returns everything the client received.
std::string Exchange(const std::string& request, bool close_after_send = true) {
  int ends[2];
  EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
  UniqueFd client(ends[0]);
  UniqueFd server_end(ends[1]);
  EXPECT_EQ(::send(client.get(), request.data(), request.size(), 0),
            static_cast<ssize_t>(request.size()));
  if (close_after_send) ::shutdown(client.get(), SHUT_WR);
  ServeConnection(
      std::move(server_end),
      Site{"hello", "not found", std::chrono::milliseconds(0), "", {}});
  std::string received;
  char chunk[4096];
  ssize_t got;
  while ((got = ::recv(client.get(), chunk, sizeof chunk, 0)) > 0) {
    received.append(chunk, static_cast<std::size_t>(got));
  }
  return received;
}

// The Date header's value changes every second; tests compare the rest.
std::string WithoutDate(std::string response) {
  std::size_t date = response.find("Date: ");
  if (date == std::string::npos) return response;
  return response.erase(date, response.find("\r\n", date) + 2 - date);
}

TEST(ServeConnectionTest, AnswersAGoodRequestAndCloses) {
  std::string response = Exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(WithoutDate(response),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "Connection: close\r\n"
            "Server: threadpool-server\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "hello");
  EXPECT_NE(response.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(response.find(" GMT\r\n"), std::string::npos);
}

TEST(ServeConnectionTest, AnswersHeadWithTheHeadOnly) {
  std::string response = Exchange("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(response.substr(response.size() - 4), "\r\n\r\n");
}

TEST(ServeConnectionTest, ReadsTheBodyBeforeAnswering) {
  std::string response = Exchange(
      "POST /nope HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u)
      << response;
  // A body that never ends gets no answer once the client goes.
  EXPECT_EQ(
      Exchange("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab"), "");
}

TEST(ServeConnectionTest, AnswersAnUnknownPathWith404) {
  std::string response = Exchange("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("\r\n\r\nnot found"), std::string::npos);
}

TEST(ServeConnectionTest, ErrorBodyNamesTheRuleNotTheRequest) {
  std::string response = Exchange(
      "POST /<script> HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
      "Content-Length: 2\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Type: text/plain; charset=utf-8\r\n"),
            std::string::npos);
  EXPECT_EQ(response.substr(response.find("\r\n\r\n") + 4),
            "400 Bad Request: bad request target\n");
}

TEST(ServeConnectionTest, AnswersMalformedRequestsWithTheirStatus) {
  struct Case {
    std::string request;
    std::string status_line;
  };
  for (const Case& c : {
           Case{"hello\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
           Case{"GET / HTTP/1.1\r\nNo colon\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\n"},
           Case{"GET / HTTP/3\r\n\r\n",
                "HTTP/1.1 505 HTTP Version Not Supported\r\n"},
           Case{"GET / HTTP/1.1\r\nX: " + std::string(20000, 'a'),
                "HTTP/1.1 431 Request Header Fields Too Large\r\n"},
           Case{"GET /" + std::string(9000, 'a'),
                "HTTP/1.1 414 URI Too Long\r\n"},
           Case{"BREW / HTTP/1.1\r\n\r\n", "HTTP/1.1 501 Not Implemented\r\n"},
           Case{"GET / HTTP/1.1\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
           Case{"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 9999999\r\n\r\n",
                "HTTP/1.1 413 Content Too Large\r\n"},
       }) {
    std::string response = Exchange(c.request);
    EXPECT_EQ(response.substr(0, c.status_line.size()), c.status_line)
        << c.request.substr(0, 40);
  }
}

TEST(ServeConnectionTest, HeadArrivingInPiecesIsStillAnswered) {
  int ends[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
  UniqueFd client(ends[0]);
  // The pieces are all queued before serving starts; each recv may see any
  // prefix, so this exercises the "incomplete, read more" path.
  for (std::string piece :
       {"GE", "T / HT", "TP/1.1\r", "\nHo", "st: a\r\n\r", "\n"}) {
    ASSERT_EQ(::send(client.get(), piece.data(), piece.size(), 0),
              static_cast<ssize_t>(piece.size()));
  }
  ServeConnection(UniqueFd(ends[1]),
                  Site{"hi", "no", std::chrono::milliseconds(0), "", {}});
  char buffer[256];
  ssize_t got = ::recv(client.get(), buffer, sizeof buffer, 0);
  ASSERT_GT(got, 0);
  EXPECT_EQ(std::string(buffer, 17), "HTTP/1.1 200 OK\r\n");
}

std::size_t CountResponses(const std::string& received) {
  std::size_t count = 0;
  for (std::size_t at = received.find("HTTP/1.1 "); at != std::string::npos;
       at = received.find("HTTP/1.1 ", at + 1)) {
    ++count;
  }
  return count;
}

TEST(ServeConnectionTest, AnswersRequestsPipelinedInWhatHasArrived) {
  const std::string get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  std::string received =
      Exchange(get + "HEAD /nope HTTP/1.1\r\nHost: a\r\n\r\n" + get);
  EXPECT_EQ(CountResponses(received), 3u) << received;
  std::size_t first_close = received.find("Connection: close");
  EXPECT_EQ(first_close, received.rfind("Connection: close")) << received;
  EXPECT_GT(first_close, received.rfind("Connection: keep-alive"));
  EXPECT_NE(received.find("HTTP/1.1 404 Not Found\r\n"), std::string::npos);
  EXPECT_EQ(received.substr(received.size() - 5), "hello");
}

TEST(ServeConnectionTest, StopsWhereTheClientAsksOrTheCapIs) {
  const std::string get = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
  EXPECT_EQ(
      CountResponses(Exchange(
          "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n" + get)),
      1u);
  EXPECT_EQ(CountResponses(Exchange("GET / HTTP/1.0\r\n\r\n" + get)), 1u);
  EXPECT_EQ(CountResponses(Exchange(
                "GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n" + get)),
            2u);
  std::string many;
  for (std::size_t i = 0; i < kMaxPipelinedRequests + 2; ++i) many += get;
  EXPECT_EQ(CountResponses(Exchange(many)), kMaxPipelinedRequests);
}

TEST(ServeConnectionTest, AMalformedRequestAfterAGoodOneGetsItsStatus) {
  std::string received = Exchange(
      "GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost : a\r\n\r\n");
  EXPECT_EQ(received.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << received;
  EXPECT_NE(received.find("HTTP/1.1 400 Bad Request\r\n"), std::string::npos)
      << received;
}

TEST(ServeConnectionTest, ClientThatLeavesEarlyGetsNothingAndNothingBreaks) {
  EXPECT_EQ(Exchange("GET / HT"), "");
  EXPECT_EQ(Exchange(""), "");
}

}  // namespace
}  // namespace server
