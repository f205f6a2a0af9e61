"""The retry policy: what is retried, the backoff curve, and Retry-After parsing."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import pytest

from vogent_async import RetryPolicy
from vogent_async._transport._retry import Failure, parse_retry_after

POLICY = RetryPolicy()


@pytest.mark.parametrize("status", [408, 429, 500, 502, 503, 504])
def test_idempotent_requests_retry_transient_statuses(status: int) -> None:
    """GET-like calls are retried on timeouts, rate limits and server errors."""
    assert POLICY.should_retry(Failure.STATUS, status=status, idempotent=True)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422])
def test_client_errors_are_never_retried(status: int) -> None:
    """A 4xx other than 408/429 is final for every request."""
    assert not POLICY.should_retry(Failure.STATUS, status=status, idempotent=True)


@pytest.mark.parametrize(
    ("failure", "status", "expected"),
    [
        (Failure.STATUS, 429, True),
        (Failure.NOT_SENT, None, True),
        (Failure.STATUS, 500, False),
        (Failure.STATUS, 503, False),
        (Failure.STATUS, 408, False),
        (Failure.MAYBE_SENT, None, False),
    ],
)
def test_non_idempotent_requests_retry_only_when_surely_unprocessed(
    failure: Failure, status: int | None, expected: bool
) -> None:
    """Creating a job is retried only on 429 or a connection that never sent the request."""
    assert POLICY.should_retry(failure, status=status, idempotent=False) is expected


def test_backoff_grows_exponentially_and_is_capped() -> None:
    """With jitter at its top, delays double from initial_delay up to max_delay."""
    policy = RetryPolicy(initial_delay=0.5, max_delay=3.0)
    assert [policy.backoff(n, rand=lambda: 1.0) for n in range(1, 6)] == [0.5, 1.0, 2.0, 3.0, 3.0]


def test_backoff_uses_full_jitter() -> None:
    """The jitter draws anywhere from zero to the ceiling."""
    assert POLICY.backoff(3, rand=lambda: 0.0) == 0.0
    assert POLICY.backoff(3, rand=lambda: 0.5) == pytest.approx(1.0)


def test_retry_after_wins_over_backoff_but_is_capped() -> None:
    """The server's ask is honoured up to max_retry_after."""
    policy = RetryPolicy(max_retry_after=10.0)
    assert policy.delay(1, 4.0) == 4.0
    assert policy.delay(1, 3600.0) == 10.0


def test_retry_after_in_seconds() -> None:
    """A delta-seconds Retry-After is read as a float."""
    assert parse_retry_after({"Retry-After": " 2.5 "}) == 2.5


def test_retry_after_as_http_date() -> None:
    """An HTTP-date Retry-After becomes seconds from now."""
    now = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    header = format_datetime(now + timedelta(seconds=30), usegmt=True)
    assert parse_retry_after({"Retry-After": header}, now=now) == 30.0


@pytest.mark.parametrize("value", ["soon", "nan", "inf", ""])
def test_unreadable_retry_after_is_ignored(value: str) -> None:
    """A Retry-After that is not seconds or a date is treated as absent."""
    assert parse_retry_after({"Retry-After": value}) is None


def test_retry_after_in_the_past_is_zero() -> None:
    """A date already passed means no wait, never a negative one."""
    assert parse_retry_after({"Retry-After": "-5"}) == 0.0
    assert parse_retry_after({}) is None
