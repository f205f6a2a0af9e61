"""A response body above ``max_response_bytes`` fails clearly instead of filling memory."""

from __future__ import annotations

import asyncio
import json

import pytest
from aiohttp import web

import vogent_async
from vogent_async.errors import ResponseTooLargeError

from ._server import LocalServer, gzip_bomb, json_response
from .conftest import SECRET_KEY

CAP = 64 * 1024


async def _list(server: LocalServer) -> list[object]:
    async with vogent_async.Client(
        SECRET_KEY, base_url=server.base_url, max_response_bytes=CAP, max_retries=3
    ) as client:
        return list(await client.batch_dial_jobs.list().to_list())


async def test_body_with_content_length_above_cap_is_refused() -> None:
    """A declared Content-Length above the cap raises ResponseTooLargeError, sent once."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return json_response({"data": [], "cursor": None, "pad": "x" * CAP})

    async with LocalServer(handler) as server:
        with pytest.raises(ResponseTooLargeError, match="max_response_bytes=65536"):
            await _list(server)
    assert len(server.requests) == 1


async def test_chunked_body_above_cap_is_refused_while_streaming() -> None:
    """A chunked body with no Content-Length is cut off once it passes the cap."""

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "application/json"})
        response.enable_chunked_encoding()
        await response.prepare(request)
        for _ in range(64):
            await response.write(b" " * 4096)
        await response.write_eof()
        return response

    async with LocalServer(handler) as server:
        with pytest.raises(ResponseTooLargeError) as caught:
            await _list(server)
    assert caught.value.status_code == 200
    assert caught.value.body == ""
    assert len(server.requests) == 1


async def test_compressed_body_is_capped_after_decompression() -> None:
    """A small gzip body that inflates past the cap is refused: the cap counts inflated bytes."""

    async def handler(request: web.Request) -> web.StreamResponse:
        return gzip_bomb(CAP * 16)

    async with LocalServer(handler) as server:
        with pytest.raises(ResponseTooLargeError):
            await _list(server)


@pytest.mark.parametrize("compress", [False, True])
async def test_body_exactly_at_cap_is_read(compress: bool) -> None:
    """A body of exactly max_response_bytes is accepted, compressed on the wire or not."""
    empty = json.dumps({"data": [], "cursor": None, "pad": ""}).encode()
    body = json.dumps({"data": [], "cursor": None, "pad": "y" * (CAP - len(empty))}).encode()
    assert len(body) == CAP

    async def handler(request: web.Request) -> web.StreamResponse:
        response = web.Response(body=body, content_type="application/json")
        if compress:
            response.enable_compression(web.ContentCoding.gzip)
        return response

    async with LocalServer(handler) as server:
        assert await _list(server) == []


async def test_a_small_content_length_beside_chunked_encoding_does_not_lift_the_cap() -> None:
    """A body declared both short and chunked is refused, not read as its short length."""
    chunk = b"%x\r\n%s\r\n" % (4096, b" " * 4096)

    async def answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.readuntil(b"\r\n\r\n")
        head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        writer.write(head + b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n")
        try:
            for _ in range(CAP // 4096 + 4):
                writer.write(chunk)
                await writer.drain()
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except ConnectionError:
            pass  # the client stopped reading: what a cap does
        writer.close()

    server = await asyncio.start_server(answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        async with vogent_async.Client(
            SECRET_KEY, base_url=f"http://127.0.0.1:{port}", max_response_bytes=CAP, max_retries=0
        ) as client:
            with pytest.raises(vogent_async.APIConnectionError, match="Transfer-Encoding"):
                await client.batch_dial_jobs.get("job_1")  # aiohttp's parser refuses the two
    finally:
        server.close()
        await server.wait_closed()
