"""Findings of the adversarial probe (issue 19), each against a real server on 127.0.0.1."""

from __future__ import annotations

import json
import traceback
import zlib

import aiohttp
import pytest
from aiohttp import web

import vogent_async
from vogent_async._transport._aiohttp import RESENT_METHODS

from ._listing import job
from ._server import LocalServer, drop_connection, json_response
from .conftest import SECRET_KEY, fast_client

ROW = {"to_number": "+15550100"}


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

    async with LocalServer(handler) as server, fast_client(server.base_url) as client:
        with pytest.raises(vogent_async.ResponseTooLargeError, match="decompression"):
            await client.batch_dial_jobs.get("job_1")
    assert len(server.requests) == 1


async def test_the_http_librarys_resend_counts_against_max_retries() -> None:
    """A server that reads each request and resets the socket sees max_retries + 1 of them."""
    async with (
        LocalServer(drop_connection) as server,
        fast_client(server.base_url, max_retries=2) as client,
    ):
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
    async with LocalServer(handler) as server, fast_client(server.base_url, **settings) as client:
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

    async with LocalServer(handler) as server, fast_client(server.base_url) as client:
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


def test_the_gated_methods_are_those_aiohttp_resends() -> None:
    """The resend gate goes on exactly the methods aiohttp may send twice by itself."""
    assert RESENT_METHODS == aiohttp.client.IDEMPOTENT_METHODS


async def test_a_callers_session_keeps_its_own_middlewares() -> None:
    """The client's resend gate runs alongside the middlewares of a session passed in."""

    async def tag(
        request: aiohttp.ClientRequest, handler: aiohttp.ClientHandlerType
    ) -> aiohttp.ClientResponse:
        request.headers["X-Tagged"] = "yes"
        return await handler(request)

    async def handler(request: web.Request) -> web.StreamResponse:
        if request.method == "POST":
            return json_response({"dialId": "dial_1", "sessionId": "s_1", "dialToken": "t"})
        return json_response(job(0))

    async with (
        LocalServer(handler) as server,
        aiohttp.ClientSession(middlewares=(tag,)) as session,
        fast_client(server.base_url, session=session) as client,
    ):
        await client.batch_dial_jobs.get("job_0")
        made = await client.dials.create(call_agent_id="agent_1", browser_call=True)
    assert made.dial_id == "dial_1"
    assert [r.method for r in server.requests] == ["GET", "POST"]  # the POST goes ungated
    assert [r.headers["X-Tagged"] for r in server.requests] == ["yes", "yes"]
