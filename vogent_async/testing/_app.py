"""The fake server's routes: every Batch Dials operation of the contract, under ``/api``.

One middleware wraps every request: it records it, lets a scripted fault take
over, checks the bearer token, and turns every refusal into the fake's JSON
error body. Handlers only parse, ask the `Store`, and answer.
"""

from __future__ import annotations

import hmac
import json
from typing import Any

import attrs
from aiohttp import web

from vogent_async.testing._cursors import CursorCodec, InvalidCursor
from vogent_async.testing._faults import Faults, Handler, apply_fault
from vogent_async.testing._records import RecordedRequest, finish_record, record_request
from vogent_async.testing._replies import error_response, json_response
from vogent_async.testing._state import Job, Store
from vogent_async.testing._validate import check_create_job, check_set_paused, check_update_job

__all__ = ["PAGINATED_ROUTES", "PREFIX", "ROUTES", "Settings", "build_app"]

PREFIX = "/api"
ROUTES = (
    "GET /batch_dial_jobs",
    "POST /batch_dial_jobs",
    "GET /batch_dial_jobs/{id}",
    "PUT /batch_dial_jobs/{id}",
    "GET /batch_dial_jobs/{id}/queue",
    "POST /batch_dial_jobs/{id}/paused",
    "GET /batch_dial_jobs/{id}/dials",
)
PAGINATED_ROUTES = frozenset(
    {"GET /batch_dial_jobs", "GET /batch_dial_jobs/{id}/queue", "GET /batch_dial_jobs/{id}/dials"}
)
_STATUSES = frozenset({"INIT", "ACTIVE", "PAUSED", "COMPLETE", "CANCELLED"})


class _Reject(Exception):
    def __init__(self, status: int, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.details = status, message, details or []


@attrs.define
class Settings:
    """What a fake server was configured with (see `FakeVogent`)."""

    api_key: str
    default_page_size: int
    max_page_size: int
    concurrency_limit: int
    record_requests: bool


class _Api:
    def __init__(
        self, settings: Settings, store: Store, faults: Faults, log: list[RecordedRequest]
    ) -> None:
        self.settings, self.store, self.faults, self.log = settings, store, faults, log
        self.codec = CursorCodec()
        self.route_keys: dict[web.AbstractRoute, str] = {}

    # ------------------------------------------------------------ middleware

    @web.middleware
    async def middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        route = self.route_keys.get(request.match_info.route)
        record = None
        if self.settings.record_requests:
            record = await record_request(self.log, request, route, PREFIX)
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
                finish_record(self.log, record, response, rule)

    async def _guarded(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            self._authenticate(request)
            response: web.StreamResponse = await handler(request)
        except _Reject as exc:
            return error_response(exc.status, exc.message, details=exc.details)
        except web.HTTPException as exc:  # unknown path or method
            reason = "no such route" if exc.status == 404 else exc.reason
            return error_response(exc.status, f"{request.method} {request.path}: {reason}")
        return response

    def _authenticate(self, request: web.Request) -> None:
        header = request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        if scheme != "Bearer" or not token:
            raise _Reject(401, "missing bearer token: send 'Authorization: Bearer <api key>'")
        if not hmac.compare_digest(token.encode(), self.settings.api_key.encode()):
            raise _Reject(401, "invalid API key")

    # ------------------------------------------------------------ helpers

    def _job(self, request: web.Request) -> Job:
        job_id = request.match_info["id"]
        job = self.store.jobs.get(job_id)
        if job is None:
            raise _Reject(404, f"no batch dial job with id {job_id!r}")
        return job

    def _limit(self, request: web.Request) -> int:
        raw = request.query.get("limit")
        if raw is None:
            return self.settings.default_page_size
        if not raw.isdigit() or int(raw) < 1:
            raise _Reject(400, f"limit must be a positive integer, got {raw!r}")
        return min(int(raw), self.settings.max_page_size)

    def _cursor(self, request: web.Request, scope: str) -> tuple[int, int] | None:
        cursor = request.query.get("cursor")
        if cursor is None:
            return None
        try:
            return self.codec.decode(scope, cursor)
        except InvalidCursor as exc:
            raise _Reject(400, f"invalid cursor: {exc}") from None

    async def _body(self, request: web.Request) -> Any:
        try:
            return json.loads(await request.read())
        except ValueError:
            raise _Reject(400, "the request body is not valid JSON") from None

    def _page(self, scope: str, items: list[Any], next_key: tuple[int, int] | None) -> web.Response:
        cursor = None if next_key is None else self.codec.encode(scope, next_key)
        return json_response({"data": items, "cursor": cursor})

    # ------------------------------------------------------------ routes

    async def list_jobs(self, request: web.Request) -> web.Response:
        limit = self._limit(request)
        status = request.query.get("status")
        if status is not None and status not in _STATUSES:
            raise _Reject(400, f"status must be one of {', '.join(sorted(_STATUSES))}")
        agent, user = request.query.get("callAgentId"), request.query.get("userId")
        scope = f"jobs\0{status}\0{agent}\0{user}"
        before = self._cursor(request, scope)

        def match(job: Job) -> bool:
            body = job.body
            return (
                (status is None or body["status"] == status)
                and (agent is None or body["callAgentId"] == agent)
                and (user is None or job.user_id == user)
            )

        items, next_key = self.store.jobs_page(match, limit, before)
        return self._page(scope, items, next_key)

    async def create_job(self, request: web.Request) -> web.Response:
        body = await self._body(request)
        problems = check_create_job(body, concurrency_limit=self.settings.concurrency_limit)
        if problems:
            raise _Reject(422, "the batch dial job is invalid", problems)
        return json_response(self.store.create_job(body).body)

    async def get_job(self, request: web.Request) -> web.Response:
        return json_response(self._job(request).body)

    async def update_job(self, request: web.Request) -> web.Response:
        job = self._job(request)
        body = await self._body(request)
        problems = check_update_job(body, concurrency_limit=self.settings.concurrency_limit)
        if problems:
            raise _Reject(422, "the update is invalid", problems)
        self.store.update_job(job, body)
        return json_response(job.body)

    async def set_paused(self, request: web.Request) -> web.Response:
        job = self._job(request)
        body = await self._body(request)
        problems = check_set_paused(body)
        if problems:
            raise _Reject(422, "the pause request is invalid", problems)
        self.store.set_paused(job, body["paused"])
        return json_response(job.body)

    async def list_queue(self, request: web.Request) -> web.Response:
        job, limit = self._job(request), self._limit(request)
        scope = f"queue\0{job.id}"
        after = self._cursor(request, scope)
        items, last = self.store.queue_page(job, limit, None if after is None else after[1])
        return self._page(scope, items, None if last is None else (0, last))

    async def list_dials(self, request: web.Request) -> web.Response:
        job, limit = self._job(request), self._limit(request)
        scope = f"dials\0{job.id}"
        after = self._cursor(request, scope)
        items, last = self.store.dials_page(job, limit, None if after is None else after[1])
        return self._page(scope, items, None if last is None else (0, last))


def build_app(
    settings: Settings, store: Store, faults: Faults, log: list[RecordedRequest]
) -> web.Application:
    """Build the `aiohttp.web.Application` serving the Batch Dials routes under ``/api``."""
    api = _Api(settings, store, faults, log)
    app = web.Application(middlewares=[api.middleware], client_max_size=256 * 1024 * 1024)
    handlers = [
        api.list_jobs,
        api.create_job,
        api.get_job,
        api.update_job,
        api.list_queue,
        api.set_paused,
        api.list_dials,
    ]
    for key, handler in zip(ROUTES, handlers, strict=True):
        method, path = key.split(" ", 1)
        route = app.router.add_route(method, PREFIX + path, handler)
        api.route_keys[route] = key
    return app
