"""Exactly once, in order: pagination properties over random listings and random faults.

Hypothesis draws the listing (0 to 5,000 items, random page sizes, empty pages
anywhere, cursors full of ``+ / = % & # ?``, unicode, or thousands of
characters long) and the faults; the property is always the same: the client
yields the server's sequence, each item once, or fails loudly.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import vogent_async
from vogent_async import AsyncPager, Page, PaginationError
from vogent_async.errors import APIError
from vogent_async.models.batch_dial_jobs import BatchDialJob
from vogent_async.resources._pagination import FetchPage

from ._listing import TRANSIENT, Listing
from ._server import LocalServer
from .conftest import FAST, SECRET_KEY

NASTY = "+/=%&#? ;,'\"\\\x00\t\n~*()[]{}<>|^`@!$"
cursor_text = st.one_of(
    st.text(st.sampled_from(NASTY), min_size=1, max_size=12),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=40),
    # very long: a short random stem repeated, up to ~4,000 characters
    st.builds(
        lambda stem, times: stem * times,
        st.text(
            st.one_of(st.sampled_from(NASTY), st.characters(codec="utf-8")), min_size=1, max_size=10
        ),
        st.integers(100, 400),
    ),
)
simple_cursor = st.text("abcdefghij", min_size=1, max_size=6)


@st.composite
def listings(
    draw: st.DrawFn,
    max_items: int = 5000,
    max_pages: int = 40,
    cursor: st.SearchStrategy[str] = cursor_text,
) -> Listing:
    """A listing with random page cuts (empty pages included) and unique random cursors."""
    size = draw(st.one_of(st.integers(0, 40), st.integers(0, max_items)))
    cuts = draw(st.lists(st.integers(0, size), max_size=max_pages - 1))
    bounds = [0, *sorted(cuts), size]
    cursors = draw(
        st.lists(cursor, min_size=len(bounds) - 2, max_size=len(bounds) - 2, unique=True)
    )
    return Listing(size, bounds, cursors)


def fetcher(listing: Listing, calls: list[str | None]) -> FetchPage[str]:
    """An in-memory fetch_page over ``listing`` that records each cursor it is asked for."""

    async def fetch_page(cursor: str | None) -> Page[str]:
        calls.append(cursor)
        page = 0 if cursor is None else listing.cursors.index(cursor) + 1
        start, end = listing.bounds[page], listing.bounds[page + 1]
        nxt = listing.cursors[page] if page < listing.pages - 1 else None
        return Page(listing.ids[start:end], nxt)

    return fetch_page


PAGER = settings(max_examples=100, deadline=None)


@PAGER
@given(listings(max_items=600, cursor=simple_cursor), st.sampled_from([0, 1]))
async def test_pager_yields_the_sequence_once_in_order(listing: Listing, prefetch: int) -> None:
    """AsyncPager yields exactly the listing's items, fetching each page exactly once."""
    calls: list[str | None] = []
    pager = AsyncPager(fetcher(listing, calls), prefetch=prefetch)
    assert await pager.to_list() == listing.ids
    assert calls == [None, *listing.cursors]


@PAGER
@given(listings(max_items=600, cursor=simple_cursor), st.data())
async def test_pager_limits_stop_at_an_exact_prefix(listing: Listing, data: st.DataObject) -> None:
    """max_items and max_pages yield an exact prefix and fetch no page beyond the one needed."""
    max_items = data.draw(st.integers(0, listing.size + 2), label="max_items")
    calls: list[str | None] = []
    pager = AsyncPager(fetcher(listing, calls), max_items=max_items)
    assert await pager.to_list() == listing.ids[:max_items]
    ends = listing.bounds[1:]
    needed = next((i + 1 for i, end in enumerate(ends) if end >= max_items), listing.pages)
    assert len(calls) == (0 if max_items == 0 else needed)

    max_pages = data.draw(st.integers(0, listing.pages + 1), label="max_pages")
    calls.clear()
    pages = [p async for p in AsyncPager(fetcher(listing, calls), max_pages=max_pages).pages()]
    assert len(pages) == min(max_pages, listing.pages) == len(calls)
    assert [i for p in pages for i in p.items] == listing.ids[: listing.bounds[len(pages)]]


@PAGER
@given(listings(max_items=600, cursor=simple_cursor), st.data())
async def test_pager_resumes_from_any_checkpoint_exactly_once(
    listing: Listing, data: st.DataObject
) -> None:
    """Saving next_cursor after any page and resuming there yields the rest, once each."""
    crash_after = data.draw(st.integers(0, listing.pages - 1), label="crash_after")
    first: list[str] = []
    checkpoint: str | None = None
    async for page in AsyncPager(fetcher(listing, [])).pages():
        first.extend(page.items)
        checkpoint = page.next_cursor
        if len(first) >= listing.bounds[crash_after + 1]:
            break  # the process "crashes" here, with the checkpoint saved
    rest: list[str] = []
    if checkpoint is not None:  # None means the walk was complete
        rest = await AsyncPager(fetcher(listing, []), cursor=checkpoint).to_list()
    assert first + rest == listing.ids


@PAGER
@given(listings(max_items=300, cursor=simple_cursor), st.data())
async def test_pager_stops_on_a_repeated_cursor_before_any_duplicate(
    listing: Listing, data: st.DataObject
) -> None:
    """A server that sends an earlier cursor again gets PaginationError, never a duplicate."""
    assume(listing.pages >= 2)
    at = data.draw(st.integers(1, listing.pages - 1), label="repeat_on_page")
    repeated = data.draw(st.sampled_from(listing.cursors[:at]), label="repeated")
    normal = fetcher(listing, [])

    async def fetch_page(cursor: str | None) -> Page[str]:
        page = await normal(cursor)
        if cursor == (listing.cursors[at - 1] if at else None):
            return Page(page.items, repeated)
        return page

    yielded: list[str] = []
    with pytest.raises(PaginationError) as caught:
        await _collect(AsyncPager(fetch_page), yielded)
    assert caught.value.cursor == repeated
    assert caught.value.pages == at + 1
    assert yielded == listing.ids[: listing.bounds[at]]  # the offending page is withheld too


def faults_for(pages: int, max_per_page: int) -> st.SearchStrategy[dict[int, deque[str]]]:
    """Per page, up to ``max_per_page`` transient faults; one timeout at most in all."""
    kinds = st.lists(st.sampled_from(TRANSIENT), max_size=max_per_page)
    return (
        st.dictionaries(st.integers(0, max(pages - 1, 0)), kinds, max_size=3)
        .filter(lambda d: sum(ks.count("timeout") for ks in d.values()) <= 1)
        .map(lambda d: {page: deque(ks) for page, ks in d.items()})
    )


def _client(server: LocalServer, retries: int) -> vogent_async.Client:
    return vogent_async.Client(
        SECRET_KEY, base_url=server.base_url, max_retries=retries, timeout=0.3, retry_policy=FAST
    )


HTTP = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@HTTP
@given(listings(), st.data())
async def test_client_walks_the_exact_sequence_through_transient_faults(
    listing: Listing, data: st.DataObject
) -> None:
    """Over HTTP, with random 5xx, 429, drops, cut bodies and timeouts, every item arrives
    once, in order, and each page is served in full exactly once."""
    listing.faults = data.draw(faults_for(listing.pages, 3), label="faults")
    prefetch = data.draw(st.sampled_from([0, 1]), label="prefetch")
    async with LocalServer(listing.handle) as server, _client(server, retries=6) as client:
        jobs = await client.batch_dial_jobs.list(page_size=50, prefetch=prefetch).to_list()
    assert [j.id for j in jobs] == listing.ids
    assert all(listing.served[page] == 1 for page in range(listing.pages))
    assert [r.query.get("cursor") for r in server.requests if "cursor" in r.query] == [
        c for c in _asked(server) if c is not None
    ]
    assert set(_asked(server)) == {None, *listing.cursors}


def _asked(server: LocalServer) -> Sequence[str | None]:
    return [r.query.get("cursor") for r in server.requests]


@HTTP
@given(listings(max_pages=12), st.data())
async def test_client_resumes_after_a_crash_with_the_union_exactly_once(
    listing: Listing, data: st.DataObject
) -> None:
    """A walk that dies on a random page (faults past max_retries) resumes from the saved
    next_cursor in a new client; the two runs together hold every item exactly once."""
    crash_on = data.draw(st.integers(0, listing.pages - 1), label="crash_on")
    # (timeouts fail the same way, only slower; the fault walk above covers them)
    failure = data.draw(st.sampled_from([f for f in TRANSIENT if f != "timeout"]), label="fault")
    listing.faults = {crash_on: deque([failure] * 8)}  # outlasts every retry
    seen: list[str] = []
    saved: list[str | None] = []  # the checkpoint store: next_cursor after each page
    async with LocalServer(listing.handle) as server:
        async with _client(server, retries=2) as client:
            with pytest.raises(APIError):
                await _checkpointed(client.batch_dial_jobs.list(), seen, saved)
        checkpoint = saved[-1] if saved else None
        assert len(seen) == listing.bounds[crash_on]
        listing.faults.clear()  # the outage ends
        async with _client(server, retries=2) as client:  # a new process; None starts over
            pager = client.batch_dial_jobs.list(cursor=checkpoint)
            seen.extend([job.id async for job in pager])
    assert seen == listing.ids


async def _collect(pager: AsyncPager[str], into: list[str]) -> None:
    async for item in pager:
        into.append(item)


async def _checkpointed(
    pager: AsyncPager[BatchDialJob], seen: list[str], saved: list[str | None]
) -> None:
    """Process page by page, saving next_cursor once a page's items are handled."""
    async for page in pager.pages():
        seen.extend(job.id for job in page.items)
        saved.append(page.next_cursor)
