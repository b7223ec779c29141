// See access_log.h. The writing thread swaps the buffer out under the lock
// and writes it without the lock, so Write only ever waits for another
// Write's append, never for the descriptor.
#include "server/access_log.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <utility>

#include "http/access_log.h"

namespace server {
namespace {

using Clock = std::chrono::steady_clock;

// How often a writer waiting for the descriptor looks at the clock.
constexpr std::chrono::milliseconds kPollInterval{100};

// The local time zone's offset from UTC at `time`, as the log shows local
// time; localtime_r is asked once a second per thread.
long UtcOffsetAt(std::time_t time) {
  thread_local std::time_t asked_at = -1;
  thread_local long offset = 0;
  if (time != asked_at) {
    std::tm local{};
    localtime_r(&time, &local);
    offset = local.tm_gmtoff;
    asked_at = time;
  }
  return offset;
}

std::optional<std::string_view> View(const std::optional<std::string>& text) {
  if (!text) return std::nullopt;
  return std::string_view(*text);
}

}  // namespace

std::unique_ptr<AccessLog> AccessLog::Open(const std::string& path,
                                           std::string* error) {
  UniqueFd fd(path == "-"
                  ? ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 0)
                  : ::open(path.c_str(),
                           O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
  if (!fd.valid()) {
    *error = "cannot open access log " + path + ": " + std::strerror(errno);
    return nullptr;
  }
  return std::make_unique<AccessLog>(std::move(fd));
}

AccessLog::AccessLog(UniqueFd fd, std::size_t capacity,
                     std::chrono::milliseconds flush_timeout)
    : fd_(std::move(fd)),
      capacity_(capacity),
      flush_timeout_(flush_timeout),
      piece_(PIPE_BUF) {
  struct stat info {};
  if (::fstat(fd_.get(), &info) == 0 && S_ISREG(info.st_mode)) {
    piece_ = capacity_;
  }
  writer_ = std::thread([this] { WriteLoop(); });
}

AccessLog::~AccessLog() { Stop(); }

void AccessLog::Write(std::string_view line) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (stopping_ || buffer_.size() + line.size() > capacity_) {
    ++counts_.dropped;
    return;
  }
  const bool was_empty = buffer_.empty();
  buffer_.append(line);
  ++buffered_lines_;
  if (was_empty) ready_.notify_one();
}

void AccessLog::Record(const LoggedResponse& response,
                       const sockaddr_storage& peer, std::uint64_t bytes_sent) {
  const std::string address = PeerAddress(peer);
  http::AccessLogEntry entry;
  entry.remote_address = address;
  entry.time = std::time(nullptr);
  entry.utc_offset_seconds = UtcOffsetAt(entry.time);
  entry.request_line = response.request_line;
  entry.status = response.status;
  entry.body_bytes_sent =
      bytes_sent > response.head_bytes ? bytes_sent - response.head_bytes : 0;
  entry.referer = View(response.referer);
  entry.user_agent = View(response.user_agent);
  entry.duration = Clock::now() - response.started;
  Write(http::FormatAccessLogLine(entry));
}

void AccessLog::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!stopping_) {
      stopping_ = true;
      give_up_at_ = (Clock::now() + flush_timeout_).time_since_epoch().count();
    }
  }
  ready_.notify_one();
  if (writer_.joinable()) writer_.join();
}

AccessLog::Counts AccessLog::counts() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return counts_;
}

void AccessLog::WriteLoop() {
  std::string writing;
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    ready_.wait(lock, [this] { return !buffer_.empty() || stopping_; });
    if (buffer_.empty()) return;  // Stopping, and all is written.
    writing.swap(buffer_);
    const std::uint64_t lines = std::exchange(buffered_lines_, 0);
    lock.unlock();
    const std::size_t sent = WriteOut(writing);
    // A line cut short is lost too: its "\n" is in what was not sent.
    const auto lost = static_cast<std::uint64_t>(
        std::count(writing.begin() + static_cast<std::ptrdiff_t>(sent),
                   writing.end(), '\n'));
    writing.clear();
    lock.lock();
    counts_.written += lines - lost;
    counts_.dropped += lost;
  }
}

std::size_t AccessLog::WriteOut(std::string_view bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    auto wait = kPollInterval;
    if (const std::int64_t give_up_at = give_up_at_.load(); give_up_at != 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          Clock::duration(give_up_at) - Clock::now().time_since_epoch());
      if (left.count() <= 0) return sent;
      wait = std::min(wait, left);
    }
    pollfd writable{fd_.get(), POLLOUT, 0};
    const int ready = ::poll(&writable, 1, static_cast<int>(wait.count()));
    if (ready < 0 && errno != EINTR) return sent;
    if (ready <= 0) continue;
    if ((writable.revents & (POLLERR | POLLNVAL)) != 0) return sent;
    const ssize_t written = ::write(fd_.get(), bytes.data() + sent,
                                    std::min(piece_, bytes.size() - sent));
    if (written > 0) {
      sent += static_cast<std::size_t>(written);
    } else if (written < 0 && errno != EINTR && errno != EAGAIN) {
      return sent;  // EPIPE, ENOSPC, EIO: these lines are lost.
    }
  }
  return sent;
}

std::string PeerAddress(const sockaddr_storage& peer) {
  char text[INET6_ADDRSTRLEN] = "-";
  if (peer.ss_family == AF_INET) {
    ::inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr,
                text, sizeof text);
  } else if (peer.ss_family == AF_INET6) {
    ::inet_ntop(AF_INET6,
                &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, text,
                sizeof text);
  } else if (peer.ss_family == AF_UNIX) {
    return "unix:";
  }
  return text;
}

}  // namespace server
