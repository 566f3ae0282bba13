#!/usr/bin/env python3
"""Loopback load test of `indicator-dsl serve`: a fixed number of requests from concurrent clients.

The service runs in its own process (`python -m indicator_dsl serve` on a free 127.0.0.1 port),
so the clients do not share its interpreter.  Each client thread keeps one HTTP/1.1 connection
and sends its share of the requests; every request is timed end to end (send → whole answer).

Workloads:
  /check   the bundled example scorecard (seed 000, 14 indicators) as JSON text
  /score   the same scorecard with its actuals as JSON rows → the ScoreReport
The scorecard is the same on every request, so after the first one the service answers from its
catalog cache (by content hash): this measures the service, not the parser.

Prints, per endpoint: requests, errors (any status but 200, or a broken connection), p50 / p99
latency in milliseconds and requests per second.  Usage:
  python benchmarks/bench_serve.py [--requests 400] [--clients 8]
"""

from __future__ import annotations

import argparse
import csv
import http.client
import io
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from indicator_dsl.scoring import example_paths


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "indicator_dsl", "serve", "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the service did not start")


def bodies() -> dict[str, bytes]:
    card_path, actuals_path = example_paths()
    card = card_path.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(Path(actuals_path).read_text(encoding="utf-8-sig"))))
    return {
        "/check": json.dumps({"text": card, "name": card_path.name}, ensure_ascii=False).encode(),
        "/score": json.dumps({"scorecard": card, "actuals": rows}, ensure_ascii=False).encode(),
    }


def client(port: int, path: str, body: bytes, count: int, times: list[float], errors: list[str]) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Content-Type": "application/json"}
    for _ in range(count):
        start_at = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            resp = conn.getresponse()
            resp.read()
            if resp.status != 200:
                errors.append(str(resp.status))
        except (OSError, http.client.HTTPException) as exc:
            errors.append(type(exc).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        times.append(time.perf_counter() - start_at)
    conn.close()


def run(port: int, path: str, body: bytes, requests: int, clients: int) -> dict[str, float]:
    times: list[float] = []
    errors: list[str] = []
    shares = [requests // clients + (1 if i < requests % clients else 0) for i in range(clients)]
    threads = [threading.Thread(target=client, args=(port, path, body, n, times, errors)) for n in shares]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    ms = sorted(x * 1000 for x in times)
    return {
        "requests": len(ms),
        "errors": len(errors),
        "p50": statistics.median(ms),
        "p99": ms[min(len(ms) - 1, int(len(ms) * 0.99))],
        "rps": len(ms) / elapsed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint (default 400)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    args = parser.parse_args()
    port = free_port()
    proc = start(port)
    try:
        print(f"indicator-dsl serve on 127.0.0.1:{port}; {args.clients} clients; {os.cpu_count()} CPUs")
        print(f"{'endpoint':<8} {'requests':>8} {'errors':>6} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>7}")
        for path, body in bodies().items():
            run(port, path, body, args.clients, args.clients)  # warm-up: cache filled, connections open
            r = run(port, path, body, args.requests, args.clients)
            print(f"{path:<8} {r['requests']:>8} {r['errors']:>6} {r['p50']:>8.1f} {r['p99']:>8.1f} {r['rps']:>7.1f}")
    finally:
        proc.terminate()
        proc.wait(30)


if __name__ == "__main__":
    main()
