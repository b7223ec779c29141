// systemd's socket activation (sd_listen_fds(3)), read by hand, without
// libsystemd: whoever starts the server (systemd, systemd-socket-activate)
// may pass it a listening socket as descriptor 3, with LISTEN_FDS=1 and
// LISTEN_PID set to the server's pid. The server then serves that socket
// instead of binding one. The socket stays open in the starter while the
// server process is stopped and another started, so connections that
// arrive meanwhile wait in its queue instead of being refused.
#ifndef SERVER_SOCKET_ACTIVATION_H_
#define SERVER_SOCKET_ACTIVATION_H_

#include <optional>
#include <string>

#include "server/unique_fd.h"

namespace server {

// Where systemd puts the first passed descriptor (SD_LISTEN_FDS_START).
inline constexpr int kFirstListenFd = 3;

// The listening socket passed to this process, made non-blocking,
// close-on-exec and TCP_NODELAY. Nothing when LISTEN_FDS or LISTEN_PID is
// unset, or LISTEN_PID names another process (the variables were meant for
// a parent). LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES are removed from the
// environment in every case, so no child of ours takes them for its own.
// Nothing, with `error` set, when the variables are malformed, pass more
// than one descriptor, or the descriptor is not a listening TCP socket.
// `first_fd` is for tests.
std::optional<UniqueFd> TakeInheritedListener(std::string* error,
                                              int first_fd = kFirstListenFd);

}  // namespace server

#endif  // SERVER_SOCKET_ACTIVATION_H_
