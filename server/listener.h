// The listening socket: where the server meets the network.
#ifndef SERVER_LISTENER_H_
#define SERVER_LISTENER_H_

#include <optional>
#include <string>

#include "server/unique_fd.h"

namespace server {

// A non-blocking socket bound to host:port (an IPv4 or IPv6 literal, or a
// name such as "localhost") and listening; port 0 lets the kernel pick. Its
// TCP_NODELAY is set, and every socket accepted from it inherits that. It
// defers accepting (TCP_DEFER_ACCEPT): the kernel completes a connection's
// handshake but hands it over only once its first bytes arrive, so accept
// finds the request already there. A client that sends nothing is handed
// over about a second later (when the kernel retries its SYN-ACK). With
// `reuse_port` (SO_REUSEPORT) other processes may listen on the same port,
// and the kernel spreads new connections among them. On failure says why in
// `error`.
std::optional<UniqueFd> Listen(const std::string& host, int port,
                               std::string* error, bool reuse_port = false);

// Whether the kernel hands the connections waiting in a closing
// SO_REUSEPORT listener's queue to another listener on the port
// (net.ipv4.tcp_migrate_req, Linux 5.14 and later). Without it they are
// reset when the listener closes.
bool KernelMigratesAcceptQueue();

// Whether a listening socket defers accepting (above). A socket passed in by
// systemd does only if its unit says so (DeferAcceptSec=).
bool DefersAccept(int listen_fd);

// Whether the kernel still holds connections to this listener's port that
// it has not handed over: a deferred one (handshake done, no bytes yet)
// waits until its first bytes arrive or the kernel retries its SYN-ACK.
// Closing the listener now would reset them. Reads /proc/net/tcp and tcp6.
bool HasConnectionsToHandOver(int listen_fd);

// The port a listening socket is bound to (useful after port 0).
int LocalPort(int listen_fd);

}  // namespace server

#endif  // SERVER_LISTENER_H_
