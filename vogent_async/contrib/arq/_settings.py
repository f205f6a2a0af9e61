"""`ExportSettings` and `worker_settings`: an arq worker that exports dials."""

from __future__ import annotations

import math
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs
from arq.connections import RedisSettings

from vogent_async._client import Client
from vogent_async.budget import LocalBudget
from vogent_async.contrib.arq._open_sink import open_sink
from vogent_async.contrib.arq._tasks import (
    RUNTIME,
    Runtime,
    export_job_dials,
    export_matching_jobs,
)
from vogent_async.contrib.redis import RedisBudget, RedisCheckpoints

__all__ = ["CHECKPOINT_PREFIX", "ExportSettings", "worker_settings"]

CHECKPOINT_PREFIX = "vogent:arq-export:checkpoint:"
"""The prefix of the export's checkpoints, its own: other code that checkpoints the same
listing (``dials:<job id>``) with `RedisCheckpoints`' default prefix never meets them."""

Hook = Callable[[dict[str, Any]], Awaitable[None]]


def _positive_int(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be an int >= 1, got {value!r}")


def _positive_number(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    if not number or not 0 < value < math.inf:
        raise ValueError(f"{attribute.name} must be a positive number, got {value!r}")


def _positive_int_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _positive_int(instance, attribute, value)


def _positive_number_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _positive_number(instance, attribute, value)


def _non_empty(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value:
        raise ValueError(f"{attribute.name} must be a non-empty string, got {value!r}")


def _non_empty_or_none(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _non_empty(instance, attribute, value)


@attrs.frozen(kw_only=True)
class ExportSettings:
    """What the export worker needs besides arq's own settings.

    Attributes:
        sink: A SQLite file path (the default sink), or a ``postgresql://`` DSN.
        api_key: The API key; ``None`` reads ``VOGENT_API_KEY``. Never shown.
        base_url: The API root; ``None`` for the client's default.
        budget_key: The `RedisBudget` key; every worker with the same key shares it.
            ``None``: no shared budget, each worker keeps its own in-process one
            (``max_concurrency`` then bounds each worker, not all of them).
        max_concurrency: Requests in flight at once across every worker.
        rate: Requests per second across every worker; ``None`` for no bound.
        fallback_concurrency: While Redis is away, let each worker go on with this
            many requests in flight of its own; ``None`` fails the task loudly
            (`BudgetUnavailable`) instead.
        page_size: Items per page requested.
        timeout: Seconds one request may take.
        max_retries: Retries of a failed request.
        checkpoint_ttl: Seconds a finished or stopped export is remembered.
        redis_timeout: Seconds the budget, the checkpoints and the fan-out's
            enqueues each wait for one Redis operation; past it Redis counts as away.
        client_options: More `Client` arguments (``default_headers``,
            ``total_timeout``, ...).
    """

    sink: str = attrs.field(default="vogent-dials.sqlite3", validator=_non_empty)
    api_key: str | None = attrs.field(default=None, repr=False)
    base_url: str | None = None
    budget_key: str | None = attrs.field(default="vogent", validator=_non_empty_or_none)
    max_concurrency: int | None = attrs.field(default=8, validator=_positive_int_or_none)
    rate: float | None = attrs.field(default=None, validator=_positive_number_or_none)
    fallback_concurrency: int | None = attrs.field(default=None, validator=_positive_int_or_none)
    page_size: int = attrs.field(default=100, validator=_positive_int)
    timeout: float = attrs.field(default=60.0, validator=_positive_number)
    max_retries: int = attrs.field(default=2)
    checkpoint_ttl: float = attrs.field(default=7 * 86400.0, validator=_positive_number)
    redis_timeout: float = attrs.field(default=2.0, validator=_positive_number)
    client_options: Mapping[str, Any] = attrs.field(factory=dict, repr=False)

    @max_retries.validator
    def _check_retries(self, attribute: attrs.Attribute[Any], value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"max_retries must be an int >= 0, got {value!r}")


def worker_settings(
    settings: ExportSettings,
    *,
    redis_settings: RedisSettings | None = None,
    **arq_options: Any,
) -> dict[str, Any]:
    """arq ``WorkerSettings`` that run `export_job_dials` and `export_matching_jobs`.

    Use the result as a module's ``WorkerSettings`` for the ``arq`` command, or
    pass it to ``arq.run_worker``. At start-up each worker makes one `Client`
    whose budget is a `RedisBudget` on arq's own Redis connection, opens the sink
    and the `RedisCheckpoints`; at shutdown it closes them.

    Args:
        settings: The export's settings.
        redis_settings: arq's Redis; ``None`` for arq's default (localhost:6379).
        **arq_options: Any other arq worker setting (``max_jobs``, ``job_timeout``, ...).

    Raises:
        TypeError: ``settings`` is not an `ExportSettings`.
    """
    if not isinstance(settings, ExportSettings):
        raise TypeError("settings must be an ExportSettings")
    return {
        "functions": [export_job_dials, export_matching_jobs],
        "on_startup": _startup(settings),
        "on_shutdown": _shutdown,
        "redis_settings": redis_settings or RedisSettings(),
        **arq_options,
    }


def _startup(settings: ExportSettings) -> Hook:
    async def startup(ctx: dict[str, Any]) -> None:
        redis = ctx["redis"]
        client = Client(
            settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout,
            max_retries=settings.max_retries,
            **_budget_options(settings, redis),
            **settings.client_options,
        )
        checkpoints = RedisCheckpoints(
            redis,
            prefix=CHECKPOINT_PREFIX,
            ttl=settings.checkpoint_ttl,
            redis_timeout=settings.redis_timeout,
        )
        sink = open_sink(settings.sink)
        ctx[RUNTIME] = Runtime(client, sink, checkpoints, settings.page_size)

    return startup


def _budget_options(settings: ExportSettings, redis: Any) -> dict[str, Any]:
    """``budget=RedisBudget(...)``, or the per-process ``max_concurrency`` without a key."""
    if settings.budget_key is None:
        return {"max_concurrency": settings.max_concurrency}
    fallback = None
    if settings.fallback_concurrency is not None:
        fallback = LocalBudget(settings.fallback_concurrency)
    budget = RedisBudget(
        redis,
        key=settings.budget_key,
        max_concurrency=settings.max_concurrency,
        rate=settings.rate,
        max_lease=max(settings.timeout, 1.0),
        fallback=fallback,
        redis_timeout=settings.redis_timeout,
    )
    return {"budget": budget}


async def _shutdown(ctx: dict[str, Any]) -> None:
    runtime = ctx.pop(RUNTIME, None)
    if isinstance(runtime, Runtime):
        await runtime.client.close()
        await runtime.sink.close()
