"""Where each process runs, and starting a server until it answers.

Servers run pinned to SERVER_CPU and every load generator (wrk, the
idle-connection holder, bench/downloads.py) to CLIENT_CPU; on a one-CPU
machine nothing is pinned.
"""
from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from typing import List, Optional

from harness import peers, quiet
from harness.machine import log
from harness.processes import (HarnessError, Processes, answers_ok, free_port,
                               wait_for_line, wait_until_answering)

SERVER_CPU, CLIENT_CPU = (0, 1) if (os.cpu_count() or 1) >= 2 else (None, None)
PINNING = ("servers on CPU 0, wrk, the idle-connection holder and bench/downloads.py "
           "on CPU 1" if SERVER_CPU is not None else "not pinned: one CPU")


@dataclass
class Server:
    peer: peers.Peer
    process: subprocess.Popen
    port: int


def taskset(cpu: Optional[int]) -> List[str]:
    return [] if cpu is None else ["taskset", "-c", str(cpu)]


def start(peer: peers.Peer, site: peers.Site, processes: Processes,
          tag: Optional[str] = None) -> Server:
    """Starts `peer` on SERVER_CPU, its output in the log named `tag`
    (default its key), and waits until it answers GET / with 200."""
    tag = tag or peer.key
    launch = peer.launch(site, free_port())
    for path, text in launch.files.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as out:
            out.write(text)
    process = processes.start(tag, launch.argv, cpu=SERVER_CPU)
    if launch.port_pattern:
        port = int(wait_for_line(processes.log_path(tag), launch.port_pattern, 30,
                                 process).group(1))
    else:
        port = launch.port
        wait_until_answering(port, 30)
    if not answers_ok(port):
        with open(processes.log_path(tag)) as out:
            raise HarnessError(f"{peer.name} does not answer GET / with 200:\n{out.read()}")
    log(f"{peer.name}: http://127.0.0.1:{port}/ answers 200")
    return Server(peer, process, port)


def group_pids(server: Server) -> List[int]:
    """Every process of the server (nginx: its master and its worker)."""
    group = server.process.pid
    return [p.pid for p in quiet.read_processes().values() if p.group == group]
