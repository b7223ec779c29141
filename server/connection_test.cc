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
const std::atomic<bool> kOpen{false};
const Service kService{RoutesHandler(kSite), http::Limits{}, &kOpen, nullptr};

Next Answer(Connection& connection, bool closing = false) {
  std::atomic<bool> closing_flag{closing};
  Service service = kService;
  service.closing = &closing_flag;
  return AnswerRequests(connection, service);
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
  // What has arrived for the client so far, without waiting.
  std::string ReceiveNow() {
    std::string received;
    char chunk[4096];
    ssize_t got;
    while ((got = ::recv(client.get(), chunk, sizeof chunk, MSG_DONTWAIT)) >
           0) {
      received.append(chunk, static_cast<std::size_t>(got));
    }
    return received;
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
  while (TakeRequest(*pair.server, kService) != Next::kAnswer) {
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
    EXPECT_EQ(TakeRequest(*pair.server, kService), Next::kRead)
        << "before piece " << i;
    pair.Send(pieces[i]);
    ASSERT_EQ(ReadAvailable(*pair.server), ReadOutcome::kOpen);
  }
  EXPECT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
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
  ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
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
    ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
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
  Refuse(*pair.server, kService, 503, 1);
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
  Service service = kService;
  service.limits = small;
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
      if (answered_at == 0 &&
          TakeRequest(connection, service) == Next::kAnswer) {
        answered_at = n;
      }
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
  ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
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
  Service service = kService;
  service.handler.answer = [&path, &contents](const http::Request&) {
    return Reply{
        {200, {}, ""},
        {UniqueFd(::open(path.c_str(), O_RDONLY)), 0, contents.size()}};
  };
  Pair pair;
  pair.Send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n");
  ReadAvailable(*pair.server);
  ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
  ASSERT_EQ(AnswerRequests(*pair.server, service), Next::kWrite);
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
    next = ContinueWriting(*pair.server, service, 256 * 1024, &progressed);
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

// Expect: 100-continue (RFC 9110 section 10.1.1). A body that will be read
// is asked for with the interim 100, once, before any of it has arrived.
TEST(ExpectContinueTest, AWantedBodyIsAskedForWithA100) {
  Pair pair;
  pair.Send(
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\n");
  ReadAvailable(*pair.server);
  ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kWrite);
  bool progressed = false;
  EXPECT_EQ(ContinueWriting(*pair.server, kService, 1 << 20, &progressed),
            Next::kRead);
  EXPECT_TRUE(progressed);
  EXPECT_EQ(pair.ReceiveNow(), "HTTP/1.1 100 Continue\r\n\r\n");
  EXPECT_EQ(TakeRequest(*pair.server, kService), Next::kRead) << "asked twice";
  pair.Send("hel");
  ReadAvailable(*pair.server);
  EXPECT_EQ(TakeRequest(*pair.server, kService), Next::kRead);
  pair.Send("lo");
  ReadAvailable(*pair.server);
  ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer);
  EXPECT_EQ(Answer(*pair.server), Next::kRead);  // Read whole: goes on.
  std::string response = pair.ReceiveNow();
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
  EXPECT_NE(response.find("Connection: keep-alive"), std::string::npos);
}

TEST(ExpectContinueTest, ABodyAlreadyComingNeedsNo100) {
  Pair pair;
  pair.Send(
      "GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
      "Expect: 100-continue\r\n\r\nhe");
  ReadAvailable(*pair.server);
  EXPECT_EQ(TakeRequest(*pair.server, kService), Next::kRead);
  EXPECT_EQ(pair.server->output, "");
}

// A body that won't be read (a 405 whatever it says), or an expectation we
// can't meet: the final answer at once, then the connection drains and
// closes, since the body's bytes may be on their way.
TEST(ExpectContinueTest, AnUnwantedBodyIsAnsweredFromTheHeadAtOnce) {
  struct Case {
    std::string request;
    std::string status_line;
  };
  for (const Case& c : {
           Case{"POST /x HTTP/1.1\r\nHost: a\r\nContent-Length: 500000\r\n"
                "Expect: 100-continue\r\n\r\n",
                "HTTP/1.1 405 Method Not Allowed\r\n"},
           Case{"PUT /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
                "Expect: 100-Continue\r\n\r\n",
                "HTTP/1.1 405 Method Not Allowed\r\n"},
           Case{"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n"
                "Expect: 100-continue, fly\r\n\r\n",
                "HTTP/1.1 417 Expectation Failed\r\n"},
       }) {
    Pair pair;
    pair.Send(c.request);
    ReadAvailable(*pair.server);
    ASSERT_EQ(TakeRequest(*pair.server, kService), Next::kAnswer) << c.request;
    EXPECT_TRUE(pair.server->skip_body);
    EXPECT_EQ(Answer(*pair.server), Next::kDrain) << c.request;
    std::string response = pair.ReceiveNow();
    EXPECT_EQ(response.rfind(c.status_line, 0), 0u) << response;
    EXPECT_NE(response.find("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(response.find("100 Continue"), std::string::npos);
  }
}

TEST(ExpectContinueTest, AWholeRequestWithAnUnknownExpectationIs417) {
  std::string response =
      Exchange("GET / HTTP/1.1\r\nHost: a\r\nExpect: teapot\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 417 Expectation Failed\r\n", 0), 0u)
      << response;
  // HTTP/1.0 had no Expect: ignored (section 10.1.1).
  response = Exchange("GET / HTTP/1.0\r\nExpect: teapot\r\n\r\n");
  EXPECT_EQ(response.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << response;
}

// A 304 ends with its head: no Content-Length that a client could wait
// for the bytes of, and the next request on the connection still parses.
TEST(ConnectionTest, NotModifiedEndsWithItsHead) {
  Service service = kService;
  service.handler.answer = [](const http::Request& request) {
    if (request.target == "/") return Route(request, kSite);
    return Reply{{304, {{"ETag", "\"v1\""}}, "no body ever"}, {}};
  };
  Pair pair;
  pair.Send(
      "GET /cached HTTP/1.1\r\nHost: a\r\n\r\n"
      "GET / HTTP/1.1\r\nHost: a\r\n\r\n");
  ReadAvailable(*pair.server);
  ASSERT_EQ(TakeRequest(*pair.server, service), Next::kAnswer);
  EXPECT_EQ(AnswerRequests(*pair.server, service), Next::kRead);
  std::string received = pair.ReceiveNow();
  std::size_t second = received.find("HTTP/1.1 200 OK\r\n");
  ASSERT_NE(second, std::string::npos) << received;
  std::string not_modified = received.substr(0, second);
  EXPECT_EQ(not_modified.rfind("HTTP/1.1 304 Not Modified\r\n", 0), 0u);
  EXPECT_EQ(not_modified.find("Content-Length"), std::string::npos);
  EXPECT_EQ(not_modified.substr(not_modified.size() - 4), "\r\n\r\n");
  EXPECT_EQ(received.substr(received.size() - 5), "hello");
}

// A range is the part of the file from its offset: read with the head when
// small, sent from the descriptor when large.
TEST(ConnectionTest, APartOfAFileGoesOutFromItsOffset) {
  const std::string path = std::string(std::getenv("TEST_TMPDIR")) + "/part";
  std::string contents;
  std::mt19937 random(3);
  for (int i = 0; i < 200'000; ++i) contents += static_cast<char>(random());
  std::ofstream(path, std::ios::binary) << contents;
  for (auto [offset, size] :
       {std::pair<std::uint64_t, std::uint64_t>{7, 10}, {1000, 150'000}}) {
    Service service = kService;
    service.handler.answer = [&, offset = offset,
                              size = size](const http::Request&) {
      return Reply{{206, {}, ""},
                   {UniqueFd(::open(path.c_str(), O_RDONLY)), offset, size}};
    };
    Pair pair;
    pair.Send("GET /part HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    ReadAvailable(*pair.server);
    ASSERT_EQ(TakeRequest(*pair.server, service), Next::kAnswer);
    Next next = AnswerRequests(*pair.server, service);
    std::string received;
    while (next == Next::kWrite) {
      received += pair.ReceiveNow();
      bool progressed = false;
      next = ContinueWriting(*pair.server, service, 1 << 20, &progressed);
    }
    pair.server.reset();
    received += pair.ReceiveAll();
    std::string body = received.substr(received.find("\r\n\r\n") + 4);
    EXPECT_TRUE(body == contents.substr(offset, size))
        << "offset " << offset << ": got " << body.size() << " bytes";
  }
}

// With a log, each response is one line, written when the response is
// done, with the body bytes that went out (tests/access_log_test.cc has a
// response cut off).
TEST(ConnectionTest, EachResponseIsOneLogLineWithTheBodyBytesSent) {
  int ends[2];
  ASSERT_EQ(::pipe(ends), 0);
  UniqueFd log_read(ends[0]);
  std::string lines;
  {
    AccessLog log{UniqueFd(ends[1])};
    Service service = kService;
    service.access_log = &log;
    Pair pair;
    pair.Send(
        "GET / HTTP/1.1\r\nHost: a\r\nUser-Agent: t\"1\r\n\r\n"
        "HEAD / HTTP/1.1\r\nHost: a\r\nReferer: http://r/\r\n\r\n"
        "GET / HTTP/1.1\r\nBad header\r\n\r\n");
    ReadAvailable(*pair.server);
    ASSERT_EQ(TakeRequest(*pair.server, service), Next::kAnswer);
    EXPECT_EQ(AnswerRequests(*pair.server, service), Next::kDrain);
    log.Stop();
    EXPECT_EQ(log.counts().written, 3u);
  }
  char chunk[4096];
  ssize_t got;
  while ((got = ::read(log_read.get(), chunk, sizeof chunk)) > 0) {
    lines.append(chunk, static_cast<std::size_t>(got));
  }
  // The peer comes from accept, which a socketpair never went through.
  EXPECT_EQ(lines.rfind("- - - [", 0), 0u) << lines;
  EXPECT_NE(lines.find("] \"GET / HTTP/1.1\" 200 5 \"-\" \"t\\x221\" 0."),
            std::string::npos)
      << lines;
  EXPECT_NE(lines.find("] \"HEAD / HTTP/1.1\" 200 0 \"http://r/\" \"-\" 0."),
            std::string::npos)
      << lines;
  EXPECT_NE(lines.find("] \"GET / HTTP/1.1\" 400 "), std::string::npos)
      << lines;
}

}  // namespace
}  // namespace server
