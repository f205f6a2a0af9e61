"""``webhooks``: signed events through each receiver against a minimal handler, server CPU and rate.

Four servers run, each in its own process (`benchmarks.webhooks_server`): for
aiohttp and for Starlette (under uvicorn, as the FastAPI guide runs it), the
package's receiver (de-duplication on: its default `MemorySeenStore`, a handler
that does nothing) and the minimal handler the issue sets as the limit (read the
body, HMAC, ``json.loads``, 200) on the same framework and server. This process
drives them: a campaign of calls, each sending the published example of every
webhook event (`tests/samples/webhooks`, a new dial id per call, so that no event
is a redelivery), signed, over ``webhooks_connections`` keep-alive connections with
one request in flight on each. Every server gets every round's events in turn,
alternating, and must answer 200 to each. Timed: the server's CPU seconds for the
run (it reports its own ``time.process_time``) and the run's wall seconds; events
per second is the events over either.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from benchmarks.config import Sizes
from benchmarks.timing import CPU, WALL, Row, compare, measure
from benchmarks.webhooks_server import FRAMEWORKS, MINIMAL, PATH, RECEIVER, SECRET, SIGNATURE_HEADER
from tests.webhooks.conftest import event_samples, sample
from vogent_async.webhooks import sign

#: The issue's target: at most 1.25x the minimal handler's CPU per event (and time
#: for the same events, i.e. at least 0.8x its events per second).
TARGET = 1.25
HOST = "127.0.0.1"


def campaign(calls: int, round_: int) -> list[bytes]:
    """HTTP requests for ``calls`` calls, each sending every example event with its own dial id."""
    examples = [sample(name)["body"] for name in event_samples()]
    requests = []
    for call in range(calls):
        dial_id = str(uuid.UUID(int=(round_ << 64) | call))
        for example in examples:
            requests.append(request(_with_dial(example, dial_id)))
    return requests


def _with_dial(example: dict[str, Any], dial_id: str) -> bytes:
    body = json.loads(json.dumps(example))
    payload = body.get("payload", body)  # a function call has no envelope
    payload["dial_id"] = dial_id
    if "dial" in payload:
        payload["dial"]["id"] = dial_id
    return json.dumps(body).encode()


def request(body: bytes) -> bytes:
    """The bytes of one signed POST of ``body``, as a webhook sender would write it."""
    head = (
        f"POST {PATH} HTTP/1.1\r\nHost: {HOST}\r\nUser-Agent: bench-sender\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        f"{SIGNATURE_HEADER}: {sign(body, SECRET)}\r\n\r\n"
    )
    return head.encode() + body


class _Sender(asyncio.Protocol):
    """One keep-alive connection: sends the next request when the last answer is complete."""

    def __init__(self, queue: Iterator[bytes], statuses: list[int], done: asyncio.Future[None]):
        self._queue, self._statuses, self._done = queue, statuses, done
        self._buffer = b""
        self._transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self._transport = transport
        self._send()

    def _send(self) -> None:
        assert self._transport is not None
        data = next(self._queue, None)
        if data is None:
            self._transport.close()
            return
        self._transport.write(data)

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        while (end := self._buffer.find(b"\r\n\r\n")) >= 0:
            head = self._buffer[:end].lower() + b"\r\n"
            at = head.find(b"\r\ncontent-length:")
            length = int(head[at + 17 : head.find(b"\r\n", at + 2)]) if at >= 0 else 0
            if len(self._buffer) < end + 4 + length:
                return
            self._statuses.append(int(head[9:12]))
            self._buffer = self._buffer[end + 4 + length :]
            self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self._done.done():
            self._done.set_result(None)


async def send(port: int, requests: list[bytes], connections: int) -> list[int]:
    """Send every request over ``connections`` connections; the statuses answered."""
    loop = asyncio.get_running_loop()
    queue, statuses = iter(requests), list[int]()
    finished: list[asyncio.Future[None]] = []
    for _ in range(connections):
        done: asyncio.Future[None] = loop.create_future()
        await loop.create_connection(functools.partial(_Sender, queue, statuses, done), HOST, port)
        finished.append(done)
    await asyncio.gather(*finished)
    return statuses


class Server:
    """One `benchmarks.webhooks_server` process."""

    def __init__(self, kind: str, profile: Path | None = None) -> None:
        root = Path(__file__).resolve().parent.parent
        command = [sys.executable, "-m", "benchmarks.webhooks_server", kind]
        command += [str(profile)] if profile else []
        self.proc = subprocess.Popen(
            command, cwd=root, stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.port: int = self._answer()["port"]

    def _answer(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"a webhooks server exited with {self.proc.wait()}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def cpu(self) -> float:
        """The server's CPU seconds so far."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"\n")
        self.proc.stdin.flush()
        cpu: float = self._answer()["cpu"]
        return cpu

    def close(self) -> None:
        """Close its stdin (it exits) and wait for it."""
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                pipe.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@contextlib.contextmanager
def running(kinds: list[str], profile: Path | None = None) -> Iterator[dict[str, Server]]:
    """A server process for each of ``kinds``."""
    servers: dict[str, Server] = {}
    try:
        for kind in kinds:
            servers[kind] = Server(kind, profile and profile.with_suffix(f".{kind}.prof"))
        yield servers
    finally:
        for server in servers.values():
            server.close()


def _timed(
    server: Server, rounds: list[list[bytes]], sizes: Sizes, cpu: list[float]
) -> Callable[[], None]:
    """One run: the next round's events to ``server``; appends its CPU seconds to ``cpu``."""
    queue = iter(rounds)

    def timed() -> None:
        requests = next(queue)
        start = server.cpu()
        statuses = asyncio.run(send(server.port, requests, sizes.webhooks_connections))
        cpu.append(server.cpu() - start)
        if len(statuses) != len(requests) or set(statuses) != {200}:
            raise AssertionError(f"{len(statuses)} answers of {len(requests)}: {set(statuses)}")

    return timed


def run(root: str, sizes: Sizes) -> list[Row]:
    """CPU and wall rows for each framework: the receiver against its minimal handler."""
    rounds = [campaign(sizes.webhooks_calls, r) for r in range(sizes.runs + 1)]
    events = len(rounds[0])
    kinds = [f"{f}-{h}" for f in FRAMEWORKS for h in (MINIMAL, RECEIVER)]
    cpu: dict[str, list[float]] = {kind: [] for kind in kinds}
    with running(kinds) as servers:
        variants = {k: _timed(servers[k], rounds, sizes, cpu[k]) for k in kinds}
        walls = measure(variants, sizes.runs, clock=time.perf_counter)
    rows: list[Row] = []
    note = (
        f"{events:,} signed events a run ({sizes.webhooks_calls:,} calls x"
        f" {events // sizes.webhooks_calls} examples), {sizes.webhooks_connections} connections"
    )
    for framework in FRAMEWORKS:
        minimal, receiver = f"{framework}-{MINIMAL}", f"{framework}-{RECEIVER}"
        names = {minimal: f"{framework}, minimal handler", receiver: f"{framework}, receiver"}
        for unit, samples in ((CPU, cpu), (WALL, walls)):
            rows += compare(
                f"webhooks {framework} {'CPU' if unit == CPU else 'wall'}",
                {names[k]: samples[k][-sizes.runs :] for k in (minimal, receiver)},
                baseline=names[minimal],
                targets={names[receiver]: TARGET},
                notes={names[minimal]: note + ("; server CPU" if unit == CPU else "")},
                unit=unit,
                items=events,
            )
    return rows
