"""Reading a webhook body up to a cap, the same way for every framework, before anything else."""

from __future__ import annotations

from collections.abc import AsyncIterator

__all__ = ["MAX_BODY_SIZE", "read_capped"]

MAX_BODY_SIZE = 1024 * 1024
"""The largest webhook body a receiver reads (1 MiB) unless given ``max_body_size=``."""


async def read_capped(
    chunks: AsyncIterator[bytes], content_length: str | None, limit: int
) -> bytes | None:
    """The whole body, or ``None`` as soon as it is, or declares to be, over ``limit`` bytes.

    A ``Content-Length`` over the limit is refused before a byte is read; otherwise
    reading stops at the first chunk that crosses the limit, so that no more than
    the limit and one chunk is ever held, however long the sender goes on.
    """
    declared = (content_length or "").strip()
    if declared.isdigit() and int(declared) > limit:
        return None
    body = bytearray()
    try:
        async for chunk in chunks:
            body += chunk
            if len(body) > limit:
                return None
    finally:
        close = getattr(chunks, "aclose", None)
        if close is not None:
            await close()
    return bytes(body)
