#!/usr/bin/env python3
"""Large-file scenarios against a running HTTP server on loopback.

  downloads.py make-file PATH [--size BYTES]
      Writes BYTES (default 200 MB) of seeded pseudo-random bytes to PATH:
      put it under the server's root, then name it with --path and --file.

  downloads.py slow-readers --port N --path /big.bin --file PATH
                            [--downloads 8] [--rate 5000000] [--probe-every 0.25]
                            [--target-ms 50]
      Starts --downloads downloads of --path, each read at --rate bytes/s,
      and while they run asks GET / every --probe-every seconds. Met when
      every probe was answered within --target-ms and every download came
      back whole and byte-identical to --file.

  downloads.py memory --port N --pid PID --path /big.bin --file PATH
                      [--downloads 8] [--rate 0] [--limit-mb 16]
      Samples the resident memory of process PID (the server) every 10 ms
      while --downloads downloads of --path run at once (--rate 0: as fast
      as they go). Met when the peak is less than --limit-mb above the
      resident memory before they started, and every download was whole.

Output: one JSON object on stdout (the figures, and "met"); a summary on
stderr. Exit status 0 once measured (met or not), 1 if the server could not
be measured (no answer, a wrong status), 2 for bad arguments. Talks only to
127.0.0.1; every connection and thread ends with the run.
"""

import argparse
import hashlib
import json
import random
import socket
import statistics
import sys
import threading
import time

HOST = "127.0.0.1"


def make_file(path, size):
    rng = random.Random(20261201)
    with open(path, "wb") as out:
        left = size
        while left > 0:
            piece = min(left, 1 << 20)
            out.write(rng.randbytes(piece))
            left -= piece


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            piece = f.read(1 << 20)
            if not piece:
                return digest.hexdigest()
            digest.update(piece)


def request(path):
    return (f"GET {path} HTTP/1.1\r\nHost: {HOST}\r\n"
            "Connection: close\r\n\r\n").encode()


def split_head(sock, deadline):
    """Reads up to the end of the response head; returns (status, rest)."""
    data = b""
    while b"\r\n\r\n" not in data:
        sock.settimeout(max(deadline - time.monotonic(), 0.001))
        piece = sock.recv(65536)
        if not piece:
            raise ConnectionError("closed before the end of the head")
        data += piece
    head, rest = data.split(b"\r\n\r\n", 1)
    status = int(head.split(b" ", 2)[1])
    return status, rest


class Download(threading.Thread):
    """GET `path`, read at `rate` bytes/s (0: as fast as it comes)."""

    def __init__(self, port, path, rate, timeout):
        super().__init__(daemon=True)
        self.port, self.path, self.rate, self.timeout = port, path, rate, timeout
        self.status, self.size, self.digest, self.error = None, 0, None, None
        self.seconds = 0.0

    def run(self):
        start = time.monotonic()
        digest = hashlib.sha256()
        try:
            with socket.create_connection((HOST, self.port), timeout=10) as s:
                s.sendall(request(self.path))
                self.status, rest = split_head(s, start + 10)
                digest.update(rest)
                self.size = len(rest)
                chunk = 64 * 1024
                while True:
                    if self.rate:
                        # Pace to the rate: the next read waits until the
                        # bytes so far are due.
                        due = start + self.size / self.rate
                        pause = due - time.monotonic()
                        if pause > 0:
                            time.sleep(pause)
                    s.settimeout(max(start + self.timeout - time.monotonic(),
                                     0.001))
                    piece = s.recv(chunk)
                    if not piece:
                        break
                    digest.update(piece)
                    self.size += len(piece)
        except (OSError, ValueError, IndexError) as e:
            self.error = str(e)
        self.digest = digest.hexdigest()
        self.seconds = time.monotonic() - start


def probe(port):
    """Milliseconds to GET / (connect to last byte), and its status."""
    start = time.monotonic()
    with socket.create_connection((HOST, port), timeout=10) as s:
        s.sendall(request("/"))
        status, _ = split_head(s, start + 10)
        s.settimeout(10)
        while s.recv(65536):
            pass
    return (time.monotonic() - start) * 1000, status


def start_downloads(args, timeout):
    downloads = [Download(args.port, args.path, args.rate, timeout)
                 for _ in range(args.downloads)]
    for d in downloads:
        d.start()
    return downloads


def check_downloads(downloads, expected_digest, expected_size):
    whole = [d.status == 200 and d.size == expected_size and
             d.digest == expected_digest and d.error is None
             for d in downloads]
    return {
        "downloads": len(downloads),
        "downloads_whole": sum(whole),
        "download_seconds": [round(d.seconds, 1) for d in downloads],
        "download_errors": sorted({d.error for d in downloads if d.error}),
    }, all(whole)


def slow_readers(args):
    size, digest = file_size(args.file), file_digest(args.file)
    idle_ms, status = probe(args.port)
    if status != 200:
        raise RuntimeError(f"GET / answered {status}")
    timeout = size / args.rate * 3 + 60 if args.rate else 600
    downloads = start_downloads(args, timeout)
    time.sleep(1.0)  # Every download under way.
    probes = []
    while any(d.is_alive() for d in downloads):
        ms, status = probe(args.port)
        if status != 200:
            raise RuntimeError(f"GET / answered {status} during downloads")
        probes.append(ms)
        time.sleep(args.probe_every)
    for d in downloads:
        d.join()
    figures, whole = check_downloads(downloads, digest, size)
    slowest = max(probes) if probes else float("nan")
    figures.update({
        "scenario": "slow-readers",
        "rate_bytes_per_second": args.rate,
        "file_bytes": size,
        "idle_get_ms": round(idle_ms, 2),
        "probes": len(probes),
        "probe_median_ms": round(statistics.median(probes), 2) if probes else None,
        "probe_max_ms": round(slowest, 2),
        "target_ms": args.target_ms,
    })
    figures["met"] = whole and bool(probes) and slowest <= args.target_ms
    print(f"slow-readers: {figures['downloads_whole']}/{args.downloads} "
          f"downloads whole; GET / during them: median "
          f"{figures['probe_median_ms']} ms, max {figures['probe_max_ms']} ms "
          f"over {len(probes)} probes (idle: {figures['idle_get_ms']} ms); "
          f"{'met' if figures['met'] else 'NOT met'}", file=sys.stderr)
    return figures


def resident_bytes(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def memory(args):
    size, digest = file_size(args.file), file_digest(args.file)
    _, status = probe(args.port)
    if status != 200:
        raise RuntimeError(f"GET / answered {status}")
    before = resident_bytes(args.pid)
    downloads = start_downloads(args, 600)
    peak = before
    while any(d.is_alive() for d in downloads):
        peak = max(peak, resident_bytes(args.pid))
        time.sleep(0.01)
    for d in downloads:
        d.join()
    figures, whole = check_downloads(downloads, digest, size)
    rise = peak - before
    figures.update({
        "scenario": "memory",
        "file_bytes": size,
        "rss_before_bytes": before,
        "rss_peak_bytes": peak,
        "rss_rise_bytes": rise,
        "limit_bytes": args.limit_mb << 20,
    })
    figures["met"] = whole and rise < (args.limit_mb << 20)
    print(f"memory: {figures['downloads_whole']}/{args.downloads} downloads "
          f"whole; resident memory {before >> 20} MB before, peak "
          f"{peak >> 20} MB: +{rise / (1 << 20):.1f} MB (limit "
          f"{args.limit_mb} MB); {'met' if figures['met'] else 'NOT met'}",
          file=sys.stderr)
    return figures


def file_size(path):
    with open(path, "rb") as f:
        return f.seek(0, 2)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make-file")
    make.add_argument("path")
    make.add_argument("--size", type=int, default=200_000_000)
    for name in ("slow-readers", "memory"):
        c = commands.add_parser(name)
        c.add_argument("--port", type=int, required=True)
        c.add_argument("--path", required=True)
        c.add_argument("--file", required=True)
        c.add_argument("--downloads", type=int, default=8)
    commands.choices["slow-readers"].add_argument("--rate", type=int,
                                                  default=5_000_000)
    commands.choices["slow-readers"].add_argument("--probe-every", type=float,
                                                  default=0.25)
    commands.choices["slow-readers"].add_argument("--target-ms", type=float,
                                                  default=50)
    commands.choices["memory"].add_argument("--pid", type=int, required=True)
    commands.choices["memory"].add_argument("--rate", type=int, default=0)
    commands.choices["memory"].add_argument("--limit-mb", type=int, default=16)
    args = parser.parse_args()
    if args.command == "make-file":
        make_file(args.path, args.size)
        return 0
    try:
        figures = slow_readers(args) if args.command == "slow-readers" \
            else memory(args)
    except (OSError, RuntimeError, ValueError, IndexError) as e:
        print(f"downloads.py: could not measure: {e}", file=sys.stderr)
        return 1
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
