"""Scriptable faults: make a route fail, stall, cut off, garble or loop its cursor.

Rules are checked in the order they were added; the first active rule that
matches a request fires and counts one use. A rule is used up after ``times``
uses (``None``: never).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

import attrs
from aiohttp import web

from vogent_async.testing._replies import CutResponse, JsonResponse, error_response, json_response

__all__ = ["FaultRule", "Faults", "Handler", "apply_fault"]

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


@attrs.define
class FaultRule:
    """One scripted fault; made by `Faults.add`, which documents the fields.

    Attributes:
        hits: How many requests this rule has hit so far.
    """

    route: str | None
    status: int | None = None
    times: int | None = 1
    after: int = 0
    retry_after: float | str | None = None
    delay: float = 0.0
    disconnect: bool = False
    malformed: bool = False
    repeat_cursor: bool = False
    body: Any = None
    hits: int = attrs.field(default=0, init=False)
    _passed: int = attrs.field(default=0, init=False)

    @property
    def active(self) -> bool:
        """Whether the rule still has uses left."""
        return self.times is None or self.hits < self.times

    def _matches(self, route: str, has_cursor: bool) -> bool:
        if not self.active or (self.route is not None and self.route != route):
            return False
        if self.repeat_cursor and not has_cursor:
            return False  # a first page has no cursor to repeat
        if self._passed < self.after:
            self._passed += 1
            return False
        return True


class Faults:
    """The fault rules of one fake server, reached as ``fake.faults``.

    Args:
        routes: The routes rules may name, such as ``"GET /batch_dial_jobs"``.
        paginated: The routes that return a cursor.
    """

    def __init__(self, routes: frozenset[str], paginated: frozenset[str]) -> None:
        self._routes = routes
        self._paginated = paginated
        self._rules: list[FaultRule] = []

    def add(
        self,
        route: str | None = None,
        *,
        status: int | None = None,
        times: int | None = 1,
        after: int = 0,
        retry_after: float | str | None = None,
        delay: float = 0.0,
        disconnect: bool = False,
        malformed: bool = False,
        repeat_cursor: bool = False,
        body: Any = None,
    ) -> FaultRule:
        """Script a fault.

        Args:
            route: ``"<METHOD> <contract path>"``, e.g. ``"GET /batch_dial_jobs/{id}/dials"``;
                ``None`` for every route.
            status: Answer with this error status (4xx/5xx) instead of running the route.
            times: How many requests the rule hits; ``None`` for all of them.
            after: Let this many matching requests through untouched first.
            retry_after: Send this ``Retry-After`` (seconds or an HTTP date) with ``status``.
            delay: Wait this many real seconds before answering (alone, or with another fault).
            disconnect: Run the route, then close the connection half-way through the body.
            malformed: Run the route, then send its body cut in half (invalid JSON).
            repeat_cursor: On a listing, answer with the cursor the request carried, as a
                buggy server would; requests without a cursor are left alone.
            body: The JSON body sent with ``status`` instead of the standard error body.

        Returns:
            The rule; its ``hits`` counts the requests it has hit.

        Raises:
            ValueError: The rule is contradictory or names an unknown route.
        """
        rule = FaultRule(
            route=route,
            status=status,
            times=times,
            after=after,
            retry_after=retry_after,
            delay=delay,
            disconnect=disconnect,
            malformed=malformed,
            repeat_cursor=repeat_cursor,
            body=body,
        )
        self._check(rule)
        self._rules.append(rule)
        return rule

    def clear(self) -> None:
        """Remove every rule."""
        self._rules.clear()

    def __iter__(self) -> Iterator[FaultRule]:
        return iter(list(self._rules))

    def __len__(self) -> int:
        return len(self._rules)

    def _check(self, rule: FaultRule) -> None:
        if rule.route is not None and rule.route not in self._routes:
            known = ", ".join(sorted(self._routes))
            raise ValueError(f"unknown route {rule.route!r}; known routes: {known}")
        if rule.status is not None and not 400 <= rule.status <= 599:
            raise ValueError("status must be an error status, 400-599")
        effects = [rule.status is not None, rule.disconnect, rule.malformed, rule.repeat_cursor]
        if sum(effects) > 1:
            raise ValueError("choose one of status, disconnect, malformed, repeat_cursor")
        if not any(effects) and rule.delay <= 0:
            raise ValueError("a rule needs status, disconnect, malformed, repeat_cursor or delay")
        if rule.repeat_cursor and rule.route is not None and rule.route not in self._paginated:
            raise ValueError(f"repeat_cursor needs a paginated route, not {rule.route!r}")
        if (rule.retry_after is not None or rule.body is not None) and rule.status is None:
            raise ValueError("retry_after and body go with status")
        if (rule.times is not None and rule.times < 1) or rule.after < 0 or rule.delay < 0:
            raise ValueError("times must be >= 1 (or None); after and delay >= 0")

    def take(self, route: str, request: web.Request) -> FaultRule | None:
        """Return the rule that hits this request, counting the hit, or ``None``."""
        has_cursor = bool(request.query.get("cursor"))
        for rule in self._rules:
            if rule._matches(route, has_cursor):
                rule.hits += 1
                return rule
        return None


async def apply_fault(
    rule: FaultRule, request: web.Request, handler: Handler
) -> web.StreamResponse:
    """Answer ``request`` as ``rule`` scripts, calling ``handler`` when the route should run."""
    if rule.delay:
        await asyncio.sleep(rule.delay)
    if rule.status is not None:
        return _status_reply(rule)
    response = await handler(request)
    if not isinstance(response, web.Response) or response.body is None:
        return response
    raw = bytes(response.body)  # type: ignore[arg-type]
    if rule.malformed:
        cut = raw[: len(raw) // 2]
        return web.Response(body=cut, status=response.status, content_type="application/json")
    if rule.disconnect:
        return await _cut_off(request, response.status, raw)
    data = response.data if isinstance(response, JsonResponse) else None
    if rule.repeat_cursor and isinstance(data, dict) and "cursor" in data:
        return json_response({**data, "cursor": request.query["cursor"]}, status=response.status)
    return response


def _status_reply(rule: FaultRule) -> web.Response:
    headers = {} if rule.retry_after is None else {"Retry-After": _header(rule.retry_after)}
    if rule.body is not None:
        response = json_response(rule.body, status=rule.status or 500)
        response.headers.update(headers)
        return response
    message = f"injected fault: {rule.status} on {rule.route or 'any route'}"
    return error_response(rule.status or 500, message, headers=headers)


def _header(retry_after: float | str) -> str:
    if isinstance(retry_after, str):
        return retry_after
    return str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)


async def _cut_off(request: web.Request, status: int, raw: bytes) -> web.StreamResponse:
    """Promise the whole body, send half of it, and close the connection."""
    response = CutResponse(status=status, headers={"Content-Type": "application/json"})
    response.content_length = len(raw)
    response.sent = raw[: len(raw) // 2]
    await response.prepare(request)
    await response.write(response.sent)
    if request.transport is not None:
        request.transport.close()
    return response
