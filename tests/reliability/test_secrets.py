"""The API key never shows: not in a repr, an error (or its causes), a log line, or the fake."""

from __future__ import annotations

import asyncio
import logging
import socket
from collections.abc import Awaitable, Callable

import aiohttp
import pytest
from aiohttp import web

import vogent_async
from vogent_async.errors import VogentError
from vogent_async.testing import FakeVogent

from ._leaks import find_secret
from ._server import LocalServer, cut_mid_body, drop_connection, gzip_bomb, json_response
from .conftest import FAST, SECRET_KEY

Reply = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _echo(status: int) -> Reply:
    """A server that echoes the caller's credentials back in the body and headers."""

    async def reply(request: web.Request) -> web.StreamResponse:
        auth = request.headers.get("Authorization", "")
        body = {"message": f"rejected {auth}", "error": {"detail": auth}, "key": auth[7:]}
        return json_response(body, status, **{"X-Echo-Auth": auth, "WWW-Authenticate": auth})

    return reply


def _raw(body: bytes, status: int = 200) -> Reply:
    async def reply(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, content_type="text/html")

    return reply


async def _slow(request: web.Request) -> web.StreamResponse:
    await asyncio.sleep(5)
    raise AssertionError("unreachable: the client times out first")


async def _bomb(request: web.Request) -> web.StreamResponse:
    return gzip_bomb(200_000)


async def _bad_item(request: web.Request) -> web.StreamResponse:
    return json_response({"data": [{"id": SECRET_KEY[:5]}], "cursor": None})


FAILING_SERVERS: dict[str, Reply] = {
    **{f"echo-{s}": _echo(s) for s in (400, 401, 403, 404, 409, 422, 429, 500, 502, 503)},
    "echo-html-200": _raw(b"<html>login as Bearer " + SECRET_KEY.encode() + b"</html>", 401),
    "not-json": _raw(b"<html>oops</html>"),
    "schema": _bad_item,
    "drop": drop_connection,
    "cut": cut_mid_body,
    "slow": _slow,
    "too-large": _bomb,
}


async def _failure(server: LocalServer, **options: object) -> VogentError:
    async with vogent_async.Client(
        SECRET_KEY,
        base_url=server.base_url,
        max_retries=1,
        timeout=0.3,
        retry_policy=FAST,
        max_response_bytes=100_000,
        **options,  # type: ignore[arg-type]
    ) as client:
        with pytest.raises(VogentError) as caught:
            await client.batch_dial_jobs.list().to_list()
    return caught.value


@pytest.mark.parametrize("name", sorted(FAILING_SERVERS))
async def test_no_error_carries_the_key(name: str, caplog: pytest.LogCaptureFixture) -> None:
    """Whatever the server does, even echoing the key back, the error, its causes, its
    headers, body and traceback, and every DEBUG log record hold no copy of the key."""
    caplog.set_level(logging.DEBUG)
    async with LocalServer(FAILING_SERVERS[name]) as server:
        error = await _failure(server)
    assert find_secret(error, SECRET_KEY) == []
    _assert_clean_logs(caplog.records)


async def test_connection_refused_error_carries_no_key(caplog: pytest.LogCaptureFixture) -> None:
    """A refused connection (nothing listening) yields an error without the key."""
    caplog.set_level(logging.DEBUG)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with vogent_async.Client(
        SECRET_KEY, base_url=f"http://127.0.0.1:{port}/api", retry_policy=FAST
    ) as client:
        with pytest.raises(vogent_async.APIConnectionError) as caught:
            await client.batch_dial_jobs.list().to_list()
    assert find_secret(caught.value, SECRET_KEY) == []
    _assert_clean_logs(caplog.records)


async def test_callers_session_with_raise_for_status_leaks_nothing() -> None:
    """A caller's session set to raise_for_status still gets NotFoundError, with no key."""
    async with (
        LocalServer(_echo(404)) as server,
        aiohttp.ClientSession(raise_for_status=True) as session,
    ):
        error = await _failure(server, session=session)
    assert isinstance(error, vogent_async.NotFoundError)
    assert find_secret(error, SECRET_KEY) == []


async def test_client_repr_and_str_hide_the_key() -> None:
    """repr() and str() of a client, open or closed, and of its pager show no key."""
    client = vogent_async.Client(SECRET_KEY, base_url="https://api.example.test/api")
    pager = client.batch_dial_jobs.list(cursor="c1")
    shown = [repr(client), str(client), repr(pager), f"{client!r} {client}"]
    await client.close()
    shown += [repr(client), str(client)]
    assert [s for s in shown if SECRET_KEY in s] == []
    assert "sk-live" not in " ".join(shown)


def test_configuration_errors_do_not_echo_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """A refused base URL says why without repeating the key passed with it."""
    with pytest.raises(vogent_async.InsecureTransportError) as caught:
        vogent_async.Client(SECRET_KEY, base_url="http://api.vogent.ai/api")
    assert find_secret(caught.value, SECRET_KEY) == []


async def test_fake_server_records_no_key(caplog: pytest.LogCaptureFixture) -> None:
    """FakeVogent's request log keeps the auth scheme but not the key, even on failures."""
    caplog.set_level(logging.DEBUG)
    async with FakeVogent(api_key=SECRET_KEY) as fake:
        fake.seed_jobs(30)
        fake.faults.add("GET /batch_dial_jobs", status=503, times=1)
        async with vogent_async.Client(
            SECRET_KEY, base_url=fake.base_url, retry_policy=FAST
        ) as client:
            jobs = await client.batch_dial_jobs.list(page_size=10).to_list()
        async with vogent_async.Client("sk-wrong", base_url=fake.base_url) as wrong:
            with pytest.raises(vogent_async.AuthenticationError) as caught:
                await wrong.batch_dial_jobs.list().to_list()
    assert len(jobs) == 30
    assert len(fake.requests) == 5
    assert {r.headers["Authorization"] for r in fake.requests} == {"Bearer [redacted]"}
    assert find_secret(fake.requests, SECRET_KEY) == []
    assert find_secret(caught.value, SECRET_KEY) == []
    assert any(r.name == "vogent_async" for r in caplog.records)
    _assert_clean_logs(caplog.records)


def _assert_clean_logs(records: list[logging.LogRecord]) -> None:
    formatter = logging.Formatter()
    for record in records:
        text = formatter.format(record)  # message, args and any exception traceback
        assert SECRET_KEY not in text, f"{record.name}: {text[:200]}"
