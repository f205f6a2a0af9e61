"""Cursor pagination over any async ``fetch_page(cursor)``; knows nothing of HTTP.

The walk ends only when the server's cursor is ``None``. An empty page with a
cursor is followed, and a cursor seen twice raises `PaginationError` rather
than looping forever or yielding items twice. Two guards bound a server that
keeps minting new cursors: ``max_empty_pages`` empty pages in a row raise
`PaginationError`, and the cursors remembered for the repeat check are the last
`CURSOR_MEMORY` ones (a cycle longer than that is not detected).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Generic, NoReturn, TypeVar

import attrs

from vogent_async.errors import InvalidRequestError, PaginationError
from vogent_async.models._show import text_problem

T = TypeVar("T")

DEFAULT_MAX_EMPTY_PAGES = 200
"""Empty pages in a row (each with a new cursor) after which a walk gives up."""

CURSOR_MEMORY = 10_000
"""How many of the latest cursors a walk remembers to detect a repeat."""


@attrs.frozen
class Page(Generic[T]):
    """One page of a listing.

    Attributes:
        items: The page's items, in server order.
        next_cursor: The cursor that resumes right after this page, or ``None``
            on the last page. Save it to resume with ``list(cursor=...)``.
    """

    items: Sequence[T]
    next_cursor: str | None


FetchPage = Callable[[str | None], Awaitable[Page[T]]]


class AsyncPager(Generic[T]):
    """A lazy listing: nothing is fetched until iteration starts.

    ``async for item in pager`` walks the items; ``async for page in
    pager.pages()`` walks whole pages; ``await pager.to_list()`` collects.
    Each iteration starts again from the first cursor.

    Args:
        fetch_page: Fetches the page at a cursor (``None`` for the first page).
        cursor: Where to start; a ``next_cursor`` saved from an earlier walk.
        max_items: Stop after this many items (no further page is fetched).
        max_pages: Stop after this many pages.
        prefetch: Pages to fetch ahead while the caller works (0 or 1).
        max_empty_pages: Empty pages in a row after which the walk raises
            `PaginationError` (default `DEFAULT_MAX_EMPTY_PAGES`, 200).

    Raises:
        InvalidRequestError: ``cursor`` is not a string of valid Unicode text.
    """

    def __init__(
        self,
        fetch_page: FetchPage[T],
        *,
        cursor: str | None = None,
        max_items: int | None = None,
        max_pages: int | None = None,
        prefetch: int = 0,
        max_empty_pages: int = DEFAULT_MAX_EMPTY_PAGES,
    ) -> None:
        if max_items is not None and max_items < 0:
            raise ValueError("max_items must be >= 0")
        if max_pages is not None and max_pages < 0:
            raise ValueError("max_pages must be >= 0")
        if prefetch not in (0, 1):
            raise ValueError("prefetch must be 0 or 1")
        if max_empty_pages < 1:
            raise ValueError("max_empty_pages must be >= 1")
        _check_cursor(cursor)
        self._fetch_page = fetch_page
        self._cursor = cursor
        self._max_items = max_items
        self._max_pages = max_pages
        self._prefetch = prefetch
        self._max_empty_pages = max_empty_pages

    def __repr__(self) -> str:
        return (
            f"<AsyncPager cursor={self._cursor!r} max_items={self._max_items} "
            f"max_pages={self._max_pages} prefetch={self._prefetch}>"
        )

    def __aiter__(self) -> AsyncIterator[T]:
        return self._items()

    if not TYPE_CHECKING:  # to the type checker a pager stays not iterable, as it is

        def __iter__(self) -> NoReturn:
            raise TypeError(
                "an AsyncPager is walked with 'async for item in pager' "
                "(or collected with 'await pager.to_list()'), not a plain 'for'"
            )

    async def _items(self) -> AsyncIterator[T]:
        remaining = self._max_items
        if remaining == 0:
            return
        async with contextlib.aclosing(self.pages()) as pages:
            async for page in pages:
                items = page.items if remaining is None else page.items[:remaining]
                del page  # a page is let go of before the next one is fetched
                if remaining is not None:
                    remaining -= len(items)
                for item in items:
                    yield item
                del items
                if remaining == 0:
                    return

    async def pages(self) -> AsyncGenerator[Page[T], None]:
        """Walk the listing page by page, following ``next_cursor`` until it is ``None``.

        Raises:
            PaginationError: The server sent a cursor this walk had already used,
                or more than ``max_empty_pages`` empty pages in a row.
        """
        max_pages = self._max_pages
        if max_pages == 0 or self._max_items == 0:
            return
        seen = _RecentCursors(self._cursor)
        ahead: asyncio.Task[Page[T]] | None = None
        fetched = empty = 0
        cursor = self._cursor
        try:
            while True:
                if ahead is not None:
                    page, ahead = await ahead, None
                else:
                    page = await self._fetch_page(cursor)
                fetched += 1
                empty = 0 if page.items else empty + 1
                cursor = page.next_cursor
                more = cursor is not None and (max_pages is None or fetched < max_pages)
                if cursor is not None and more:
                    if empty >= self._max_empty_pages:
                        raise PaginationError(cursor, fetched, empty_pages=empty)
                    seen.add(cursor, fetched)
                    if self._prefetch:
                        ahead = asyncio.ensure_future(self._fetch_page(cursor))
                yield page
                del page  # the caller's to keep, not ours, while the next one is fetched
                if not more:
                    return
        finally:
            if ahead is not None:
                await _discard(ahead)

    async def to_list(self) -> list[T]:
        """Collect every item (up to ``max_items``) into a list."""
        return [item async for item in self]


class _RecentCursors:
    """The latest `CURSOR_MEMORY` cursors of a walk: a repeat among them is an error."""

    def __init__(self, first: str | None) -> None:
        self._order: deque[str] = deque()
        self._set: set[str] = set()
        if first is not None:
            self.add(first, 0)

    def add(self, cursor: str, pages: int) -> None:
        """Remember ``cursor``; raise `PaginationError` when it is a repeat."""
        if cursor in self._set:
            raise PaginationError(cursor, pages)
        self._order.append(cursor)
        self._set.add(cursor)
        if len(self._order) > CURSOR_MEMORY:
            self._set.discard(self._order.popleft())

    def __len__(self) -> int:
        return len(self._order)


async def _discard(ahead: asyncio.Task[Page[T]]) -> None:
    """Cancel a read-ahead and wait for it to end, without hiding our own cancellation.

    ``asyncio.wait`` neither raises the read-ahead's outcome nor swallows a
    cancellation of the walking task, which a ``suppress(CancelledError)`` would.
    """
    ahead.cancel()
    await asyncio.wait({ahead})
    if not ahead.cancelled():
        ahead.exception()  # retrieved, so asyncio does not log it as never retrieved


def _check_cursor(cursor: object) -> None:
    if cursor is None:
        return
    if not isinstance(cursor, str):
        raise InvalidRequestError([f"cursor: expected a str or None, got {cursor!r}"])
    problem = text_problem(cursor)
    if problem is not None:
        raise InvalidRequestError([f"cursor: {problem}"])
