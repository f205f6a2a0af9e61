"""`RedisCheckpoints`: where each listing got to, saved after every page."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import cast

import attrs
from redis.asyncio import Redis
from redis.exceptions import ResponseError

from vogent_async.contrib.redis._args import check_timeout
from vogent_async.contrib.redis._bounded import bounded
from vogent_async.contrib.redis._scripts import SAVE_CHECKPOINT

__all__ = ["Checkpoint", "RedisCheckpoints"]


@attrs.frozen
class Checkpoint:
    """A listing's progress, as saved after its last finished page.

    Attributes:
        listing: What is being listed, e.g. ``"dials:<job id>"``; a key holds one listing.
        next_cursor: The cursor of the next page; ``None`` once the last page is done.
        items_done: Items handled so far, across every run.
    """

    listing: str
    next_cursor: str | None
    items_done: int

    @property
    def done(self) -> bool:
        """Whether the listing's last page was handled (there is nothing to resume)."""
        return self.next_cursor is None


class RedisCheckpoints:
    """Cursor checkpoints in Redis hashes, so that a restarted worker resumes a listing.

    Save after handling each page (after its items are safely stored), then resume
    with ``cursor=await checkpoints.load(key)``: the pages before the checkpoint are
    never fetched again. A page handled but not yet checkpointed when a worker died
    is fetched once more, so the items' store should be idempotent (an upsert).

    Args:
        redis: A ``redis.asyncio.Redis``.
        prefix: Put before every key, to keep the hashes apart from other data.
        ttl: Seconds a checkpoint is kept after its last save; ``None``: forever.
        redis_timeout: Seconds each method may wait for Redis; past it, it raises
            redis-py's ``TimeoutError`` (a ``RedisError``), as for a lost connection.

    Raises:
        ValueError: ``ttl`` or ``redis_timeout`` is not positive.
    """

    def __init__(
        self,
        redis: Redis,
        *,
        prefix: str = "vogent:checkpoint:",
        ttl: float | None = 7 * 86400,
        redis_timeout: float = 2.0,
    ) -> None:
        if ttl is not None and not (isinstance(ttl, (int, float)) and ttl > 0):
            raise ValueError("ttl must be a positive number of seconds, or None")
        check_timeout(redis_timeout)
        self._timeout = redis_timeout
        self._redis = redis
        self._prefix = prefix
        self._ttl = None if ttl is None else max(1, round(ttl))
        self._save = redis.register_script(SAVE_CHECKPOINT)

    def __repr__(self) -> str:
        return f"<RedisCheckpoints prefix={self._prefix!r} ttl={self._ttl}>"

    @property
    def redis_timeout(self) -> float:
        """Seconds each method waits for Redis."""
        return self._timeout

    async def save(
        self, key: str, *, listing: str, next_cursor: str | None, items_done: int
    ) -> bool:
        """Record that the page before ``next_cursor`` is handled.

        Atomic, and never backwards: a save with fewer ``items_done`` than the
        saved checkpoint (a worker that lost the job to another, writing late) is
        refused.

        Args:
            key: The checkpoint's name, e.g. ``"export:<job id>"``.
            listing: What is listed; a key keeps the listing it was first saved with.
            next_cursor: The page's ``next_cursor`` (``None`` after the last page).
            items_done: Items handled so far, this page's included.

        Returns:
            Whether the checkpoint moved (``False``: a later one was already saved).

        Raises:
            ValueError: The key holds another listing's checkpoint, or a count is negative.
        """
        if not isinstance(items_done, int) or items_done < 0:
            raise ValueError("items_done must be an int >= 0")
        if not listing:
            raise ValueError("listing must be a non-empty string")
        try:
            return await bounded(self._write(key, listing, next_cursor, items_done), self._timeout)
        except ResponseError as exc:
            raise ValueError(f"checkpoint {key!r}: {exc}") from None

    async def _write(
        self, key: str, listing: str, next_cursor: str | None, items_done: int
    ) -> bool:
        name = self._prefix + key
        args: list[str | int] = [listing, next_cursor or "", items_done]
        moved = bool(await self._save(keys=[name], args=args))
        if self._ttl is not None:
            await self._redis.expire(name, self._ttl)
        return moved

    async def get(self, key: str) -> Checkpoint | None:
        """The saved checkpoint, or ``None`` when nothing was saved under ``key``.

        Raises:
            redis.exceptions.RedisError: Redis did not answer within ``redis_timeout``.
        """
        # redis-py types hash commands for its sync and async clients at once.
        reply = cast(
            "Awaitable[dict[bytes | str, bytes | str]]", self._redis.hgetall(self._prefix + key)
        )
        saved = await bounded(reply, self._timeout)
        if not saved:
            return None
        fields = {_text(k): _text(v) for k, v in saved.items()}
        return Checkpoint(
            listing=fields["listing"],
            next_cursor=fields["next_cursor"] or None,
            items_done=int(fields["items_done"]),
        )

    async def load(self, key: str) -> str | None:
        """The cursor to resume from: ``None`` to start at the first page.

        Raises:
            LookupError: The listing was finished; resuming would start it over.
        """
        checkpoint = await self.get(key)
        if checkpoint is None:
            return None
        if checkpoint.done:
            raise LookupError(f"checkpoint {key!r}: the listing is finished; clear() to redo it")
        return checkpoint.next_cursor

    async def clear(self, key: str) -> None:
        """Forget the checkpoint, so that the listing starts over."""
        await bounded(self._redis.delete(self._prefix + key), self._timeout)


def _text(value: bytes | str) -> str:
    """A hash field as text, whether the client decodes responses or not."""
    return value.decode() if isinstance(value, bytes) else value
