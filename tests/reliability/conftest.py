"""Shared pieces of the reliability suite: a recognisable key and a fast retry policy."""

from __future__ import annotations

import attrs

import vogent_async
from vogent_async._transport._retry import RetryPolicy

#: A key no test could ever see by accident: finding it anywhere is a leak.
SECRET_KEY = "sk-live-RELIABILITY-7f3a9c51e0-DO-NOT-LEAK"

#: Retries without real waits, so fault-heavy tests stay fast.
FAST = RetryPolicy(initial_delay=0.001, max_delay=0.001, max_retry_after=0.001)


@attrs.frozen
class FixedBackoff(RetryPolicy):
    """A policy whose backoff is exactly ``wait`` seconds: timing tests need no jitter."""

    wait: float = 0.0

    def backoff(self, retry: int, **_: object) -> float:
        """Return ``wait``, whatever the retry number."""
        return self.wait


def fast_client(base_url: str, **settings: object) -> vogent_async.Client:
    """A client on ``base_url`` with the test key and the `FAST` policy, plus ``settings``."""
    return vogent_async.Client(
        SECRET_KEY,
        base_url=base_url,
        retry_policy=FAST,
        **settings,  # type: ignore[arg-type]
    )
