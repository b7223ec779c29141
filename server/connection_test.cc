// The connection's steps over a socketpair: the test is the client, and
// plays the event loop and the worker itself. No threads.
#include "server/connection.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "server/routes.h"

namespace server {
namespace {

const Site kSite{"hello", "not found", std::chrono::milliseconds(0), ""};
const Handler kHandler = [](const http::Request& request) {
  return Route(request, kSite);
};
const http::Limits kLimits;

Next Answer(Connection& connection, bool closing = false) {
  std::atomic<bool> closing_flag{closing};
  return AnswerRequests(connection, kHandler, kLimits, closing_flag);
}

// A socketpair whose server end is non-blocking, as the event loop's are.
struct Pair {
  Pair() {
    int ends[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, ends), 0);
    client = UniqueFd(ends[0]);
    ::fcntl(ends[1], F_SETFL, O_NONBLOCK);
    server = std::make_unique<Connection>(UniqueFd(ends[1]));
  }
  void Send(const std::string& bytes) {
    EXPECT_EQ(::send(client.get(), bytes.data(), bytes.size(), 0),
              static_cast<ssize_t>(bytes.size()));
  }
  std::string ReceiveAll() {
    std::string received;
    char chunk[4096];
    ssize_t got;
    while ((got = ::recv(client.get(), chunk, sizeof chunk, 0)) > 0) {
      received.append(chunk, static_cast<std::size_t>(got));
    }
    return received;
  }
  UniqueFd client;
  std::unique_ptr<Connection> server;
};

// Sends `request` and closes the client's sending side; serves the server
// end as the loop and a worker would; returns all the client received.
std::string Exchange(const std::string& request) {
  Pair pair;
  pair.Send(request);
  ::shutdown(pair.client.get(), SHUT_WR);
  while (!TakeRequest(*pair.server, kLimits)) {
    if (ReadAvailable(*pair.server) == ReadOutcome::kClosed) {
      pair.server.reset();  // The client left before finishing.
      return pair.ReceiveAll();
    }
  }
  Next next = Answer(*pair.server);
  EXPECT_NE(next, Next::kWrite) << "a small response went out at once";
  pair.server.reset();
  return pair.ReceiveAll();
}

// The Date header's value changes every second; tests compare the rest.
std::string WithoutDate(std::string response) {
  std::size_t date = response.find("Date: ");
  if (date == std::string::npos) return response;
  return response.erase(date, response.find("\r\n", date) + 2 - date);
}

TEST(ConnectionTest, AnswersAGoodRequest) {
  std::string response = Exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(WithoutDate(response),
            "HTTP/1.1 200 OK\r\n"
            "Content-Type: text/html; charset=utf-8\r\n"
            "Connection: keep-alive\r\n"
            "Server: threadpool-server\r\n"
            "Content-Length: 5\r\n"
            "\r\n"
            "hello");
  EXPECT_NE(response.find("\r\nDate: "), std::string::npos);
  EXPECT_NE(response.find(" GMT\r\n"), std::string::npos);
}

TEST(ConnectionTest, AnswersHeadWithTheHeadOnly) {
  std::string response = Exchange("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Length: 5\r\n"), std::string::npos);
  EXPECT_EQ(response.substr(response.size() - 4), "\r\n\r\n");
}

TEST(ConnectionTest, ReadsTheBodyBeforeAnswering) {
  std::string response = Exchange(
      "POST /nope HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 405 Method Not Allowed\r\n", 0), 0u)
      << response;
  // A body that never ends gets no answer once the client goes.
  EXPECT_EQ(
      Exchange("PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 9\r\n\r\nab"), "");
}

TEST(ConnectionTest, AnswersAnUnknownPathWith404) {
  std::string response = Exchange("GET /nope HTTP/1.1\r\nHost: a\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 404 Not Found\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("\r\n\r\nnot found"), std::string::npos);
}

TEST(ConnectionTest, ErrorBodyNamesTheRuleNotTheRequest) {
  std::string response = Exchange(
      "POST /<script> HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
      "Content-Length: 2\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Content-Type: text/plain; charset=utf-8\r\n"),
            std::string::npos);
  EXPECT_EQ(response.substr(response.find("\r\n\r\n") + 4),
            "400 Bad Request: bad request target\n");
}

TEST(ConnectionTest, AnswersMalformedRequestsWithTheirStatus) {
  struct Case {
    std::string request;
    std::string status_line;
  };
  for (const Case& c : {
           Case{"hello\r\n\r\n", "HTTP/1.1 400 Bad Request\r\n"},
           Case{"GET / HTTP/1.1\r\nNo colon\r\n\r\n",
                "HTTP/1.1 400 Bad Request\r\n"},
           Case{"GET / HTTP/3.0\r\n\r\n",
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

TEST(ConnectionTest, RequestArrivingInPiecesIsOnlyCompleteAtTheEnd) {
  Pair pair;
  std::vector<std::string> pieces = {"GE",   "T / HT",      "TP/1.1\r",
                                     "\nHo", "st: a\r\n\r", "\n"};
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    EXPECT_FALSE(TakeRequest(*pair.server, kLimits)) << "before piece " << i;
    pair.Send(pieces[i]);
    ASSERT_EQ(ReadAvailable(*pair.server), ReadOutcome::kOpen);
  }
  EXPECT_TRUE(TakeRequest(*pair.server, kLimits));
  EXPECT_EQ(pair.server->request.target, "/");
  EXPECT_EQ(Answer(*pair.server), Next::kRead);
  EXPECT_EQ(pair.server->input, "");
}

TEST(ConnectionTest, ReadAvailableDoesNotWaitAndSeesTheClientLeave) {
  Pair pair;
  EXPECT_EQ(ReadAvailable(*pair.server), ReadOutcome::kOpen);  // Nothing yet.
  pair.client.Reset();
  EXPECT_EQ(ReadAvailable(*pair.server), ReadOutcome::kClosed);
}

TEST(ConnectionTest, ServesPipelinedRequestsInOrderAndKeepsThePartialNext) {
  Pair pair;
  pair.Send(
      "GET /nope HTTP/1.1\r\nHost: a\r\n\r\n"
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
      "GET / HT");
  ReadAvailable(*pair.server);
  ASSERT_TRUE(TakeRequest(*pair.server, kLimits));
  EXPECT_EQ(Answer(*pair.server), Next::kRead);
  EXPECT_EQ(pair.server->input, "GET / HT");
  pair.server.reset();
  std::string received = pair.ReceiveAll();
  std::size_t not_found = received.find("HTTP/1.1 404");
  std::size_t ok = received.find("HTTP/1.1 200");
  ASSERT_NE(not_found, std::string::npos) << received;
  ASSERT_NE(ok, std::string::npos) << received;
  EXPECT_LT(not_found, ok);
}

TEST(ConnectionTest, KeepAliveFollowsTheRequestAndTheServersState) {
  struct Case {
    std::string request;
    bool closing;
    bool stays_open;
  };
  for (const Case& c : {
           Case{"GET / HTTP/1.1\r\nHost: a\r\n\r\n", false, true},
           Case{"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n", false,
                false},
           Case{"GET / HTTP/1.0\r\n\r\n", false, false},
           Case{"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", false,
                true},
           Case{"GET / HTTP/1.1\r\nHost: a\r\n\r\n", true, false},
       }) {
    Pair pair;
    pair.Send(c.request);
    ReadAvailable(*pair.server);
    ASSERT_TRUE(TakeRequest(*pair.server, kLimits));
    EXPECT_EQ(Answer(*pair.server, c.closing),
              c.stays_open ? Next::kRead : Next::kClose)
        << c.request << (c.closing ? " while closing" : "");
    pair.server.reset();
    std::string received = pair.ReceiveAll();
    EXPECT_NE(received.find(c.stays_open ? "Connection: keep-alive\r\n"
                                         : "Connection: close\r\n"),
              std::string::npos)
        << received;
  }
}

TEST(ConnectionTest, RefuseSends503WithRetryAfter) {
  Pair pair;
  Refuse(*pair.server, 503, 1);
  pair.server.reset();
  std::string received = pair.ReceiveAll();
  EXPECT_EQ(received.rfind("HTTP/1.1 503 Service Unavailable\r\n", 0), 0u)
      << received;
  EXPECT_NE(received.find("Retry-After: 1\r\n"), std::string::npos);
}

TEST(ConnectionTest, ClientThatLeavesEarlyGetsNothingAndNothingBreaks) {
  EXPECT_EQ(Exchange("GET / HT"), "");
  EXPECT_EQ(Exchange(""), "");
}

// The parse is kept between reads (connection.h): it must never answer later
// than parsing all the bytes so far would. Every request below, valid or
// not, is fed one byte at a time; TakeRequest must say "whole" at exactly
// the first byte where ParseRequest stops saying "incomplete", with the
// same answer.
TEST(TakeRequestTest, AnswersAtTheSameByteAsParsingEverythingSoFar) {
  http::Limits small;
  small.max_request_line = 64;
  small.max_field_section = 128;
  small.max_body = 32;
  std::vector<std::string> requests = {
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
      "GET /x HTTP/1.0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabc\r\n0\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
      "3\r\nabcXY",
      "GET / HTTP/1.1\rXHost: a\r\n\r\n",
      "GET / HTTP/1.1\nHost: a\n\n",
      "GET /" + std::string(100, 'a') + " HTTP/1.1\r\n\r\n",
      "GET / HTTP/1.1\r\nX: " + std::string(200, 'b') + "\r\n\r\n",
      "GET / HTTP/1.1\r\nHost: a\r\nX: 1\r\nY: " + std::string(120, 'c'),
      "GET /\x01 HTTP/1.1\r\n\r\n",
      "hello\r\n\r\n",
      "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99\r\n\r\n",
  };
  std::mt19937 random(13);
  for (int i = 0; i < 200; ++i) {  // And random bytes from a small alphabet.
    std::string noise;
    for (int j = 0; j < 40; ++j) noise += "GET / HTP1.\r\n:ab"[random() % 17];
    requests.push_back(noise);
  }
  for (const std::string& bytes : requests) {
    Connection connection{UniqueFd()};
    std::size_t answered_at = 0, expected_at = 0;
    http::ParseResult expected{http::ParseStatus::kIncomplete};
    for (std::size_t n = 1; n <= bytes.size(); ++n) {
      connection.input.push_back(bytes[n - 1]);
      if (answered_at == 0 && TakeRequest(connection, small)) answered_at = n;
      http::Request whole;
      if (expected_at == 0) {
        expected = http::ParseRequest(bytes.substr(0, n), whole, small);
        if (expected.status != http::ParseStatus::kIncomplete) expected_at = n;
      }
    }
    EXPECT_EQ(answered_at, expected_at) << bytes;
    EXPECT_EQ(connection.parsed.status, expected.status) << bytes;
    if (expected.status == http::ParseStatus::kError) {
      EXPECT_EQ(connection.parsed.error, expected.error) << bytes;
    }
  }
}

TEST(ConnectionTest, MalformedRequestIsAnsweredThenDrainedBeforeClosing) {
  Pair pair;
  pair.Send("GET / HTTP/1.1\r\nNo colon\r\n\r\nmore junk");
  ReadAvailable(*pair.server);
  ASSERT_TRUE(TakeRequest(*pair.server, kLimits));
  // Unread bytes would turn a close into a reset that can destroy the
  // answer: the connection says it is done writing and waits.
  EXPECT_EQ(Answer(*pair.server), Next::kDrain);
  char byte;
  std::string received = pair.ReceiveAll();
  EXPECT_EQ(received.rfind("HTTP/1.1 400", 0), 0u) << received;
  EXPECT_EQ(::recv(pair.client.get(), &byte, 1, MSG_DONTWAIT), 0)
      << "no end of stream after the answer";
}

// A file far larger than the socket's buffer: the worker sends what the
// socket takes and leaves the rest (kWrite) without reading the file into
// memory; ContinueWriting finishes it as the client reads, byte for byte.
TEST(ConnectionTest, LargeFileGoesOutInPiecesFromItsDescriptor) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/big";
  std::string contents;
  std::mt19937 random(7);
  for (int i = 0; i < (8 << 20); ++i) contents += static_cast<char>(random());
  std::ofstream(path, std::ios::binary) << contents;
  Handler file_handler = [&path, &contents](const http::Request&) {
    return Reply{{200, {}, ""},
                 {UniqueFd(::open(path.c_str(), O_RDONLY)), contents.size()}};
  };
  Pair pair;
  pair.Send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
  ReadAvailable(*pair.server);
  ASSERT_TRUE(TakeRequest(*pair.server, kLimits));
  std::atomic<bool> closing{false};
  ASSERT_EQ(AnswerRequests(*pair.server, file_handler, kLimits, closing),
            Next::kWrite);
  EXPECT_LT(pair.server->output.capacity(), 64u * 1024)
      << "the file was read into memory";
  EXPECT_TRUE(pair.server->file.fd.valid());

  std::string received;
  Next next = Next::kWrite;
  for (int round = 0; round < 100'000 && next == Next::kWrite; ++round) {
    char chunk[64 * 1024];
    ssize_t got = ::recv(pair.client.get(), chunk, sizeof chunk, MSG_DONTWAIT);
    if (got > 0) received.append(chunk, static_cast<std::size_t>(got));
    bool progressed = false;
    next = ContinueWriting(*pair.server, kLimits, 256 * 1024, &progressed);
    EXPECT_LT(pair.server->output.capacity(), 64u * 1024);
  }
  EXPECT_EQ(next, Next::kRead);
  pair.server.reset();
  received += pair.ReceiveAll();
  ASSERT_GT(received.size(), contents.size());
  EXPECT_NE(received.find("Content-Length: 8388608\r\n"), std::string::npos);
  EXPECT_TRUE(received.substr(received.size() - contents.size()) == contents)
      << "the body differs from the file";
}

}  // namespace
}  // namespace server
