"""The key travels only over TLS or loopback, and only to the host it was given for."""

from __future__ import annotations

import pytest
from aiohttp import web

import vogent_async
from vogent_async.errors import APIStatusError, InsecureTransportError

from ._leaks import find_secret
from ._server import LocalServer, json_response
from .conftest import SECRET_KEY


@pytest.mark.parametrize(
    "base_url",
    [
        "http://api.vogent.ai/api",
        "http://10.0.0.7/api",
        "http://127.0.0.1.example.com/api",
        "http://localhost.example.com/api",
        "ftp://127.0.0.1/api",
        "api.vogent.ai/api",
    ],
)
def test_cleartext_to_a_remote_host_is_refused(base_url: str) -> None:
    """A base URL that would send the key in clear text off this machine is refused at once."""
    with pytest.raises(InsecureTransportError) as caught:
        vogent_async.Client(SECRET_KEY, base_url=base_url)
    assert find_secret(caught.value, SECRET_KEY) == []


def test_cleartext_base_url_from_the_environment_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """VOGENT_BASE_URL is checked the same way as the argument."""
    monkeypatch.setenv("VOGENT_BASE_URL", "http://api.vogent.ai/api")
    with pytest.raises(InsecureTransportError):
        vogent_async.Client(SECRET_KEY)


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:8080/api",
        "http://127.0.0.2/api",
        "http://localhost:9/api",
        "http://[::1]:9/api",
        "https://api.vogent.ai/api",
    ],
)
def test_tls_or_loopback_is_accepted(base_url: str) -> None:
    """https:// anywhere and http:// to a loopback address are allowed."""
    client = vogent_async.Client(SECRET_KEY, base_url=base_url)
    assert client.base_url == base_url


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
async def test_redirect_to_another_host_is_not_followed(status: int) -> None:
    """A redirect to another host reaches it with no key, in fact with no request at all."""

    async def elsewhere(request: web.Request) -> web.StreamResponse:
        return json_response({"data": [], "cursor": None})

    async with LocalServer(elsewhere, host="127.0.0.2") as other:

        async def api(request: web.Request) -> web.StreamResponse:
            target = other.base_url + "/batch_dial_jobs"
            return web.Response(status=status, headers={"Location": target})

        async with (
            LocalServer(api) as server,
            vogent_async.Client(SECRET_KEY, base_url=server.base_url) as client,
        ):
            with pytest.raises(APIStatusError) as caught:
                await client.batch_dial_jobs.list().to_list()

    assert other.requests == []
    assert caught.value.status_code == status
    assert caught.value.headers["Location"].startswith(other.origin)
    assert len(server.requests) == 1
    assert find_secret(caught.value, SECRET_KEY) == []


async def test_redirect_loop_error_carries_no_key() -> None:
    """A server redirecting to itself yields one status error that holds no copy of the key."""

    async def loop(request: web.Request) -> web.StreamResponse:
        return web.Response(status=302, headers={"Location": request.path})

    async with (
        LocalServer(loop) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url) as client,
    ):
        with pytest.raises(APIStatusError) as caught:
            await client.batch_dial_jobs.list().to_list()
    assert len(server.requests) == 1
    assert find_secret(caught.value, SECRET_KEY) == []


async def test_key_is_sent_only_as_a_bearer_header() -> None:
    """The key goes in Authorization and nowhere else in the request (path, query, headers)."""

    async def api(request: web.Request) -> web.StreamResponse:
        return json_response({"data": [], "cursor": None})

    async with (
        LocalServer(api) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url) as client,
    ):
        await client.batch_dial_jobs.list(page_size=5).to_list()
    (seen,) = server.requests
    headers = dict(seen.headers)
    assert headers.pop("Authorization") == f"Bearer {SECRET_KEY}"
    assert find_secret([seen.path, seen.query, headers], SECRET_KEY) == []
