"""`FakeVogent`: the fake Vogent API as a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from types import TracebackType
from typing import Any

from aiohttp import web

from vogent_async.testing._app import build_app
from vogent_async.testing._batch_dial_data import BatchDialData, JobProgress
from vogent_async.testing._clock import FakeClock, RunningClock
from vogent_async.testing._collection import Collection
from vogent_async.testing._context import FakeState, Settings
from vogent_async.testing._control import Control, add_control_routes
from vogent_async.testing._events import Events, Observer
from vogent_async.testing._faults import Faults
from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._limits import RequestLimiter, ServerStats
from vogent_async.testing._records import RecordedRequest
from vogent_async.testing._registry import GROUPS, ROUTES
from vogent_async.testing._seeding import Seeder, seed_groups
from vogent_async.testing._state import Store
from vogent_async.testing._webhooks import FakeWebhooks

__all__ = ["FakeVogent", "JobProgress"]

_LOOPBACK = "127.0.0.1"


class FakeVogent(BatchDialData, FakeWebhooks, FakeClock):
    """An in-memory Vogent API served over real HTTP, on loopback unless told otherwise.

    Use it as ``async with FakeVogent() as fake:`` and point a client at
    ``fake.base_url`` with ``fake.api_key``. Time stands still until the test
    moves it with `advance` or `finish_dials`, unless ``speed`` makes it run.

    It serves every group of the contract: batch dial jobs (seeded with
    `seed_jobs` and `seed_dials`), dials, agents with their versioned prompts and
    extractors, functions, voices, models, phone numbers, evals, and speech
    (``POST /tts``, multispeaker and the websocket). Each kept group is a
    `Collection` reached by its name: ``fake.agents``, ``fake.versioned_prompts``,
    ``fake.extractors``, ``fake.functions``, ``fake.voices``, ``fake.models``,
    ``fake.phone_numbers``, ``fake.eval_configs``, ``fake.eval_records``,
    ``fake.eval_runs``; ``fake.tts`` holds the speech knobs.

    It is one world: a fresh fake lists stock models and voices, and holds
    nothing else. Every id a request names must be of an object it holds (404
    for a path id, 422 naming the field for a body id), and every seed is
    checked against the contract's schema and the ids it names, so create or
    seed what your code uses: ``[agent_id] = fake.agents.seed(1)``.

    Args:
        api_key: The only bearer token accepted; anything else gets 401.
        seed: Seed of the generated data (ids, names, dial outcomes).
        now: The clock's start; defaults to the current time.
        user_id: The user that jobs created over HTTP belong to (``userId`` filter).
        default_page_size: Items per page when a request sends no ``limit`` (a route
            with a documented default, such as ``GET /models``, uses its own).
        max_page_size: The largest ``limit`` honoured; larger asks get this many.
        concurrency_limit: The workspace's concurrent-dial limit; a larger
            ``maxConcurrentDials`` is refused with 422.
        record_requests: Keep `requests` (turn off for long benchmarks and servers).
        request_log_size: The most records `requests` keeps: past it the oldest go
            first (a ring). ``None``: every request, for the fake's whole life.
        port: The port to bind; 0 picks a free one.
        host: The address to bind; ``127.0.0.1`` unless you serve other machines.
        max_concurrent_requests: The most requests in flight per API key; one more
            is answered 429 with ``Retry-After``. ``None``: no limit.
        retry_after: The ``Retry-After`` seconds sent with that 429.
        webhook_url: Where to POST signed webhooks as dials finish (see
            `wait_for_webhooks`); loopback only unless ``webhook_allow_remote``.
        webhook_secret: Their signing secret; ``"test-webhook-secret"`` by default.
        webhook_allow_remote: Allow a ``webhook_url`` that is not on this machine.
        latency: Seconds each request takes to answer (real time, inside the
            concurrency limit), so that concurrent clients overlap as on a real API.
        speed: Fake seconds per real second while the fake serves: at ``60`` a placed
            call ends within about 8 real seconds, its webhooks sent as it goes.
            ``0`` (the default) freezes the clock, so tests stay deterministic.
    """

    def __init__(
        self,
        api_key: str = "test-key",
        *,
        seed: int | None = 0,
        now: datetime | None = None,
        user_id: str | None = None,
        default_page_size: int = 100,
        max_page_size: int = 500,
        concurrency_limit: int = 50,
        record_requests: bool = True,
        request_log_size: int | None = None,
        port: int = 0,
        host: str = _LOOPBACK,
        max_concurrent_requests: int | None = None,
        retry_after: float = 1.0,
        webhook_url: str | None = None,
        webhook_secret: str | None = None,
        webhook_allow_remote: bool = False,
        latency: float = 0.0,
        speed: float = 0.0,
    ) -> None:
        _check_arguments(api_key, default_page_size, max_page_size, max_concurrent_requests)
        if latency < 0 or retry_after < 0:
            raise ValueError("latency and retry_after must be >= 0")
        if request_log_size is not None and request_log_size < 1:
            raise ValueError(f"request_log_size must be >= 1 or None, got {request_log_size}")
        start = now or datetime.now(timezone.utc)
        if start.tzinfo is None:
            raise ValueError("now must be an aware datetime")
        data, events = DataGenerator(seed), Events()
        self._store = Store(
            data,
            now_ms=int(start.timestamp() * 1000),
            user_id=user_id or data.uuid(),
            events=events,
        )
        self._clock = RunningClock(self._store.advance, speed)
        self._settings = Settings(
            api_key, default_page_size, max_page_size, concurrency_limit, record_requests,
            max_concurrent_requests, retry_after, latency, request_log_size,
        )  # fmt: skip
        self._collections = {
            name: Collection(name, data, make, events, owner=group.owners.get(name))
            for group in GROUPS
            for name, make in group.collections.items()
        }
        self._store.phone_numbers = self._collections["phone_numbers"]
        self._events, self._limiter = events, RequestLimiter(max_concurrent_requests)
        self.requests: list[RecordedRequest] = []
        """Requests received (the last `request_log_size`), oldest first, keys redacted."""
        self.faults = Faults(
            frozenset(r.key for r in ROUTES), frozenset(r.key for r in ROUTES if r.paging)
        )
        """The scripted faults; see `Faults.add`."""
        self._controls = {g.name: g.controls() for g in GROUPS if g.controls is not None}
        state = FakeState(self._settings, self._store, self._collections, events, self._controls)
        _stock(self._collections)
        self.app = build_app(state, ROUTES, self.faults, self.requests, self._limiter)
        """The `aiohttp.web.Application`, for use with aiohttp's own test tools."""
        store = self._store
        self._seeders: dict[str, Seeder] = {
            **{name: found.seed for name, found in self._collections.items()},
            "batch_dial_jobs": self._seed_job_group,
        }
        control = Control(api_key, self.advance, lambda: store.now_ms, self._seeders, self.faults)
        add_control_routes(self.app, control)
        self._host, self._port = host, port
        self._runner: web.AppRunner | None = None
        self._start_webhooks(webhook_url, webhook_secret, webhook_allow_remote, events.subscribe)

    def __repr__(self) -> str:
        where = self.base_url if self._runner is not None else "not started"
        return f"<FakeVogent {where} jobs={len(self._store.jobs)}>"

    def __getattr__(self, name: str) -> Any:
        """The `Collection` of a generic API group (``fake.models``), or a group's controls."""
        for found in (self.__dict__.get("_collections", {}), self.__dict__.get("_controls", {})):
            if name in found:
                return found[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    # ------------------------------------------------------------ life cycle

    async def start(self) -> None:
        """Start serving (idempotent)."""
        if self._runner is not None:
            return
        runner = web.AppRunner(
            self.app, handle_signals=False, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        try:
            site = web.TCPSite(runner, self._host, self._port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._port = runner.addresses[0][1]
        self._runner = runner
        self._clock.start()

    async def close(self) -> None:
        """Stop the clock, serving and delivering webhooks, and close every connection.

        Idempotent.
        """
        await self._clock.stop()
        await self._close_webhooks()
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    async def __aenter__(self) -> FakeVogent:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    # ------------------------------------------------------------ addresses

    @property
    def api_key(self) -> str:
        """The bearer token the fake accepts."""
        return self._settings.api_key

    @property
    def base_url(self) -> str:
        """The API root to give a client, e.g. ``http://127.0.0.1:54321/api``.

        Raises:
            RuntimeError: The server is not started.
        """
        if self._runner is None:
            raise RuntimeError("FakeVogent is not started: use 'async with FakeVogent()'")
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"http://{host}:{self._port}/api"

    # ------------------------------------------------------------ seeding

    def seed_groups(self, groups: Mapping[str, Any]) -> dict[str, list[str]]:
        """Seed several groups at once, from JSON (the format of ``serve --seed-file``).

        Args:
            groups: Group name (``"agents"``, ``"phone_numbers"``, ``"voices"``, ...) to a
                list of wire-format bodies, seeded in this order by each group's ``seed``.

        Returns:
            The new items' ids, by group.

        Raises:
            SeedError: A `ValueError` naming the group and item that is wrong.
        """
        return seed_groups(self._seeders, groups)

    def _seed_job_group(
        self, items: list[dict[str, Any]], *, parent: str | None = None
    ) -> list[str]:
        if parent is not None:
            raise ValueError("batch dial jobs have no parent")
        return self.seed_jobs(items)

    # ------------------------------------------------------------ observing

    @property
    def stats(self) -> ServerStats:
        """Requests received, refused with 429 by `max_concurrent_requests`, and most in flight."""
        return self._limiter.stats()

    def reset_stats(self) -> None:
        """Start the request counters of `stats` from zero."""
        self._limiter.reset()

    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer`` with a `FakeEvent` for every change (jobs, dials, collections).

        Returns:
            A function that unsubscribes it.
        """
        return self._events.subscribe(observer)


def _stock(collections: dict[str, Collection]) -> None:
    """Give each collection what it seeds its items with, then what a fresh fake holds."""
    for group in GROUPS:
        for name, settle in group.settle.items():
            collections[name].settle = settle
    for group in GROUPS:
        for name, items in group.catalog.items():
            collections[name].seed(items)


def _check_arguments(
    api_key: str, default_page_size: int, max_page_size: int, max_concurrent: int | None
) -> None:
    if not isinstance(api_key, str) or not api_key:
        raise ValueError("api_key must be a non-empty string")
    if not 1 <= default_page_size <= max_page_size:
        raise ValueError("need 1 <= default_page_size <= max_page_size")
    if max_concurrent is not None and (
        not isinstance(max_concurrent, int)
        or isinstance(max_concurrent, bool)
        or max_concurrent < 1
    ):
        raise ValueError("max_concurrent_requests must be a positive int or None")
