"""Reading a webhook body up to a cap, the same way for every framework, before anything else."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

__all__ = ["MAX_BODY_SIZE", "read_capped"]

MAX_BODY_SIZE = 1024 * 1024
"""The largest webhook body a receiver reads (1 MiB) unless given ``max_body_size=``."""


def read_capped(
    stream: Callable[[], AsyncIterator[bytes]],
    content_length: str | None,
    limit: int,
    read_exactly: Callable[[int], Awaitable[bytes]] | None = None,
) -> Awaitable[bytes | None]:
    """The whole body, or ``None`` as soon as it is, or declares to be, over ``limit`` bytes.

    A ``Content-Length`` over the limit is refused before a byte is read. One within
    it is read in one call of ``read_exactly`` when the framework gives one (aiohttp
    delivers exactly the declared bytes, never more): that call's own awaitable is
    returned, with no coroutine around it. Otherwise the body is read from
    ``stream()``, its chunks, and reading stops at the first chunk that crosses the
    limit, so that no more than the limit and one chunk is ever held, however long
    the sender goes on.
    """
    declared = (content_length or "").strip()
    if declared.isdigit():
        size = int(declared)
        if size > limit:
            return _refused()
        if read_exactly is not None:
            return read_exactly(size)
    return _read_chunks(stream, limit)


async def _refused() -> None:
    return None


async def _read_chunks(stream: Callable[[], AsyncIterator[bytes]], limit: int) -> bytes | None:
    parts: list[bytes] = []
    held = 0
    chunks = stream()  # made only here: a body read in one call needs no iterator
    try:
        async for chunk in chunks:
            held += len(chunk)
            if held > limit:
                return None
            parts.append(chunk)
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:
            await close()
    return b"".join(parts)  # one part is returned as it is, not copied
