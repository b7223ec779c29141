#!/usr/bin/env python3
"""Large-file scenarios against a running HTTP server on loopback: the load
generator of bench/http's slow-readers and memory scenarios.

  downloads.py make-file PATH [--size BYTES]
      Writes BYTES (default 200 MB) of seeded pseudo-random bytes to PATH
      and flushes them to disk: put it under the server's root, then name
      it with --path and --file.

  downloads.py slow-readers --port N --path /big.bin --file PATH
                            [--downloads 8] [--rate 5000000]
                            [--probe-every 0.25] [--idle-probes 20]
      Asks GET / --idle-probes times, every --probe-every seconds, each on a
      fresh connection; then starts --downloads downloads of --path, each
      read at --rate bytes/s, and goes on asking GET / the same way until
      they have all ended.

  downloads.py memory --port N --pids PID[,PID...] --path /big.bin
                      --file PATH [--downloads 8] [--rate 0]
      Samples the resident memory of the server's processes (added up)
      every 10 ms while --downloads downloads of --path run at once
      (--rate 0: as fast as they go).

Output: one JSON line on stdout with what was measured, raw: every probe
(milliseconds, status; 0 when unanswered), every download (status, bytes,
SHA-256, seconds, error), the file's size and SHA-256, resident memory
before and at its peak. bench/http (harness/large_files.py) turns it into
figures and verdicts. A summary goes to stderr. Exit status 0 once measured,
1 if the server could not be measured (it does not answer GET / with 200
before the downloads), 2 for bad arguments. Talks only to 127.0.0.1; every
connection and thread ends with the run.
"""

import argparse
import hashlib
import json
import os
import random
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
PROBE_TIMEOUT = 10.0  # Seconds; a probe that takes longer counts as unanswered.


def make_file(path, size):
    rng = random.Random(20261201)
    with open(path, "wb") as out:
        left = size
        while left > 0:
            piece = min(left, 1 << 20)
            out.write(rng.randbytes(piece))
            left -= piece
        # On disk now, so that no writeback runs while a server is measured.
        out.flush()
        os.fsync(out.fileno())


def file_digest(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            piece = f.read(1 << 20)
            if not piece:
                return digest.hexdigest()
            digest.update(piece)


def file_size(path):
    with open(path, "rb") as f:
        return f.seek(0, 2)


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
        self.status, self.size, self.error = None, 0, None
        self.digest = hashlib.sha256()
        self.seconds = 0.0

    def run(self):
        start = time.monotonic()
        try:
            with socket.create_connection((HOST, self.port), timeout=10) as s:
                s.sendall(request(self.path))
                self.status, rest = split_head(s, start + 10)
                self.digest.update(rest)
                self.size = len(rest)
                while True:
                    if self.rate:
                        # Paced: the next read waits until the bytes so far
                        # are due.
                        pause = start + self.size / self.rate - time.monotonic()
                        if pause > 0:
                            time.sleep(pause)
                    s.settimeout(max(start + self.timeout - time.monotonic(), 0.001))
                    piece = s.recv(64 * 1024)
                    if not piece:
                        break
                    self.digest.update(piece)
                    self.size += len(piece)
        except (OSError, ValueError, IndexError) as e:
            self.error = str(e) or type(e).__name__
        self.seconds = time.monotonic() - start

    def figures(self):
        return {"status": self.status, "bytes": self.size,
                "sha256": self.digest.hexdigest(),
                "seconds": round(self.seconds, 3), "error": self.error}


def probe(port):
    """[milliseconds to GET / on a fresh connection, connect to last byte;
    its status, 0 when it was not answered]."""
    start = time.monotonic()
    try:
        with socket.create_connection((HOST, port), timeout=PROBE_TIMEOUT) as s:
            s.sendall(request("/"))
            status, _ = split_head(s, start + PROBE_TIMEOUT)
            s.settimeout(max(start + PROBE_TIMEOUT - time.monotonic(), 0.001))
            while s.recv(65536):
                pass
    except (OSError, ValueError, IndexError):
        status = 0
    return [round((time.monotonic() - start) * 1000, 3), status]


def probes_every(port, every, count=None, until=None):
    """Probes every `every` seconds: `count` times, or while until() holds."""
    taken = []
    while (count is None or len(taken) < count) and (until is None or until()):
        taken.append(probe(port))
        time.sleep(every)
    return taken


def start_downloads(args, timeout):
    downloads = [Download(args.port, args.path, args.rate, timeout)
                 for _ in range(args.downloads)]
    for d in downloads:
        d.start()
    return downloads


def check_answers(port):
    status = probe(port)[1]
    if status != 200:
        raise RuntimeError(f"GET / answered {status or 'nothing'}")


def file_figures(args):
    return {"file_bytes": file_size(args.file), "file_sha256": file_digest(args.file),
            "rate": args.rate}


def slow_readers(args):
    figures = file_figures(args)
    check_answers(args.port)
    idle = probes_every(args.port, args.probe_every, count=args.idle_probes)
    timeout = figures["file_bytes"] / args.rate * 3 + 60 if args.rate else 600
    downloads = start_downloads(args, timeout)
    time.sleep(1.0)  # Every download under way.
    during = probes_every(args.port, args.probe_every,
                          until=lambda: any(d.is_alive() for d in downloads))
    for d in downloads:
        d.join()
    figures.update(idle_probes=idle, probes=during,
                   downloads=[d.figures() for d in downloads])
    print(f"slow-readers: {len(downloads)} downloads ended after "
          f"{max(d.seconds for d in downloads):.1f} s; GET / asked {len(idle)} "
          f"times before them, {len(during)} times during them", file=sys.stderr)
    return figures


def resident_bytes(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            total += next(int(line.split()[1]) * 1024 for line in f
                          if line.startswith("VmRSS:"))
    return total


def memory(args):
    figures = file_figures(args)
    check_answers(args.port)
    before = resident_bytes(args.pids)
    downloads = start_downloads(args, 600)
    peak = before
    while any(d.is_alive() for d in downloads):
        peak = max(peak, resident_bytes(args.pids))
        time.sleep(0.01)
    for d in downloads:
        d.join()
    figures.update(rss_before_bytes=before, rss_peak_bytes=peak,
                   downloads=[d.figures() for d in downloads])
    print(f"memory: {len(downloads)} downloads ended after "
          f"{max(d.seconds for d in downloads):.1f} s; resident memory "
          f"{before:,} bytes before, {peak:,} at the peak", file=sys.stderr)
    return figures


def pid_list(text):
    try:
        pids = [int(p) for p in text.split(",") if p]
    except ValueError:
        pids = []
    if not pids:
        raise argparse.ArgumentTypeError(f"not a list of process ids: {text!r}")
    return pids


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("make-file")
    make.add_argument("path")
    make.add_argument("--size", type=int, default=200_000_000)
    slow = commands.add_parser("slow-readers")
    heavy = commands.add_parser("memory")
    for c in (slow, heavy):
        c.add_argument("--port", type=int, required=True)
        c.add_argument("--path", required=True)
        c.add_argument("--file", required=True)
        c.add_argument("--downloads", type=int, default=8)
    slow.add_argument("--rate", type=int, default=5_000_000)
    slow.add_argument("--probe-every", type=float, default=0.25)
    slow.add_argument("--idle-probes", type=int, default=20)
    heavy.add_argument("--pids", type=pid_list, required=True)
    heavy.add_argument("--rate", type=int, default=0)
    return parser.parse_args()


def main():
    args = parse_args()
    if args.command == "make-file":
        make_file(args.path, args.size)
        return 0
    try:
        figures = slow_readers(args) if args.command == "slow-readers" else memory(args)
    except (OSError, RuntimeError, ValueError, StopIteration) as e:
        print(f"downloads.py: could not measure: {e}", file=sys.stderr)
        return 1
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
