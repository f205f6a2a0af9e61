"""The checks of the contrib modules' arguments, made at the door."""

from __future__ import annotations

import math

from vogent_async.budget import Budget

__all__ = ["check_budget", "check_timeout"]


def check_timeout(redis_timeout: float) -> None:
    """Raise ``ValueError`` unless ``redis_timeout`` is a positive number of seconds."""
    if isinstance(redis_timeout, bool) or not (
        isinstance(redis_timeout, (int, float)) and 0 < redis_timeout < float("inf")
    ):
        raise ValueError(
            f"redis_timeout must be a positive number of seconds, not {redis_timeout!r}"
        )


def check_budget(
    key: str,
    max_concurrency: int | None,
    rate: float | None,
    max_lease: float,
    lease_grace: float,
    poll_interval: float,
    fallback: Budget | None,
) -> None:
    """Raise ``ValueError`` or ``TypeError`` for an argument of `RedisBudget` it does not take."""
    if not isinstance(key, str) or not key:
        raise ValueError("key must be a non-empty string")
    if max_concurrency is not None and (
        isinstance(max_concurrency, bool) or not isinstance(max_concurrency, int)
    ):
        raise TypeError("max_concurrency must be an int or None")
    if max_concurrency is not None and max_concurrency < 1:
        raise ValueError("max_concurrency must be >= 1 (or None for no bound)")
    for name, value in (("rate", rate), ("max_lease", max_lease)):
        if value is not None and not (isinstance(value, (int, float)) and 0 < value < math.inf):
            raise ValueError(f"{name} must be a positive number of seconds or per second")
    for name, value in (("lease_grace", lease_grace), ("poll_interval", poll_interval)):
        if not (isinstance(value, (int, float)) and 0 < value < math.inf):
            raise ValueError(f"{name} must be a positive number of seconds")
    if fallback is not None and not isinstance(fallback, Budget):
        raise TypeError("fallback must be a Budget (such as LocalBudget) or None")
