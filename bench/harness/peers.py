"""The servers compared, each configured as its own documentation (or its
users) recommend for serving one small hot file, and how each starts.

RESULTS.md prints every configuration as it ran (nginx_conf and h2o_conf
with placeholders for ports and folders) with where each setting comes from
(SOURCES). Every server serves server/static/hello.html on GET / from
127.0.0.1 and runs pinned to one CPU; peers get one worker or thread, so
that one core is compared with one core.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Sequence, TypeVar


@dataclass(frozen=True)
class Site:
    """What every server is started with."""
    root: str  # The folder with hello.html.
    folder: str  # A scratch folder for configuration, temp files and logs.
    bin_dir: str  # bazel-bin of the -c opt build.
    max_connections: int  # wrk's plus the idle ones, with room to spare.
    threads: int  # Our server's pool.


@dataclass(frozen=True)
class Launch:
    argv: List[str]
    files: Dict[str, str]  # Written before the start: path -> content.
    port: Optional[int] = None  # Chosen in advance, or else...
    port_pattern: Optional[str] = None  # ...read from its log (group 1).


@dataclass(frozen=True)
class Peer:
    key: str  # For --servers and the ratios.
    name: str  # For RESULTS.md and the chart.
    launch: Callable[[Site, int], Launch]  # (site, a free port) -> how to start.
    setup: str  # Its configuration in RESULTS.md (markdown).


_LISTENING = r"listening on http://127\.0\.0\.1:(\d+)/"


def nginx_conf(port, root, folder, max_connections, deferred=False) -> str:
    listen = f"127.0.0.1:{port}" + (" deferred backlog=4096" if deferred else "")
    return f"""\
# nginx tuned as an operator serving one hot file would (see RESULTS.md).
daemon off;  # In the foreground, so that bench/http owns it.
worker_processes 1;
worker_rlimit_nofile {max_connections};
pid {folder}/nginx.pid;
error_log stderr warn;
events {{
  worker_connections {max_connections};
}}
http {{
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=1000 inactive=20s;
  open_file_cache_valid 30s;
  open_file_cache_min_uses 2;
  open_file_cache_errors on;
  types {{ text/html html; }}
  default_type application/octet-stream;
  charset utf-8;
  client_body_temp_path {folder}/client_body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  server {{
    listen {listen};
    root {root};
    location = / {{
      try_files /hello.html =404;
    }}
  }}
}}
"""


def h2o_conf(port, root, max_connections) -> str:
    return f"""\
# h2o configured from its documentation for one static file (see RESULTS.md).
num-threads: 1
max-connections: {max_connections}
http1-request-timeout: 75
listen:
  host: 127.0.0.1
  port: {port}
hosts:
  default:
    paths:
      /:
        file.file: {root}/hello.html
"""


def _ours(site: Site, _: int) -> Launch:
    return Launch(
        argv=[os.path.join(site.bin_dir, "server", "server"), "--port", "0",
              "--threads", str(site.threads), "--root", site.root],
        files={}, port_pattern=_LISTENING)


def _nginx(deferred: bool) -> Callable[[Site, int], Launch]:
    def launch(site: Site, port: int) -> Launch:
        folder = os.path.join(site.folder, "nginx-deferred" if deferred else "nginx")
        conf = os.path.join(folder, "nginx.conf")
        text = nginx_conf(port, site.root, folder, site.max_connections, deferred)
        return Launch(argv=["/usr/sbin/nginx", "-p", folder, "-e", "stderr", "-c", conf],
                      files={conf: text}, port=port)
    return launch


def _h2o(site: Site, port: int) -> Launch:
    conf = os.path.join(site.folder, "h2o", "h2o.conf")
    text = h2o_conf(port, site.root, site.max_connections)
    return Launch(argv=["/usr/bin/h2o", "--mode", "worker", "-c", conf], files={conf: text},
                  port=port)


def _httplib(nodelay: bool) -> Callable[[Site, int], Launch]:
    def launch(site: Site, _: int) -> Launch:
        argv = [os.path.join(site.bin_dir, "bench", "httplib_server"), "--port", "0",
                "--root", site.root]
        return Launch(argv=argv + (["--tcp-nodelay"] if nodelay else []), files={},
                      port_pattern=_LISTENING)
    return launch


# Placeholders for what differs between machines and runs.
_PORT, _ROOT, _TMP, _MAX = "PORT", "REPO/server/static", "TMP/nginx", "MAX"

_NGINX_CORE = "https://nginx.org/en/docs/http/ngx_http_core_module.html"
_NGINX_STATIC = "https://docs.nginx.com/nginx/admin-guide/web-server/serving-static-content/"
_NGINX_TUNING = "https://www.nginx.com/blog/tuning-nginx/"
_ARM_GUIDE = ("https://learn.arm.com/learning-paths/servers-and-cloud-computing/"
              "nginx_tune/tune_static_file_server")
_H2O_DOCS = "https://h2o.examp1e.net/configure/"
_HTTPLIB_531 = "https://github.com/yhirose/cpp-httplib/issues/531"

NGINX_SETUP = f"""\
`nginx -c nginx.conf` (master and one worker, in the foreground), with
`MAX` = the connections needed plus room, `TMP` its scratch folder:

```nginx
{nginx_conf(_PORT, _ROOT, _TMP, _MAX)}```

Where each setting comes from:

- `location = /` with `try_files /hello.html =404`: an exact-match location
  ends nginx's location search at once, and `try_files` names the file
  ([core module: location, try_files]({_NGINX_CORE}#location); the admin
  guide's [Serve Static Content]({_NGINX_STATIC}) for `try_files`), instead of
  `index`, which looks the index file up on every request.
- `open_file_cache` with `_valid`, `_min_uses` and `_errors`: the values of
  the directive's own example ([core module: open_file_cache]({_NGINX_CORE}#open_file_cache));
  descriptors and sizes of open files stay cached. h2o's static-file
  benchmark ran nginx with it too (h2o's docs, *Benchmarks*).
- `keepalive_requests 1000000`: the default is 1,000 requests per connection
  since 1.19.10 ([core module: keepalive_requests]({_NGINX_CORE}#keepalive_requests)),
  after which nginx closes the connection and wrk must connect again; Arm's
  [nginx tuning guide for a static file server]({_ARM_GUIDE}) sets 10⁹.
- `sendfile on`, `tcp_nopush on`: the admin guide's performance section
  ([Serve Static Content]({_NGINX_STATIC})) and Arm's guide; `tcp_nodelay`
  is on by default.
- `access_log off`: Arm's guide; no line written per request.
- `worker_processes 1`: one core against one core (every server runs on
  CPU 0); `worker_connections` and `worker_rlimit_nofile` are raised to hold
  the idle connections.
"""

NGINX_DEFERRED_SETUP = f"""\
The configuration above with one line changed: `listen 127.0.0.1:PORT
deferred backlog=4096;` ([core module: listen]({_NGINX_CORE}#listen)).

- `deferred`: `TCP_DEFER_ACCEPT` on Linux. nginx is then handed a
  connection only once its request has arrived, as ours and h2o are by
  default.
- `backlog=4096`: nginx's default is 511 on Linux; NGINX's
  [tuning guide]({_NGINX_TUNING}) asks for the listen backlog to match
  `net.core.somaxconn` when that is above 512 (4096 here; ours listens with
  `SOMAXCONN`, 4096). While it defers, the kernel holds each connection as
  half-open, in a queue as long as the backlog: with 511, when wrk opened
  its 1,000 connections at once, about half of them overflowed it and were
  set up with SYN cookies, which cannot be deferred (488 of 1,000 in a
  probe), so the row would have deferred only some.
- `multi_accept` stays off, nginx's default, as above: nginx accepts one
  connection per pass of its event loop, each pass also serving the
  connections it has. The 1,000 connections' first requests arrive
  together, so they are handed over together, and the last of them waits
  more than a second to be accepted: under keep-alive with 1,000
  connections that wait is this row's p99, and its errors are wrk's 2 s
  timeouts (in a 3 s probe: p99 1.16 s and 93 timeouts; with
  `multi_accept on`, 19 ms and none).

The targets are judged against nginx as configured above; this row shows
what the deferred accept changes (bench/ANALYSIS.md, *Deferring, and wrk's
clock*).
"""

H2O_SETUP = f"""\
`h2o --mode worker -c h2o.conf` (one process in the foreground):

```yaml
{h2o_conf(_PORT, _ROOT, _MAX)}```

Where each setting comes from ([h2o's configuration docs]({_H2O_DOCS}), the
same pages as Debian's `h2o-doc` for the version measured):

- `num-threads: 1` (*Base Directives*; the default is one per CPU): one
  thread, like nginx's one worker, pinned to CPU 0 like every server.
- `file.file` under the path `/` (*File Directives*: maps a path to one
  file). h2o keeps its own cache of open files, updated when a file changes
  (*Benchmarks*), so no directive is needed for that.
- No `access-log` (*Access Log Directives*): h2o writes an access log only
  where one is configured.
- `http1-request-timeout: 75` (*HTTP/1 Directives*; default 10 s): how long
  a kept-alive connection may wait for its next request; 75 s is nginx's
  default `keepalive_timeout`, so that idle connections stay open for the
  whole idle workload on every server (ours keeps them 30 s). The HTTP/1
  directives set no limit on requests per connection.
- `max-connections` (*Base Directives*; default 1,024): raised to hold
  1,000 wrk connections, and the idle ones.
"""

HTTPLIB_SETUP = f"""\
`bench/httplib_server.cc`, built with `-c opt` against Debian's
`libcpp-httplib-dev` (the compiled library), two ways:

- **defaults**: the library as shipped. `httplib.h` sets a thread pool of
  `CPPHTTPLIB_THREAD_POOL_COUNT` = max(8, cores − 1) workers, each holding
  one connection at a time; keep-alive for 5 requests or 5 s
  (`CPPHTTPLIB_KEEPALIVE_MAX_COUNT`, `_TIMEOUT_SECOND`); and
  `CPPHTTPLIB_TCP_NODELAY` false: Nagle's algorithm stays on, so a kept-alive
  answer can wait for the client's delayed ACK (about 40 ms).
- **set_tcp_nodelay(true)**: the same server with
  `httplib::Server::set_tcp_nodelay(true)`, the switch its users asked for to
  turn Nagle's algorithm off ([cpp-httplib#531]({_HTTPLIB_531})).
"""


def ours_setup(threads: int) -> str:
    return (f"`server --threads {threads} --root server/static`, built with `-c opt`; "
            "its own defaults otherwise (`server --help`).\n")


def all_peers(threads: int) -> List[Peer]:
    """Every server, in the order they take turns."""
    return [
        Peer("ours", f"ours ({threads} threads)", _ours, ours_setup(threads)),
        Peer("nginx", "nginx (tuned, 1 worker)", _nginx(False), NGINX_SETUP),
        Peer("nginx-deferred", "nginx (tuned, deferred accept)", _nginx(True),
             NGINX_DEFERRED_SETUP),
        Peer("h2o", "h2o (1 thread)", _h2o, H2O_SETUP),
        Peer("httplib", "cpp-httplib, defaults", _httplib(False), HTTPLIB_SETUP),
        Peer("httplib-nodelay", "cpp-httplib, set_tcp_nodelay", _httplib(True), ""),
    ]


KEYS = [peer.key for peer in all_peers(1)]

T = TypeVar("T")


def turn_order(servers: Sequence[T], round_: int) -> List[T]:
    """The order of a round's turns (rounds count from 1): as listed in odd
    rounds, reversed in even ones, so that no server always goes first, or
    always right after the same one."""
    return list(servers) if round_ % 2 else list(reversed(servers))
