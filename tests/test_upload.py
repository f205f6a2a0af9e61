"""`file_part`: a clip from a path, bytes or a stream, sent chunk by chunk."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from vogent_async._transport._upload import CHUNK_SIZE, file_part


async def _all(part_open: AsyncIterator[bytes]) -> list[bytes]:
    return [chunk async for chunk in part_open]


async def test_a_path_is_read_in_chunks_and_again_for_each_attempt(tmp_path: Path) -> None:
    """The file is never read whole: chunks of CHUNK_SIZE, and a fresh read per open()."""
    file = tmp_path / "clip.wav"
    file.write_bytes(b"a" * (CHUNK_SIZE * 2 + 5))
    part = file_part("clip", file, filename=None, content_type="audio/wav")

    first, second = await _all(part.open()), await _all(part.open())

    assert [len(c) for c in first] == [CHUNK_SIZE, CHUNK_SIZE, 5]
    assert first == second
    assert (part.filename, part.size, part.replayable) == ("clip.wav", CHUNK_SIZE * 2 + 5, True)


async def test_bytes_are_sent_in_slices(tmp_path: Path) -> None:
    """Bytes go out as slices of CHUNK_SIZE; the name defaults to the field's."""
    part = file_part("clip", b"b" * (CHUNK_SIZE + 1), filename=None, content_type="x/y")

    chunks = await _all(part.open())

    assert [len(c) for c in chunks] == [CHUNK_SIZE, 1]
    assert (part.filename, part.replayable) == ("clip", True)


async def test_a_stream_is_passed_through_once_and_must_yield_bytes() -> None:
    """A stream is not replayable; a chunk that is not bytes is a TypeError."""

    async def stream() -> AsyncIterator[bytes]:
        yield b"one"
        yield "two"  # type: ignore[misc]

    part = file_part("clip", stream(), filename="c.mp3", content_type="audio/mpeg")

    assert (part.size, part.replayable, part.filename) == (None, False, "c.mp3")
    with pytest.raises(TypeError, match="yielded str, not bytes"):
        await _all(part.open())


async def test_progress_counts_bytes_sent() -> None:
    """progress hears (0, total) first, then the running count after each chunk."""
    seen: list[tuple[int, int | None]] = []
    part = file_part(
        "clip",
        b"c" * (CHUNK_SIZE + 10),
        filename=None,
        content_type="x/y",
        progress=lambda sent, total: seen.append((sent, total)),
    )

    await _all(part.open())

    total = CHUNK_SIZE + 10
    assert seen == [(0, total), (CHUNK_SIZE, total), (total, total)]
