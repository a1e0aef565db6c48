"""The load client for `make bench-vote`: Python threads posting forms over http.client.

Standard library only. Each thread holds one connection and reuses it while the server keeps it
open (gthread workers do; sync workers close it after each response, so those clients connect
again). Two ways to drive the server:

- closed loop (`rate=None`): every client sends its next request as soon as the last one is
  answered, which finds the server's ceiling; by Little's law the latency is then the number
  of clients divided by the throughput, so it says how long the queue is, not how fast a vote is;
- paced (`rate=r`): request k is due at start + k / r and its latency counts from then, so a
  server that falls behind is charged for the wait (no coordinated omission).
"""

import http.client
import os
import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

RECEIPT = re.compile(rb"data-receipt-code>\s*([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})\s*<")
CSRF_TOKEN = "benchbenchbenchbenchbenchbench00"  # noqa: S105 - a CSRF secret, 32 characters


@dataclass(frozen=True)
class Attempt:
    voter: int  # the index of the voter's session
    form: str  # the form body, without the CSRF token


@dataclass
class Phase:
    name: str
    latencies: list[float] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    receipts: dict[int, list[str]] = field(default_factory=dict)  # voter → receipts shown
    refused: list[int] = field(default_factory=list)  # voters told they had already voted
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    wall: float = 0.0
    client_cpu: float = 0.0
    machine_busy: float = 0.0
    load_before: float = 0.0  # the one-minute load average as the phase began
    clients: int = 0
    rate: float | None = None

    def summary(self) -> dict:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            if not ordered:
                return float("nan")
            return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

        return {
            "phase": self.name,
            "clients": self.clients,
            "offered_rate": self.rate,
            "requests": len(ordered),
            "seconds": round(self.wall, 2),
            "per_second": round(len(ordered) / self.wall, 1) if self.wall else 0.0,
            "p50_ms": round(pct(50), 1),
            "p90_ms": round(pct(90), 1),
            "p99_ms": round(pct(99), 1),
            "max_ms": round(ordered[-1] * 1000, 1) if ordered else None,
            "outcomes": dict(self.outcomes),
            "errors": len(self.errors),
            "first_errors": self.errors[:5],
            "retries": self.retries,
            "client_cpu_percent_of_one_core": round(100 * self.client_cpu / self.wall, 1)
            if self.wall
            else 0.0,
            "machine_busy_percent": round(100 * self.machine_busy, 1),
            "load_average_before": round(self.load_before, 2),
        }


def _cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies over all CPUs, from /proc/stat."""
    with open("/proc/stat") as stat:
        values = [float(v) for v in stat.readline().split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


class _Client:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.connection: http.client.HTTPConnection | None = None
        self.used = False

    def post(self, path: str, body: str, cookie: str) -> tuple[int, bytes, bool]:
        """POST a form; return the status, the body and whether the request was retried."""
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": cookie,
            "Host": f"{self.host}:{self.port}",
        }
        for retry in (False, True):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
                self.used = False
            reused = self.used
            try:
                self.connection.request("POST", path, body=body, headers=headers)
                self.used = True
                response = self.connection.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                self.connection = None
                # Only a kept-alive connection that the server had already closed is retried:
                # the request never reached the application. Anything else is an error.
                if reused and not retry:
                    continue
                raise
            if response.will_close:
                self.connection.close()
                self.connection = None
            return response.status, data, retry
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def run_phase(
    *,
    name: str,
    host: str,
    port: int,
    path: str,
    attempts: Iterator[Attempt],
    sessions: Sequence[str],
    classify: Callable[[int, bytes, Phase, Attempt], None],
    clients: int,
    seconds: float,
    rate: float | None = None,
) -> Phase:
    """Send attempts from `clients` threads until they run out or `seconds` have passed."""
    phase = Phase(name=name, clients=clients, rate=rate, load_before=os.getloadavg()[0])
    lock = threading.Lock()
    counter = iter(range(10**9))
    start_gate = threading.Barrier(clients + 1)
    started: list[float] = []

    def worker() -> None:
        client = _Client(host, port)
        start_gate.wait()
        t0 = started[0]
        try:
            while True:
                with lock:
                    k = next(counter)
                    attempt = next(attempts, None)
                if attempt is None:
                    return
                due = t0 + k / rate if rate else time.perf_counter()
                if due - t0 > seconds:
                    return
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                body = f"csrfmiddlewaretoken={CSRF_TOKEN}&{attempt.form}"
                cookie = f"sessionid={sessions[attempt.voter]}; csrftoken={CSRF_TOKEN}"
                try:
                    status, data, retried = client.post(path, body, cookie)
                except OSError as error:
                    with lock:
                        phase.errors.append(f"{type(error).__name__}: {error}")
                        phase.outcomes["connection error"] += 1
                    continue
                done = time.perf_counter()
                with lock:
                    phase.latencies.append(done - due)
                    phase.retries += retried
                    classify(status, data, phase, attempt)
        finally:
            client.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    busy0, total0 = _cpu_times()
    cpu0 = time.process_time()
    started.append(time.perf_counter())
    start_gate.wait()
    for thread in threads:
        thread.join()
    phase.wall = time.perf_counter() - started[0]
    phase.client_cpu = time.process_time() - cpu0
    busy1, total1 = _cpu_times()
    phase.machine_busy = (busy1 - busy0) / max(1.0, total1 - total0)
    return phase


def classify_vote(status: int, data: bytes, phase: Phase, attempt: Attempt) -> None:
    match = RECEIPT.search(data) if status == 200 else None
    if match:
        phase.outcomes["recorded"] += 1
        phase.receipts.setdefault(attempt.voter, []).append(match.group(1).decode())
    elif status == 200 and b"already voted" in data:
        phase.outcomes["already voted"] += 1
        phase.refused.append(attempt.voter)
    else:
        phase.outcomes[f"HTTP {status}"] += 1
        phase.errors.append(f"HTTP {status}: {data[:200]!r}")


def classify_bare(status: int, data: bytes, phase: Phase, attempt: Attempt) -> None:
    if status == 200 and data == b"recorded":
        phase.outcomes["recorded"] += 1
    else:
        phase.outcomes[f"HTTP {status}"] += 1
        phase.errors.append(f"HTTP {status}: {data[:200]!r}")
