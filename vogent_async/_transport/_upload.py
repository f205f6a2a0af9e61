"""A file sent in a multipart form: from a path, bytes or an async byte stream, in chunks.

`Form` is what a resource hands the transport for a ``multipart/form-data``
request; the aiohttp sender turns it into the wire format. The file is never
read whole into memory: a path is read chunk by chunk (in a worker thread), a
``bytes`` value is sent in slices of itself, and an async stream is passed
through. Each attempt opens the source again (`FilePart.open`), so a path or
bytes can be retried; a stream can be read only once (`FilePart.replayable`).
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterable, AsyncIterator, Callable, Mapping
from pathlib import Path
from typing import BinaryIO

import attrs

__all__ = ["CHUNK_SIZE", "FilePart", "Form", "Progress", "Source", "file_part"]

#: Bytes read and sent at a time.
CHUNK_SIZE = 64 * 1024

Source = str | os.PathLike[str] | bytes | AsyncIterable[bytes]
"""Where a file comes from: a path, the bytes themselves, or an async stream of chunks."""

Progress = Callable[[int, int | None], None]
"""Called as the file goes out with (bytes sent so far, total bytes or ``None`` if unknown)."""


@attrs.frozen
class FilePart:
    """The file of a form.

    Attributes:
        name: The form field's name.
        filename: The file name sent with it.
        content_type: Its media type.
        size: Its length in bytes, when known.
        replayable: Whether `open` may be called again (not for a stream).
        open: A fresh async iterator over the file's chunks.
    """

    name: str
    filename: str
    content_type: str
    size: int | None
    replayable: bool
    open: Callable[[], AsyncIterator[bytes]]


@attrs.frozen
class Form:
    """A ``multipart/form-data`` body: text fields, then one file."""

    fields: Mapping[str, str]
    file: FilePart


def file_part(
    name: str,
    source: Source,
    *,
    filename: str | None,
    content_type: str,
    progress: Progress | None = None,
) -> FilePart:
    """A `FilePart` reading ``source``; ``progress`` hears of every chunk as it is sent.

    Raises:
        TypeError: ``source`` is none of a path, bytes or an async iterable of bytes.
        FileNotFoundError: A path that is not a file.
    """
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.is_file():
            raise FileNotFoundError(f"{name}: no such file: {str(path)!r}")
        size: int | None = path.stat().st_size
        chunks: Callable[[], AsyncIterator[bytes]] = lambda: _read_file(path)  # noqa: E731
        default_name, replayable = path.name, True
    elif isinstance(source, (bytes, bytearray, memoryview)):
        data = memoryview(source).cast("B")
        size, default_name, replayable = len(data), name, True
        chunks = lambda: _slices(data)  # noqa: E731
    elif isinstance(source, AsyncIterable):
        stream = source
        size, default_name, replayable = None, name, False
        chunks = lambda: _pass_through(stream)  # noqa: E731
    else:
        raise TypeError(
            f"{name} must be a path, bytes or an async iterable of bytes, "
            f"got {type(source).__name__}"
        )
    opener = chunks if progress is None else lambda: _counted(chunks(), size, progress)
    return FilePart(name, filename or default_name, content_type, size, replayable, opener)


async def _read_file(path: Path) -> AsyncIterator[bytes]:
    handle: BinaryIO = await asyncio.to_thread(path.open, "rb")
    try:
        while chunk := await asyncio.to_thread(handle.read, CHUNK_SIZE):
            yield chunk
    finally:
        await asyncio.to_thread(handle.close)


async def _slices(data: memoryview) -> AsyncIterator[bytes]:
    for start in range(0, len(data), CHUNK_SIZE):
        yield data[start : start + CHUNK_SIZE].tobytes()


async def _pass_through(stream: AsyncIterable[bytes]) -> AsyncIterator[bytes]:
    async for chunk in stream:
        if not isinstance(chunk, (bytes, bytearray, memoryview)):
            raise TypeError(f"the stream yielded {type(chunk).__name__}, not bytes")
        yield bytes(chunk)


async def _counted(
    chunks: AsyncIterator[bytes], size: int | None, progress: Progress
) -> AsyncIterator[bytes]:
    sent = 0
    progress(0, size)
    async for chunk in chunks:
        yield chunk
        sent += len(chunk)
        progress(sent, size)
