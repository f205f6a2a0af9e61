"""The fake's web application: the groups' route tables under ``/api``, and one middleware.

The middleware wraps every request: it counts and records it, lets a scripted
fault take over, checks the bearer token and the per-key concurrency limit,
and turns every refusal into the fake's JSON error body. Around each handler
the app does what its route declares: page size and cursor for a paginated
route, every id in the path looked up (404 when the fake holds no such object),
the request body checked against the contract's schema for a route that takes
one, and every id the body names looked up (422 naming the field; see
`vogent_async.testing._world`). Handlers only ask the state and answer.

``GET /_fake/stats`` and ``GET /_fake/requests`` (outside ``/api``, no key
needed, not recorded) return the request counters and the request log, for a
test driving the fake as a separate process.
"""

from __future__ import annotations

import asyncio
import hmac
import json
from collections.abc import Iterable
from typing import Any

from aiohttp import web

from vogent_async.testing._context import FakeState
from vogent_async.testing._cursors import CursorCodec, InvalidCursor
from vogent_async.testing._faults import Faults, Handler, apply_fault
from vogent_async.testing._limits import RequestLimiter
from vogent_async.testing._records import RecordedRequest, finish_record, record_request
from vogent_async.testing._replies import error_response, json_response
from vogent_async.testing._routing import Call, Page, Paging, Reject, Route, SortKey
from vogent_async.testing._validate import body_problems, has_body_schema

__all__ = ["ADMIN_PREFIX", "PREFIX", "authenticate", "build_app", "read_json"]

PREFIX = "/api"
ADMIN_PREFIX = "/_fake"
_PAGING_PARAMS = frozenset({"cursor", "limit"})
_sleep = asyncio.sleep  # the simulated service time; tests replace it


class _Api:
    def __init__(
        self,
        state: FakeState,
        faults: Faults,
        log: list[RecordedRequest],
        limiter: RequestLimiter,
    ) -> None:
        self.state, self.faults, self.log, self.limiter = state, faults, log, limiter
        self.settings = state.settings
        self.codec = CursorCodec()
        self.route_keys: dict[web.AbstractRoute, str] = {}

    # ------------------------------------------------------------ middleware

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(ADMIN_PREFIX + "/"):
            return await handler(request)
        self.limiter.requests += 1
        route = self.route_keys.get(request.match_info.route)
        record = None
        if self.settings.record_requests:
            keep = self.settings.request_log_size
            record = record_request(self.log, request, route, PREFIX, keep)
        rule = self.faults.take(route, request) if route is not None else None
        response: web.StreamResponse | None = None
        try:
            if rule is not None:
                response = await apply_fault(rule, request, lambda r: self._guarded(r, handler))
            else:
                response = await self._guarded(request, handler)
            return response
        finally:
            if record is not None:
                # A refused key never gets its body read, not even for the log.
                read = response is not None and response.status != 401
                await finish_record(self.log, record, request, response, rule, read_body=read)

    async def _guarded(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            key = self._authenticate(request)
            if not self.limiter.enter(key):
                return self._throttled()
            try:
                if self.settings.latency:
                    await _sleep(self.settings.latency)
                return await handler(request)
            finally:
                self.limiter.leave(key)
        except Reject as exc:
            return error_response(exc.status, exc.message, details=exc.details)
        except web.HTTPException as exc:  # unknown path or method
            reason = "no such route" if exc.status == 404 else exc.reason
            return error_response(exc.status, f"{request.method} {request.path}: {reason}")

    def _authenticate(self, request: web.Request) -> str:
        return authenticate(request, self.settings.api_key)

    def _throttled(self) -> web.Response:
        limit, wait = self.limiter.limit, self.settings.retry_after
        seconds = str(int(wait)) if float(wait).is_integer() else str(wait)
        message = f"too many concurrent requests for this API key (limit {limit})"
        return error_response(429, message, headers={"Retry-After": seconds})

    # ------------------------------------------------------------ around handlers

    def endpoint(self, route: Route) -> Handler:
        """The aiohttp handler for ``route``: checks what it declares, then calls it."""
        paging, takes_body = route.paging, has_body_schema(route.key)

        async def handle(request: web.Request) -> web.StreamResponse:
            limit, after, scope = 0, None, ""
            if paging is not None:
                limit, scope = self._limit(request, paging), _scope(route, request)
                after = self._cursor(request, scope)
            world = self.state.world
            world.check_path(route.path, request.match_info)  # the one place ids are checked
            body = await self._body(request, route.key) if takes_body else None
            if takes_body:
                world.check_body(route.key, body, request.match_info)
            result = await route.handler(Call(request, self.state, body, limit, after))
            if isinstance(result, web.StreamResponse):  # a handler that streamed its answer
                return result
            if paging is not None:
                return self._page(scope, paging, result)
            return json_response(result)

        return handle

    def _limit(self, request: web.Request, paging: Paging) -> int:
        raw = request.query.get("limit")
        if raw is None:
            return paging.default_limit or self.settings.default_page_size
        if not raw.isdigit() or int(raw) < 1:
            raise Reject(400, f"limit must be a positive integer, got {raw!r}")
        return min(int(raw), self.settings.max_page_size)

    def _cursor(self, request: web.Request, scope: str) -> SortKey | None:
        cursor = request.query.get("cursor")
        if cursor is None:
            return None
        try:
            return self.codec.decode(scope, cursor)
        except InvalidCursor as exc:
            raise Reject(400, f"invalid cursor: {exc}") from None

    async def _body(self, request: web.Request, route: str) -> Any:
        body = await read_json(request)
        problems = body_problems(route, body)
        if problems:
            raise Reject.invalid(problems)
        return body

    def _page(self, scope: str, paging: Paging, page: Page) -> web.Response:
        key = page.next_key
        cursor = None if key is None else self.codec.encode(scope, key)
        return json_response({paging.items: page.items, "cursor": cursor})

    async def stats(self, request: web.Request) -> web.Response:
        """``GET /_fake/stats``: the request counters."""
        return json_response(self.limiter.stats().to_json())

    async def requests(self, request: web.Request) -> web.Response:
        """``GET /_fake/requests``: the request log, oldest first (bodies left out)."""
        fields = ("method", "path", "route", "query", "status")
        return json_response([{f: getattr(r, f) for f in fields} for r in self.log])


def authenticate(request: web.Request, api_key: str) -> str:
    """The request's bearer token if it is ``api_key``.

    Raises:
        Reject: 401, with or without a wrong token.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme != "Bearer" or not token:
        raise Reject(401, "missing bearer token: send 'Authorization: Bearer <api key>'")
    if not hmac.compare_digest(token.encode(), api_key.encode()):
        raise Reject(401, "invalid API key")
    return token


async def read_json(request: web.Request) -> Any:
    """The request body, decoded.

    Raises:
        Reject: 400, the body is not JSON, or nested too deeply to decode.
    """
    try:
        return json.loads(await request.read())
    except ValueError:
        raise Reject(400, "the request body is not valid JSON") from None
    except RecursionError:
        raise Reject(400, "the request body is nested too deeply") from None


def _scope(route: Route, request: web.Request) -> str:
    """What a cursor is bound to: the route, the path's ids and the filters, not the page size."""
    filters = sorted((k, v) for k, v in request.query.items() if k not in _PAGING_PARAMS)
    return "\0".join([route.key, request.path, *(f"{k}={v}" for k, v in filters)])


def build_app(
    state: FakeState,
    routes: Iterable[Route],
    faults: Faults,
    log: list[RecordedRequest],
    limiter: RequestLimiter,
) -> web.Application:
    """Build the `aiohttp.web.Application` serving ``routes`` under ``/api``."""
    api = _Api(state, faults, log, limiter)
    app = web.Application(middlewares=[api.middleware], client_max_size=256 * 1024 * 1024)
    for route in routes:
        added = app.router.add_route(route.method, PREFIX + route.path, api.endpoint(route))
        api.route_keys[added] = route.key
    app.router.add_get(ADMIN_PREFIX + "/stats", api.stats)
    app.router.add_get(ADMIN_PREFIX + "/requests", api.requests)
    return app
