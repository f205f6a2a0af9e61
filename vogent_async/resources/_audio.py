"""`AudioStream`: generated audio as it arrives, iterated once or saved atomically."""

from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO

from vogent_async._transport._send import Opened
from vogent_async.models.tts import AudioFormat

__all__ = ["AudioStream"]

_WRITE_BATCH = 1024 * 1024  # bytes gathered before one write to disk (off the event loop)


class AudioStream:
    """The audio of one generation, read as it arrives (``async with`` gives one).

    Iterate it once (``async for chunk in audio``) or `save` it; either way the
    whole generation is never held in memory. When the connection is cut before
    the end, iteration raises `APIConnectionError` saying how many bytes had
    arrived: a short body never passes for a complete one.

    Attributes:
        status: The HTTP status (2xx).
        headers: The response headers.
        output: The format asked for (the default one when none was given).
    """

    def __init__(self, opened: Opened, output: AudioFormat) -> None:
        self.status = opened.status
        self.headers = opened.headers
        self.output = output
        self._opened = opened
        self._received = 0
        self._started = False

    def __repr__(self) -> str:
        return f"<AudioStream {self.content_type} {self._received} bytes received>"

    @property
    def content_type(self) -> str:
        """The audio's media type, e.g. ``audio/wav``.

        The server's ``Content-Type`` when it names one; when it sends the generic
        ``application/octet-stream`` (as the contract documents), the media type of
        the requested `output` format.
        """
        sent = self.headers.get("Content-Type", "")
        generic = not sent or sent.split(";")[0].strip().lower() == "application/octet-stream"
        return self.output.media_type if generic else sent

    @property
    def bytes_received(self) -> int:
        """How many bytes of audio have been handed out so far."""
        return self._received

    def __aiter__(self) -> AsyncIterator[bytes]:
        if self._started:
            raise RuntimeError("an AudioStream is read once: iterate it or save() it, not both")
        self._started = True
        return self._chunks()

    async def _chunks(self) -> AsyncIterator[bytes]:
        chunk = self._opened.first
        while chunk:
            self._received += len(chunk)
            yield chunk
            chunk = await self._opened.rest.next()

    async def save(
        self, path: str | os.PathLike[str], *, progress: Callable[[int], object] | None = None
    ) -> int:
        """Write the audio to ``path`` atomically: a temporary file, renamed when complete.

        On any failure (a cut connection, a full disk, cancellation) the
        temporary file is removed and ``path`` is left as it was.

        Args:
            path: The file to write (replaced when complete).
            progress: Called with the bytes received so far, after each chunk.

        Returns:
            The number of bytes written.

        Raises:
            APIConnectionError: The connection was cut before the end.
            OSError: The file could not be written.
        """
        target = Path(path)
        out = await _temporary(target)
        try:
            await self._write_all(out, progress)
            await asyncio.to_thread(_finish, out, target)
        except BaseException:
            await asyncio.to_thread(_discard, out)
            raise
        return self._received

    async def _write_all(self, out: IO[bytes], progress: Callable[[int], object] | None) -> None:
        batch: list[bytes] = []
        size = 0
        async for chunk in self:
            if progress is not None:
                progress(self._received)
            batch.append(chunk)
            size += len(chunk)
            if size >= _WRITE_BATCH:
                await asyncio.to_thread(out.write, b"".join(batch))
                batch, size = [], 0
        if batch:
            await asyncio.to_thread(out.write, b"".join(batch))

    async def aclose(self) -> None:
        """Let go of the connection (and the request slot). Idempotent."""
        await self._opened.rest.close()


async def _temporary(target: Path) -> IO[bytes]:
    """`_temp_beside` off the loop; a file made while the caller was cancelled is removed.

    The thread goes on when the await is cancelled, so its file is discarded once
    made (before the cancel goes on, unless it is cancelled again while waiting).
    """
    making = asyncio.ensure_future(asyncio.to_thread(_temp_beside, target))
    try:
        return await asyncio.shield(making)
    except BaseException:
        making.add_done_callback(_discard_made)
        await asyncio.wait({making})
        raise


def _discard_made(making: asyncio.Future[IO[bytes]]) -> None:
    if not making.cancelled() and making.exception() is None:
        _discard(making.result())


def _temp_beside(target: Path) -> IO[bytes]:
    """A new file in ``target``'s directory, so that the final rename stays on one disk.

    Made with ``open(..., "xb")``, so it gets the mode the umask gives a new file
    (as writing ``target`` directly would), not the 0o600 of `tempfile`'s files.
    """
    while True:
        name = target.parent / f".{target.name}.{secrets.token_hex(6)}.part"
        try:
            return open(name, "xb")  # closed by _finish or _discard
        except FileExistsError:  # pragma: no cover - 48 random bits taken already
            continue


def _finish(out: IO[bytes], target: Path) -> None:
    out.flush()
    os.fsync(out.fileno())
    out.close()
    os.replace(out.name, target)


def _discard(out: IO[bytes]) -> None:
    out.close()
    Path(out.name).unlink(missing_ok=True)
