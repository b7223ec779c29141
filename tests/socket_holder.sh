#!/usr/bin/env bash
# Plays systemd's part in tests/socket_activation_test.cc. systemd holds a
# .socket unit's listening socket and starts the service with it; on
# `systemctl restart` it stops the service (SIGTERM, then waits) and starts
# it again, the socket open all along. systemd-socket-activate only passes
# the socket and execs its command, so its command is this script: it keeps
# the socket (descriptor 3, LISTEN_FDS=1), runs the server with the socket
# and LISTEN_PID set to the server's own pid, restarts it on SIGHUP as
# systemctl restart does, and on SIGTERM stops it and exits with its status.
#   systemd-socket-activate -l 127.0.0.1:PORT socket_holder.sh SERVER [ARGS]
set -u
[ "${LISTEN_FDS:-}" = 1 ] || { echo "socket_holder: no LISTEN_FDS=1" >&2; exit 2; }

start() {
  # $BASHPID is the subshell's pid, which exec keeps: the server's.
  (export LISTEN_FDS=1 LISTEN_PID="$BASHPID" && exec "$@") &
  server=$!
}

stop() {
  kill -TERM "$server" 2>/dev/null
  wait "$server"
  status=$?
  echo "socket_holder: server $server exited with status $status" >&2
}

restart_asked=0 stop_asked=0
trap 'restart_asked=1' HUP
trap 'stop_asked=1' TERM INT
start "$@"
while :; do
  wait "$server"
  status=$?
  if [ "$stop_asked" = 1 ]; then
    stop
    exit "$status"
  elif [ "$restart_asked" = 1 ]; then
    restart_asked=0
    stop
    start "$@"
  else
    echo "socket_holder: server $server exited by itself ($status)" >&2
    exit "$status"
  fi
done
