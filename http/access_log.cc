// See access_log.h.
#include "http/access_log.h"

#include <cstdio>
#include <cstdlib>

namespace http {
namespace {

void AppendEscaped(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7f || c == '"' || c == '\\') {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
}

void AppendQuoted(std::string& out, std::optional<std::string_view> text) {
  if (!text) {
    out += "\"-\"";
    return;
  }
  out += '"';
  AppendEscaped(out, *text);
  out += '"';
}

// "[06/Nov/1994:08:49:37 +0000]": day/month/year:time zone, in local time.
void AppendLocalTime(std::string& out, std::time_t time, long utc_offset) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  std::time_t local = time + utc_offset;
  std::tm fields{};
  gmtime_r(&local, &fields);
  long offset_minutes = std::labs(utc_offset) / 60;
  char text[64];
  std::snprintf(text, sizeof text, "[%02d/%s/%04d:%02d:%02d:%02d %c%02ld%02ld]",
                fields.tm_mday, kMonths[fields.tm_mon], fields.tm_year + 1900,
                fields.tm_hour, fields.tm_min, fields.tm_sec,
                utc_offset < 0 ? '-' : '+', offset_minutes / 60,
                offset_minutes % 60);
  out += text;
}

}  // namespace

std::string FormatAccessLogLine(const AccessLogEntry& entry) {
  std::string out;
  AppendEscaped(out, entry.remote_address);
  out += " - - ";
  AppendLocalTime(out, entry.time, entry.utc_offset_seconds);
  out += ' ';
  AppendQuoted(out, entry.request_line);
  out += ' ';
  out += std::to_string(entry.status);
  out += ' ';
  out += std::to_string(entry.body_bytes_sent);
  out += ' ';
  AppendQuoted(out, entry.referer);
  out += ' ';
  AppendQuoted(out, entry.user_agent);
  // Seconds with milliseconds, cut rather than rounded, as nginx does.
  long long milliseconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(entry.duration)
          .count();
  if (milliseconds < 0) milliseconds = 0;
  char duration[32];
  std::snprintf(duration, sizeof duration, " %lld.%03lld\n",
                milliseconds / 1000, milliseconds % 1000);
  out += duration;
  return out;
}

}  // namespace http
