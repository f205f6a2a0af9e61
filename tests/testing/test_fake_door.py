"""What the fake refuses at its door: deep bodies, bodies without a key, speech out of bounds."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from vogent_async.testing import FakeVogent

from .conftest import KEY, RawApi


@pytest.mark.parametrize("depth", [1_000, 200_000])
async def test_a_deeply_nested_body_is_a_json_400(
    api: RawApi, fake: FakeVogent, depth: int
) -> None:
    """Nesting too deep to parse is refused like any other bad body, not with a bare 500."""
    body = b'{"name": ' + b"[" * depth + b"]" * depth + b"}"

    reply = await api.call("POST", "/functions", data=body)

    assert reply.status == 400
    assert reply.body["error"]["code"] == "invalid_request"
    assert "nested too deeply" in reply.body["error"]["message"]
    assert fake.requests[-1].status == 400
    assert fake.requests[-1].json is None


@pytest.mark.parametrize("key", [None, "wrong-key"])
async def test_a_request_without_the_key_is_refused_before_its_body_is_read(
    api: RawApi, fake: FakeVogent, key: str | None
) -> None:
    """The 401 comes while the body is still arriving: the fake never waits to read it.

    The body's second half is only sent once the answer arrived; a fake that read
    the body first would wait for it forever (the wait_for turns that into a failure).
    """
    answered = asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        yield b'{"name": "' + b"x" * 65_536
        await answered.wait()
        yield b'"}'

    headers = {} if key is None else {"Authorization": f"Bearer {key}"}
    session = api._session

    async def post() -> int:
        url = fake.base_url + "/functions"
        async with session.post(url, data=body(), headers=headers) as resp:
            answered.set()
            return resp.status

    assert await asyncio.wait_for(post(), timeout=30) == 401
    assert fake.requests[-1].status == 401
    assert fake.requests[-1].json is None


async def test_the_right_key_still_has_its_body_recorded(api: RawApi, fake: FakeVogent) -> None:
    """Only refused keys skip the body: an accepted request's JSON is in the log."""
    await api.call("POST", "/eval_configs", json={"name": "Polite"}, key=KEY)

    assert fake.requests[-1].json == {"name": "Polite"}


@pytest.mark.parametrize(
    ("route", "body", "problem"),
    [
        ("/tts", {"text": "", "voiceId": "v1"}, "text: expected at least 1 characters"),
        ("/tts", {"text": "a" * 5_001, "voiceId": "v1"}, "text: expected at most 5000"),
        ("/tts/multispeaker", {"lines": []}, "lines: expected at least 1 items"),
        (
            "/tts/multispeaker",
            {"lines": [{"text": "a" * 501, "voiceId": "v1"}]},
            "lines[0].text: expected at most 500",
        ),
    ],
)
async def test_speech_text_outside_the_documented_bounds_is_422(
    api: RawApi, route: str, body: dict[str, object], problem: str
) -> None:
    """Empty text, and text over the guide's 5,000 characters (500 a line), are refused."""
    reply = await api.call("POST", route, json=body)

    assert reply.status == 422
    assert any(problem in detail for detail in reply.body["error"]["details"])


async def test_speech_at_the_documented_bounds_is_spoken(api: RawApi) -> None:
    """One character and exactly 5,000 characters both get audio."""
    for text in ("a", "a" * 5_000):
        reply = await api.call("POST", "/tts", json={"text": text, "voiceId": "v1"})
        assert reply.status == 200
