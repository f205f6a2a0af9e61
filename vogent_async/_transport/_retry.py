"""The retry policy as data: what is retried, how long to wait, how Retry-After is read.

Nothing here does I/O or sleeps; the transport asks and acts.
"""

from __future__ import annotations

import email.utils
import enum
import math
import random
from collections.abc import Callable, Mapping
from datetime import datetime, timezone

import attrs

#: Statuses worth another attempt: timeouts, rate limits and server failures.
RETRYABLE_STATUSES = frozenset({408, 429, 500, 502, 503, 504})

INITIAL_DELAY = 0.5
"""Seconds before the first retry, before jitter."""

MAX_DELAY = 8.0
"""The cap on one exponential backoff delay."""

MAX_RETRY_AFTER = 60.0
"""The longest ``Retry-After`` honoured; longer asks are capped to this."""


class Failure(enum.Enum):
    """What went wrong with one attempt, as far as retrying is concerned."""

    #: The connection failed before the request was written (refused, DNS).
    NOT_SENT = "not_sent"
    #: The request may have reached the server: reset, timeout or cut-off body.
    MAYBE_SENT = "maybe_sent"
    #: The server answered with a status code.
    STATUS = "status"


@attrs.frozen
class RetryPolicy:
    """When to retry a failed attempt and how long to wait first.

    Args:
        initial_delay: Seconds before the first retry (before jitter).
        max_delay: Cap on one backoff delay.
        max_retry_after: Cap on a server's ``Retry-After``.
        retry_statuses: Statuses that are retried.
    """

    initial_delay: float = INITIAL_DELAY
    max_delay: float = MAX_DELAY
    max_retry_after: float = MAX_RETRY_AFTER
    retry_statuses: frozenset[int] = RETRYABLE_STATUSES

    def should_retry(self, failure: Failure, *, status: int | None, idempotent: bool) -> bool:
        """Say whether an attempt that failed this way may be sent again.

        A request that is not idempotent (creating a batch job) is retried only
        when the server certainly did not act on it: the connection failed
        before it was sent, or the server rejected it with 429.
        """
        if failure is Failure.NOT_SENT:
            return True
        if failure is Failure.MAYBE_SENT:
            return idempotent
        if status == 429:
            return True
        return idempotent and status in self.retry_statuses

    def backoff(self, retry: int, *, rand: Callable[[], float] = random.random) -> float:
        """Return the delay before retry number ``retry`` (1-based): full jitter, capped."""
        ceiling: float = min(self.max_delay, self.initial_delay * 2.0 ** (retry - 1))
        return ceiling * rand()

    def delay(
        self,
        retry: int,
        retry_after: float | None,
        *,
        rand: Callable[[], float] = random.random,
    ) -> float:
        """Return the wait before ``retry``: the server's ask when it gave one, else backoff."""
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return self.backoff(retry, rand=rand)


def parse_retry_after(headers: Mapping[str, str], *, now: datetime | None = None) -> float | None:
    """Read ``Retry-After`` as seconds from now, whether given as seconds or an HTTP-date.

    Returns:
        Seconds (never negative), or ``None`` when the header is absent or unreadable.
    """
    value = headers.get("Retry-After") or headers.get("retry-after")
    if value is None:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        seconds = (when - (now or datetime.now(timezone.utc))).total_seconds()
    if math.isnan(seconds) or math.isinf(seconds):
        return None
    return max(0.0, seconds)
