"""The fake's request counters, and its optional per-key limit on concurrent requests.

With a limit, a request that would be the ``limit + 1``-th in flight for its API
key is answered ``429`` with ``Retry-After`` at once, as a rate-limited API
would; it does not wait. The counters are what a test of a distributed client
asserts on: how many requests came, how many were refused, and the most that
were ever in flight together for one key.
"""

from __future__ import annotations

import attrs

__all__ = ["RequestLimiter", "ServerStats"]


@attrs.frozen
class ServerStats:
    """The fake's request counters since it was made (or since `FakeVogent.reset_stats`).

    Attributes:
        requests: Requests received under ``/api``, refused ones included.
        throttled: Requests refused with ``429`` by the concurrency limit.
        max_in_flight: The most authenticated requests in flight at once for one key.
        in_flight: Authenticated requests in flight now, all keys together.
    """

    requests: int
    throttled: int
    max_in_flight: int
    in_flight: int

    def to_json(self) -> dict[str, int]:
        """The counters as the ``GET /_fake/stats`` route returns them (camelCase)."""
        return {
            "requests": self.requests,
            "throttled": self.throttled,
            "maxInFlight": self.max_in_flight,
            "inFlight": self.in_flight,
        }


class RequestLimiter:
    """Counts requests and, with a ``limit``, refuses those over it per key.

    Args:
        limit: The most concurrent requests per key; ``None`` for no limit.
    """

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.requests = 0
        self.throttled = 0
        self.max_in_flight = 0
        self._in_flight: dict[str, int] = {}

    def enter(self, key: str) -> bool:
        """Count a request in flight for ``key``; ``False`` (counted) when over the limit."""
        now = self._in_flight.get(key, 0) + 1
        if self.limit is not None and now > self.limit:
            self.throttled += 1
            return False
        self._in_flight[key] = now
        self.max_in_flight = max(self.max_in_flight, now)
        return True

    def leave(self, key: str) -> None:
        """A request `enter` admitted has been answered."""
        left = self._in_flight[key] - 1
        if left:
            self._in_flight[key] = left
        else:
            del self._in_flight[key]

    def stats(self) -> ServerStats:
        """A snapshot of the counters."""
        in_flight = sum(self._in_flight.values())
        return ServerStats(self.requests, self.throttled, self.max_in_flight, in_flight)

    def reset(self) -> None:
        """Zero the counters (requests in flight stay counted as in flight)."""
        self.requests = self.throttled = 0
        self.max_in_flight = max(self._in_flight.values(), default=0)
