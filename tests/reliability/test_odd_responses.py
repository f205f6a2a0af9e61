"""Fault-matrix rows FakeVogent cannot script: odd 200 bodies, wrong types, HTML pages."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp import web

import vogent_async
from vogent_async import errors

from ._server import LocalServer
from .conftest import FAST, SECRET_KEY


async def _list(client: vogent_async.Client) -> list[str]:
    return [job.id async for job in client.batch_dial_jobs.list(page_size=10)]


def _answer(body: bytes, content_type: str, status: int = 200) -> Any:
    async def handler(request: web.Request) -> web.StreamResponse:
        return web.Response(body=body, status=status, headers={"Content-Type": content_type})

    return handler


EMPTY = b'{"data": [], "cursor": null}'


@pytest.mark.parametrize(
    ("body", "content_type", "outcome"),
    [
        (b"<html><body>Service Unavailable</body></html>", "text/html", "not valid JSON"),
        (b'{"data": []}', "application/json", "cursor: required field is missing"),
        (b'{"cursor": null}', "application/json", "data: required field is missing"),
        (b'{"data": [], "cursor": ""}', "application/json", "cursor: expected a non-empty"),
        (b"[]", "application/json", "expected an object"),
        (b"", "application/json", "not valid JSON"),
        (EMPTY, "text/plain", None),
        (EMPTY, "application/octet-stream", None),
        (EMPTY, "application/json; charset=latin-1", None),
    ],
)
async def test_odd_200_bodies(body: bytes, content_type: str, outcome: str | None) -> None:
    """A 200 that is not the listing's JSON raises ResponseValidationError naming the
    problem, sent once; a valid body under a wrong Content-Type is accepted."""
    async with (
        LocalServer(_answer(body, content_type)) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, retry_policy=FAST) as client,
    ):
        if outcome is None:
            assert await _list(client) == []
        else:
            with pytest.raises(errors.ResponseValidationError, match=outcome):
                await _list(client)
    assert len(server.requests) == 1


async def test_html_error_page_with_5xx_is_retried_and_summarised() -> None:
    """A proxy's HTML 502 page is retried, then raised with the page text as its body."""
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    async with (
        LocalServer(_answer(page, "text/html", status=502)) as server,
        vogent_async.Client(SECRET_KEY, base_url=server.base_url, retry_policy=FAST) as client,
    ):
        with pytest.raises(errors.InternalServerError, match="502 Bad Gateway") as caught:
            await _list(client)
    assert isinstance(caught.value.body, str)
    assert len(server.requests) == 3
