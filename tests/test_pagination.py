"""The paginator over a scripted fetch_page: no HTTP involved."""

from __future__ import annotations

import asyncio
import contextlib
import weakref
from collections.abc import Mapping, Sequence

import pytest

from vogent_async import AsyncPager, InvalidRequestError, Page, PaginationError
from vogent_async.resources import _pagination


class Script:
    """A fake API: maps each request cursor to the page it returns, and logs requests."""

    def __init__(self, pages: Mapping[str | None, tuple[Sequence[int], str | None]]) -> None:
        self.pages = pages
        self.requested: list[str | None] = []

    async def __call__(self, cursor: str | None) -> Page[int]:
        self.requested.append(cursor)
        items, next_cursor = self.pages[cursor]
        return Page(list(items), next_cursor)


def three_pages() -> Script:
    return Script({None: ([1, 2], "b"), "b": ([3, 4], "c"), "c": ([5], None)})


async def test_walks_every_page_in_order() -> None:
    """Items come from every page, in server order, following cursors until null."""
    script = three_pages()
    assert await AsyncPager(script).to_list() == [1, 2, 3, 4, 5]
    assert script.requested == [None, "b", "c"]


async def test_nothing_is_fetched_before_iteration() -> None:
    """Creating a pager sends no request."""
    script = three_pages()
    pager = AsyncPager(script)
    await asyncio.sleep(0)
    assert script.requested == []
    assert await pager.to_list() == [1, 2, 3, 4, 5]


async def test_empty_result() -> None:
    """A single empty last page yields nothing."""
    assert await AsyncPager(Script({None: ([], None)})).to_list() == []


async def test_empty_page_with_cursor_is_followed() -> None:
    """An empty page that still has a cursor does not end the walk."""
    script = Script({None: ([1], "b"), "b": ([], "c"), "c": ([], "d"), "d": ([2], None)})
    assert await AsyncPager(script).to_list() == [1, 2]


async def test_max_items_stops_without_fetching_more() -> None:
    """max_items cuts the walk short and fetches no page beyond the one it needs."""
    script = three_pages()
    assert await AsyncPager(script, max_items=3).to_list() == [1, 2, 3]
    assert script.requested == [None, "b"]


async def test_max_items_on_a_page_boundary() -> None:
    """Stopping exactly at a page end fetches no further page."""
    script = three_pages()
    assert await AsyncPager(script, max_items=2).to_list() == [1, 2]
    assert script.requested == [None]


async def test_max_items_zero_fetches_nothing() -> None:
    """max_items=0 yields nothing and sends nothing."""
    script = three_pages()
    assert await AsyncPager(script, max_items=0).to_list() == []
    assert script.requested == []


async def test_max_pages_is_a_quiet_cap() -> None:
    """max_pages stops after that many pages, without error."""
    script = three_pages()
    assert await AsyncPager(script, max_pages=2).to_list() == [1, 2, 3, 4]
    assert script.requested == [None, "b"]


async def test_pages_expose_next_cursor() -> None:
    """Each page carries the cursor that resumes right after it."""
    pages = [page async for page in AsyncPager(three_pages()).pages()]
    assert [(list(p.items), p.next_cursor) for p in pages] == [
        ([1, 2], "b"),
        ([3, 4], "c"),
        ([5], None),
    ]


async def test_resume_from_saved_cursor_sees_each_item_once() -> None:
    """A walk checkpointed at a page and resumed from its next_cursor misses and repeats nothing."""
    first: list[int] = []
    saved = None
    async for page in AsyncPager(three_pages()).pages():
        first.extend(page.items)
        saved = page.next_cursor
        break
    rest = await AsyncPager(three_pages(), cursor=saved).to_list()
    assert first + rest == [1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("pages", "cursor", "count"),
    [
        ({None: ([1], "a"), "a": ([2], "a")}, "a", 2),
        ({None: ([1], "a"), "a": ([2], "b"), "b": ([3], "a")}, "a", 3),
        ({"a": ([1], "a")}, "a", 1),
    ],
    ids=["self-loop", "cycle", "start-cursor-repeated"],
)
async def test_repeated_cursor_raises(
    pages: dict[str | None, tuple[list[int], str | None]], cursor: str, count: int
) -> None:
    """A cursor already followed raises PaginationError instead of looping."""
    start = "a" if None not in pages else None
    seen: list[int] = []

    async def walk() -> None:
        async for item in AsyncPager(Script(pages), cursor=start):
            seen.append(item)

    with pytest.raises(PaginationError) as info:
        await walk()
    assert info.value.cursor == cursor
    assert info.value.pages == count
    assert seen == list(range(1, count))  # items before the bad page, none twice


async def test_each_iteration_starts_over() -> None:
    """Iterating a pager twice walks the listing twice."""
    pager = AsyncPager(three_pages())
    assert await pager.to_list() == await pager.to_list()


async def test_prefetch_fetches_one_page_ahead() -> None:
    """With prefetch=1 the next page is requested while the caller holds the current one."""
    script = three_pages()
    async with contextlib.aclosing(AsyncPager(script, prefetch=1).pages()) as pages:
        first = await pages.__anext__()
        await asyncio.sleep(0)
        assert list(first.items) == [1, 2]
        assert script.requested == [None, "b"]
        rest = [item for page in [p async for p in pages] for item in page.items]
    assert rest == [3, 4, 5]
    assert script.requested == [None, "b", "c"]


async def test_prefetch_is_cancelled_when_iteration_stops() -> None:
    """Breaking out of a prefetching walk cancels the read-ahead request."""
    started = asyncio.Event()
    cancelled = asyncio.Event()

    async def fetch(cursor: str | None) -> Page[int]:
        if cursor is None:
            return Page([1], "next")
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            cancelled.set()
            raise
        raise AssertionError("unreachable")

    async with contextlib.aclosing(AsyncPager(fetch, prefetch=1).pages()) as pages:
        async for _ in pages:
            await started.wait()
            break
    assert cancelled.is_set()


def test_invalid_arguments_are_rejected() -> None:
    """Negative caps and unsupported prefetch depths fail at construction."""
    script = three_pages()
    with pytest.raises(ValueError, match="max_items"):
        AsyncPager(script, max_items=-1)
    with pytest.raises(ValueError, match="max_pages"):
        AsyncPager(script, max_pages=-1)
    with pytest.raises(ValueError, match="prefetch"):
        AsyncPager(script, prefetch=2)


class Minting:
    """A server that never ends: each page has a fresh cursor; every ``every``-th holds an item."""

    def __init__(self, every: int = 0) -> None:
        self.every = every
        self.calls = 0

    async def __call__(self, cursor: str | None) -> Page[int]:
        self.calls += 1
        items = [self.calls] if self.every and self.calls % self.every == 0 else []
        return Page(items, f"c{self.calls}")


async def test_endless_empty_pages_stop_at_max_empty_pages() -> None:
    """Fresh cursors on empty pages forever: PaginationError after max_empty_pages in a row."""
    server = Minting()
    with pytest.raises(PaginationError, match="5 empty pages in a row") as info:
        await AsyncPager(server, max_empty_pages=5).to_list()
    assert server.calls == 5
    assert info.value.empty_pages == 5


async def test_the_default_empty_page_guard_is_a_few_hundred() -> None:
    """Without max_empty_pages the walk gives up after DEFAULT_MAX_EMPTY_PAGES (200)."""
    server = Minting()
    with pytest.raises(PaginationError):
        await AsyncPager(server).to_list()
    assert server.calls == _pagination.DEFAULT_MAX_EMPTY_PAGES == 200


async def test_empty_pages_between_items_reset_the_guard() -> None:
    """Runs of empty pages shorter than the guard are followed, however many runs there are."""
    server = Minting(every=4)
    items = await AsyncPager(server, max_empty_pages=4, max_items=30).to_list()
    assert len(items) == 30


async def test_cursor_memory_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long walk remembers only the last CURSOR_MEMORY cursors; a short cycle is still caught."""
    monkeypatch.setattr(_pagination, "CURSOR_MEMORY", 3)
    remembered: list[int] = []
    real_add = _pagination._RecentCursors.add

    def add(self: _pagination._RecentCursors, cursor: str, pages: int) -> None:
        real_add(self, cursor, pages)
        remembered.append(len(self))

    monkeypatch.setattr(_pagination._RecentCursors, "add", add)
    assert len(await AsyncPager(Minting(every=1), max_items=50).to_list()) == 50
    assert max(remembered) == 3
    cycle = Script({None: ([1], "a"), "a": ([2], "b"), "b": ([3], "a")})
    with pytest.raises(PaginationError, match="repeated cursor 'a'"):
        await AsyncPager(cycle).to_list()


def test_a_cursor_that_is_not_valid_unicode_is_refused_at_the_door() -> None:
    """A cursor with a lone surrogate raises InvalidRequestError when the pager is made."""
    with pytest.raises(InvalidRequestError, match="lone surrogate"):
        AsyncPager(three_pages(), cursor="abc\udcff")
    with pytest.raises(InvalidRequestError, match="expected a str or None"):
        AsyncPager(three_pages(), cursor=5)  # type: ignore[arg-type]


async def test_closing_a_prefetching_walk_keeps_a_cancel_of_the_walker() -> None:
    """A walk cancelled while it discards its read-ahead still ends in CancelledError."""
    gate = asyncio.Event()

    async def slow(cursor: str | None) -> Page[int]:
        if cursor is not None:
            await gate.wait()
        return Page([1], "next" if cursor is None else None)

    async def walk() -> None:
        async with contextlib.aclosing(AsyncPager(slow, prefetch=1).pages()) as pages:
            async for _ in pages:
                break  # aclose() now discards the read-ahead that waits on the gate

    task = asyncio.ensure_future(walk())
    await asyncio.sleep(0)
    task.cancel()
    await asyncio.wait({task})
    assert task.cancelled()


class _Item:
    """An item a weak reference can follow."""


@pytest.mark.parametrize("max_items", [None, 10])
async def test_a_page_walked_is_let_go_before_the_next_is_fetched(max_items: int | None) -> None:
    """A walk that keeps no item holds no finished page while it waits for the next one."""
    alive: list[weakref.ref[_Item]] = []
    held_while_fetching: list[int] = []

    async def fetch_page(cursor: str | None) -> Page[_Item]:
        held_while_fetching.append(sum(ref() is not None for ref in alive))
        items = [_Item() for _ in range(3)]
        alive.extend(weakref.ref(item) for item in items)
        return Page(items, None if cursor == "c" else {None: "b", "b": "c"}[cursor])

    seen = 0
    async for _ in AsyncPager(fetch_page, max_items=max_items):
        seen += 1
    assert seen == 9
    assert held_while_fetching == [0, 1, 1]  # only the last item of a page stays, the caller's
