"""client.functions and client.voices against the fake: tagged variants, filters, uploads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import vogent_async
from vogent_async import (
    AllowedNumber,
    APIFunction,
    Function,
    FunctionType,
    InvalidRequestError,
    NotFoundError,
    RateLimitError,
    TransferFunction,
    UnknownVariant,
)
from vogent_async._transport._upload import Source
from vogent_async.testing import FakeVogent

from .conftest import RawApi

Client = vogent_async.Client


async def _to_sales(client: Client) -> Function:
    return await client.functions.create_transfer(
        name="to_sales",
        description="Transfer to sales.",
        allowed_numbers=[AllowedNumber("+15551230000")],
    )


async def test_a_transfer_function_lives_and_dies(fake_client: Client, fake: FakeVogent) -> None:
    """Create, get, update and delete decode to TransferFunction; the type tag is sent."""
    created = await _to_sales(fake_client)
    assert isinstance(created, TransferFunction)
    got = await fake_client.functions.get(created.id)
    changed = await fake_client.functions.update(
        created.id, allowed_numbers=[], allow_any_number=True
    )
    deleted = await fake_client.functions.delete(created.id)

    assert isinstance(created, TransferFunction)
    assert got == created
    assert fake.requests[0].json["type"] == "transfer"
    assert isinstance(changed, TransferFunction)
    assert changed.allow_any_number is True
    assert deleted == changed
    with pytest.raises(NotFoundError):
        await fake_client.functions.delete(created.id)


async def test_an_update_takes_an_enum_member_and_numbers_as_mappings(
    fake_client: Client, fake: FakeVogent
) -> None:
    """``type=FunctionType.TRANSFER`` is sent as its value; a mapping as its model."""
    created = await _to_sales(fake_client)
    assert isinstance(created, TransferFunction)

    await fake_client.functions.update(
        created.id, allowed_numbers=[{"number": "+15551230001"}], type=FunctionType.TRANSFER
    )

    assert fake.requests[-1].json == {
        "allowedNumbers": [{"number": "+15551230001"}],
        "type": "transfer",
    }


async def test_api_functions_and_unknown_kinds(fake_client: Client, fake: FakeVogent) -> None:
    """An API function decodes to APIFunction; a kind this version does not know is read raw."""
    api = await fake_client.functions.create_api(name="hook", description="Calls us.")
    # A kind the contract does not have yet: stored raw (seed would refuse it).
    webhook = fake.functions.create({"type": "webhook", "name": "w", "description": "d"})["id"]

    unknown = await fake_client.functions.get(webhook)

    assert isinstance(api, APIFunction)
    assert fake.requests[0].json == {"type": "api", "name": "hook", "description": "Calls us."}
    assert unknown == UnknownVariant("webhook", {**fake.functions.get(webhook)})


async def test_allowed_numbers_are_checked_at_the_door(
    fake_client: Client, fake: FakeVogent
) -> None:
    """Each allowed number must be E.164; names must not be blank; nothing is sent."""
    with pytest.raises(InvalidRequestError) as caught:
        await fake_client.functions.create_transfer(
            name=" ", description="d", allowed_numbers=[AllowedNumber("555")]
        )
    with pytest.raises(InvalidRequestError, match="AllowedNumber"):
        await fake_client.functions.create_transfer(
            name="n", description="d", allowed_numbers=[{"phone": "+15551230000"}]
        )

    assert list(caught.value.problems) == [
        "name: must not be empty",
        "allowed_numbers[0].number: expected E.164 like +15551234567, got '555'",
    ]
    assert fake.requests == []


async def test_voices_are_filtered_and_paged_under_voices(
    fake_client: Client, fake: FakeVogent
) -> None:
    """name and voice_type go out as name and voiceType; pages are read from 'voices'."""
    fake.voices.seed(
        [
            {"name": f"Ava {i}", "voiceType": "CSM", "voiceTier": "STANDARD", "description": "d"}
            for i in range(5)
        ]
        + [{"name": "Marcus", "voiceType": "CSM", "voiceTier": "PREMIUM", "description": "d"}]
    )

    voices = await fake_client.voices.list(name="ava", voice_type="CSM", page_size=2).to_list()

    assert [v.name for v in voices] == [f"Ava {i}" for i in range(5)]
    assert fake.requests[0].query == {"name": "ava", "voiceType": "CSM", "limit": "2"}
    with pytest.raises(InvalidRequestError, match="voice_type"):
        fake_client.voices.list(voice_type="")


async def _stream(data: bytes, size: int) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.mark.parametrize("kind", ["path", "bytes", "stream"])
async def test_a_voice_is_cloned_from_a_path_bytes_or_a_stream(
    fake_client: Client, fake: FakeVogent, tmp_path: Path, kind: str
) -> None:
    """Each source uploads the whole clip; progress ends at the size sent."""
    clip = bytes(range(256)) * 1000  # 256,000 bytes: several chunks
    file = tmp_path / "ava.wav"
    file.write_bytes(clip)
    sources: dict[str, Source] = {"path": file, "bytes": clip, "stream": _stream(clip, 10_000)}
    source = sources[kind]
    seen: list[tuple[int, int | None]] = []

    voice = await fake_client.voices.clone(
        "Ava", source, model="csm", content_type="audio/wav", progress=lambda *a: seen.append(a)
    )

    assert voice.voice_type == "CSM"
    assert f"{len(clip)}-byte clip" in voice.description
    assert seen[0][0] == 0
    assert seen[-1][0] == len(clip)
    assert seen[-1][1] == (None if kind == "stream" else len(clip))
    assert ("ava.wav" in voice.description) is (kind == "path")


async def test_a_stream_is_never_retried_but_bytes_are(
    fake_client: Client, fake: FakeVogent
) -> None:
    """After a 429, bytes are sent again; a stream, read once, raises instead."""
    fake.faults.add("POST /voices/clone", status=429, retry_after=1)
    voice = await fake_client.voices.clone("Ava", b"RIFF" + bytes(1000))
    fake.faults.add("POST /voices/clone", status=429, retry_after=1)

    with pytest.raises(RateLimitError):
        await fake_client.voices.clone("Ava", _stream(bytes(1000), 100))

    assert voice.name == "Ava"
    assert [r.status for r in fake.requests] == [429, 200, 429]


async def test_clone_arguments_are_checked_at_the_door(
    fake_client: Client, fake: FakeVogent, tmp_path: Path
) -> None:
    """A blank name, an unknown model, a missing file or a wrong source type: nothing sent."""
    with pytest.raises(InvalidRequestError) as caught:
        await fake_client.voices.clone("", b"x", model="ROBOT")
    with pytest.raises(FileNotFoundError):
        await fake_client.voices.clone("Ava", tmp_path / "missing.wav")
    with pytest.raises(TypeError, match="path, bytes or an async iterable"):
        await fake_client.voices.clone("Ava", 42)  # type: ignore[arg-type]

    assert [p.split(":")[0] for p in caught.value.problems] == ["name", "model"]
    assert fake.requests == []


async def test_a_transfer_turned_api_function_drops_its_transfer_fields(api: RawApi) -> None:
    """The body is an APIFunction only: nothing of the TransferFunction is left over."""
    body = {"name": "t", "description": "d", "type": "transfer", "allowedNumbers": []}
    created = (await api.call("POST", "/functions", json=body)).body
    changed = await api.call(
        "PUT", f"/functions/{created['id']}", json={"type": "api", "allowedNumbers": []}
    )
    assert changed.status == 200, changed.body
    assert changed.body == {"id": created["id"], "name": "t", "description": "d", "type": "api"}
