"""Findings of the adversarial probe (issue 19), each against a real server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import traceback
import zlib

import pytest
from aiohttp import web

import vogent_async
from vogent_async._send import Outgoing, Received, Unreachable

from ._listing import job
from ._server import LocalServer, drop_connection, json_response
from .conftest import FAST, SECRET_KEY

ROW = {"to_number": "+15550100"}


def _client(server: LocalServer, **settings: object) -> vogent_async.Client:
    return vogent_async.Client(
        SECRET_KEY,
        base_url=server.base_url,
        retry_policy=FAST,
        **settings,  # type: ignore[arg-type]
    )


def _locals_text(error: BaseException) -> str:
    """The traceback as ``pytest --showlocals`` or rich's ``show_locals`` would print it.

    The test's own frames (which hold the key on purpose) are left out; every
    frame of the package and the libraries below it, chained causes included, is in.
    """
    texts: list[str] = []
    link: traceback.TracebackException | None = traceback.TracebackException.from_exception(
        error, capture_locals=True
    )
    while link is not None:
        texts.append("".join(link.format_exception_only()))
        for frame in link.stack:
            if "/tests/" not in frame.filename:
                texts.append(f"{frame.filename}: {frame.locals}")
        link = link.__cause__ or link.__context__
    return "\n".join(texts)


def _bomb(inflated: int) -> bytes:
    """Gzip of ``inflated`` zero bytes, built in slices so the test stays small."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"0" * (1 << 20)
    parts = [packer.compress(block) for _ in range(inflated >> 20)]
    return b"".join([*parts, packer.flush()])


async def test_a_gzip_bomb_is_too_large_and_never_retried() -> None:
    """A small gzip body inflating past aiohttp's own limit is ResponseTooLargeError, sent once."""
    body = _bomb(48 << 20)  # 48 MiB inflated: below max_response_bytes, above aiohttp's cap

    async def handler(request: web.Request) -> web.StreamResponse:
        headers = {"Content-Type": "application/json", "Content-Encoding": "gzip"}
        return web.Response(body=body, headers=headers)

    async with LocalServer(handler) as server, _client(server) as client:
        with pytest.raises(vogent_async.ResponseTooLargeError, match="decompression"):
            await client.batch_dial_jobs.get("job_1")
    assert len(server.requests) == 1


async def test_the_http_librarys_resend_counts_against_max_retries() -> None:
    """A server that reads each request and resets the socket sees max_retries + 1 of them."""
    async with LocalServer(drop_connection) as server, _client(server, max_retries=2) as client:
        with pytest.raises(vogent_async.APIConnectionError):
            await client.batch_dial_jobs.get("job_1")
    assert len(server.requests) == 3


async def test_the_key_is_in_no_traceback_locals() -> None:
    """Errors raised inside the send path show no key with capture_locals=True."""
    bodies = {
        "html": web.Response(text="<html>hi</html>", content_type="text/html"),
        "nested": web.Response(body=b"[" * 100_000, content_type="application/json"),
        "big": json_response({"pad": "x" * 4096}),
    }

    async def handler(request: web.Request) -> web.StreamResponse:
        name = request.path.rsplit("/", 1)[-1]
        if name == "reset":
            return await drop_connection(request)
        return bodies[name]

    settings = {"max_retries": 0, "max_response_bytes": 1024}
    async with LocalServer(handler) as server, _client(server, **settings) as client:
        for name in ("html", "nested", "big", "reset"):
            with pytest.raises(vogent_async.APIError) as info:
                await client.batch_dial_jobs.get(name)
            text = _locals_text(info.value)
            assert "'self': " in text  # the package's frames and locals were captured
            assert SECRET_KEY not in text, name


async def test_a_refused_connection_shows_no_key_in_its_traceback_locals() -> None:
    """A connection error's chained aiohttp cause carries no frames that hold the headers."""
    async with LocalServer(drop_connection) as server:
        base = server.base_url
    async with vogent_async.Client(SECRET_KEY, base_url=base, max_retries=0) as client:
        with pytest.raises(vogent_async.APIConnectionError) as info:
            await client.batch_dial_jobs.get("job_1")
    assert SECRET_KEY not in _locals_text(info.value)


def test_a_bad_key_is_refused_at_construction_without_echoing_it() -> None:
    """A key with a line end raises ValueError at once; neither message nor locals show it."""
    for bad in (SECRET_KEY + "\r\n", SECRET_KEY + "\n", SECRET_KEY + "\0", "\t" + SECRET_KEY):
        with pytest.raises(ValueError, match="CR, LF or NUL") as info:
            vogent_async.Client(bad, base_url="https://api.test/api")
        assert SECRET_KEY not in _locals_text(info.value)


@pytest.mark.parametrize(
    "echo",
    [
        json.dumps({"message": f"bad key {SECRET_KEY}"}).replace("-", "\\u002d"),
        '{"message": "bad key ' + "".join(f"\\u{ord(c):04x}" for c in SECRET_KEY) + '"}',
    ],
    ids=["partly-escaped", "fully-escaped"],
)
async def test_a_json_escaped_echo_of_the_key_is_redacted(echo: str) -> None:
    """A 401 echoing the key with \\uXXXX escapes shows '[redacted]' in str(e) and e.body."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(status=401, text=echo, content_type="application/json")

    async with LocalServer(handler) as server, _client(server) as client:
        with pytest.raises(vogent_async.AuthenticationError) as info:
            await client.batch_dial_jobs.get("job_1")
    assert SECRET_KEY not in str(info.value) + json.dumps(info.value.body)
    assert "[redacted]" in str(info.value)


async def test_an_escaped_slash_echo_and_a_location_header_are_redacted() -> None:
    """A key with '/' echoed as '\\/' in the body, and echoed in Location, is redacted."""
    key = "sk-live/RELIABILITY/9c51e0-DO-NOT-LEAK"
    escaped = key.replace("/", "\\/")

    async def handler(request: web.Request) -> web.StreamResponse:
        headers = {"Location": f"https://elsewhere.test/?key={key}"}
        body = '{"message": "unknown key ' + escaped + '"}'
        return web.Response(status=302, text=body, headers=headers, content_type="application/json")

    async with (
        LocalServer(handler) as server,
        vogent_async.Client(key, base_url=server.base_url) as client,
    ):
        with pytest.raises(vogent_async.APIStatusError) as info:
            await client.batch_dial_jobs.get("job_1")
    shown = str(info.value) + json.dumps(info.value.body) + json.dumps(info.value.headers)
    assert key not in shown
    assert info.value.headers["Location"] == "https://elsewhere.test/?key=[redacted]"


@pytest.mark.parametrize("prefetch", [0, 1])
async def test_a_walk_cancelled_at_random_points_always_raises(prefetch: int) -> None:
    """Seeded: a page walk cancelled after 0-40 loop turns raises CancelledError every time."""
    rng = random.Random(1913 + prefetch)

    async def handler(request: web.Request) -> web.StreamResponse:
        page = int(request.query.get("cursor", "0"))
        following = str(page + 1) if page < 4 else None
        return json_response({"data": [job(page)], "cursor": following})

    async with LocalServer(handler) as server, _client(server, max_concurrency=1) as client:
        for _ in range(60):
            pager = client.batch_dial_jobs.list(prefetch=prefetch)
            walk = asyncio.ensure_future(pager.to_list())
            for _ in range(rng.randint(0, 40)):
                await asyncio.sleep(0)
            requested = walk.cancel()
            await asyncio.wait({walk})
            assert walk.cancelled() or not requested
        assert len(await client.batch_dial_jobs.list(prefetch=prefetch).to_list()) == 5


class _AfterCancel:
    """Wraps a client's sender: counts requests a cancelled task starts after its cancel."""

    def __init__(self, client: vogent_async.Client) -> None:
        shared = client._transport._shared
        self.inner, shared.send = shared.send, self
        self.cancelled: set[asyncio.Task[object]] = set()
        self.sent_after_cancel = 0

    async def __call__(self, request: Outgoing, budget: float | None) -> Received | Unreachable:
        self.sent_after_cancel += asyncio.current_task() in self.cancelled
        return await self.inner(request, budget)


@pytest.mark.parametrize("kind", ["get", "create"])
async def test_a_call_cancelled_at_random_points_always_raises(kind: str) -> None:
    """Seeded: get() or create() cancelled after 0-30 loop turns, three calls sharing one slot.

    A call whose cancel was requested ends in CancelledError, and never starts a
    request after that, wherever the cancel lands.
    """
    rng = random.Random(19 if kind == "get" else 20)

    async def handler(request: web.Request) -> web.StreamResponse:
        return json_response(job(0))

    async with LocalServer(handler) as server, _client(server, max_concurrency=1) as client:
        watch = _AfterCancel(client)

        async def call() -> object:
            if kind == "get":
                return await client.batch_dial_jobs.get("job_0")
            return await client.batch_dial_jobs.create(
                name="n", call_agent_id="a", max_concurrent_dials=1, rows=[ROW]
            )

        for _ in range(60):
            calls = [asyncio.ensure_future(call()) for _ in range(3)]
            for _ in range(rng.randint(0, 30)):
                await asyncio.sleep(0)
            victim = rng.choice(calls)
            watch.cancelled.add(victim)
            requested = victim.cancel()
            await asyncio.wait(calls)
            assert victim.cancelled() or not requested
    assert watch.sent_after_cancel == 0


if sys.version_info >= (3, 11):  # TaskGroup and Task.cancelling() are 3.11+

    class _Watch:
        """Wraps a client's sender: counts requests started by a task already being cancelled."""

        def __init__(self, client: vogent_async.Client) -> None:
            self.shared = client._transport._shared
            self.inner = self.shared.send
            self.shared.send = self
            self.sent_while_cancelling = 0

        async def __call__(self, request: Outgoing, budget: float | None) -> Received | Unreachable:
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                self.sent_while_cancelling += 1
            return await self.inner(request, budget)

    async def test_a_task_group_teardown_cancels_every_create() -> None:
        """A failing sibling tears down a TaskGroup of create() calls: none creates after that.

        Seeded over 30 rounds; the sibling fails after 0-30 loop turns while six creates
        queue for two request slots. A create that returns while its task was being
        cancelled, or starts a request then, is the duplicate-job bug.
        """
        rng = random.Random(1911)

        async def handler(request: web.Request) -> web.StreamResponse:
            await asyncio.sleep(0)
            return json_response(job(0))

        async with LocalServer(handler) as server, _client(server, max_concurrency=2) as client:
            watch = _Watch(client)
            swallowed = 0

            async def create() -> None:
                nonlocal swallowed
                await client.batch_dial_jobs.create(
                    name="n",
                    call_agent_id="a",
                    max_concurrent_dials=1,
                    rows=[{"to_number": "+15550100"}],
                )
                task = asyncio.current_task()
                swallowed += bool(task is not None and task.cancelling())

            async def fail_after(turns: int) -> None:
                for _ in range(turns):
                    await asyncio.sleep(0)
                raise LookupError("sibling failed")

            for _ in range(30):
                with pytest.raises(ExceptionGroup, match="unhandled errors"):  # noqa: F821, PT012
                    async with asyncio.TaskGroup() as group:
                        for _ in range(6):
                            group.create_task(create())
                        group.create_task(fail_after(rng.randint(0, 30)))
        assert swallowed == 0
        assert watch.sent_while_cancelling == 0
