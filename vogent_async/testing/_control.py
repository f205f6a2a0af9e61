"""The fake's control plane: ``/_fake/...`` beside the API, for a program driving a served fake.

Every route takes the API's key (``Authorization: Bearer <key>``), answers JSON,
and refuses a bad body with 400 and the fake's error body saying what is wrong:

- ``POST /_fake/advance`` ``{"seconds": N}``: move the clock (`FakeVogent.advance`,
  a century at most);
  answers ``{"finished": <dials ended>, "now": <the clock>}``.
- ``POST /_fake/seed/{group}`` ``[<body>, ...]`` (``?parent=<id>`` for an agent's
  prompts and extractors): the group's ``seed``; answers ``{"ids": [...]}``.
- ``POST /_fake/faults`` ``{"route": ..., "status": ..., ...}``: `Faults.add`, its
  arguments in camelCase (``retryAfter``, ``repeatCursor``); answers the rule.
  ``GET /_fake/faults`` lists the rules with their ``hits``; ``DELETE`` removes them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import attrs
from aiohttp import web

from vogent_async.testing._app import ADMIN_PREFIX, authenticate, read_json
from vogent_async.testing._clock import non_negative
from vogent_async.testing._faults import FaultRule, Faults
from vogent_async.testing._generated import iso_ms
from vogent_async.testing._replies import error_response, json_response
from vogent_async.testing._routing import Reject
from vogent_async.testing._seeding import Seeder, seed_group

__all__ = ["Control", "add_control_routes"]

_CENTURY = 100 * 365 * 86_400  # seconds: the most one advance moves the clock
_Any = (object,)
_INT = (int,)
_NUMBER = (int, float)
_FAULT_FIELDS: dict[str, tuple[str, tuple[type, ...], bool, str]] = {
    # JSON name: (Faults.add keyword, JSON types, null allowed, what is expected)
    "route": ("route", (str,), True, "a route such as 'GET /agents', or null for any"),
    "status": ("status", _INT, True, "an error status 400-599"),
    "times": ("times", _INT, True, "a count >= 1, or null for every request"),
    "after": ("after", _INT, False, "a count >= 0"),
    "retryAfter": ("retry_after", (int, float, str), True, "seconds or an HTTP date"),
    "delay": ("delay", _NUMBER, False, "real seconds >= 0"),
    "disconnect": ("disconnect", (bool,), False, "true or false"),
    "malformed": ("malformed", (bool,), False, "true or false"),
    "repeatCursor": ("repeat_cursor", (bool,), False, "true or false"),
    "body": ("body", _Any, True, "any JSON"),
}


@attrs.frozen
class Control:
    """What the control plane drives: the fake's key, clock, groups' seeders and faults."""

    api_key: str = attrs.field(repr=False)
    advance: Callable[[float], int]
    now_ms: Callable[[], int]
    seeders: Mapping[str, Seeder]
    faults: Faults


def add_control_routes(app: web.Application, control: Control) -> None:
    """Serve the control plane of ``control`` under ``/_fake`` on ``app``."""

    def route(work: Callable[[web.Request], Awaitable[Any]]) -> Any:
        async def handle(request: web.Request) -> web.Response:
            try:
                authenticate(request, control.api_key)
                return json_response(await work(request))
            except Reject as exc:
                return error_response(exc.status, exc.message, details=exc.details)
            except ValueError as exc:  # the fake refused what the body asked
                return error_response(400, str(exc))

        return handle

    async def advance(request: web.Request) -> Any:
        body = await _object(request, '{"seconds": N}')
        seconds = non_negative("seconds", body.get("seconds"))
        if seconds > _CENTURY:  # the clock must stay a date the API can write
            raise ValueError(f"seconds must be at most {_CENTURY} (a century), got {seconds:g}")
        return {"finished": control.advance(seconds), "now": iso_ms(control.now_ms())}

    async def seed(request: web.Request) -> Any:
        group, parent = request.match_info["group"], request.query.get("parent")
        if group not in control.seeders:
            known = ", ".join(sorted(control.seeders))
            raise Reject(404, f"no group {group!r} to seed; the groups are: {known}")
        bodies = await read_json(request)
        return {"ids": seed_group(control.seeders, group, bodies, parent=parent)}

    async def add_fault(request: web.Request) -> Any:
        rule = control.faults.add(**_fault_arguments(await _object(request, "a fault rule")))
        return _rule_json(rule)

    async def list_faults(request: web.Request) -> Any:
        return {"faults": [_rule_json(rule) for rule in control.faults]}

    async def clear_faults(request: web.Request) -> Any:
        removed = len(control.faults)
        control.faults.clear()
        return {"removed": removed}

    app.router.add_post(ADMIN_PREFIX + "/advance", route(advance))
    app.router.add_post(ADMIN_PREFIX + "/seed/{group}", route(seed))
    app.router.add_post(ADMIN_PREFIX + "/faults", route(add_fault))
    app.router.add_get(ADMIN_PREFIX + "/faults", route(list_faults))
    app.router.add_delete(ADMIN_PREFIX + "/faults", route(clear_faults))


async def _object(request: web.Request, what: str) -> dict[str, Any]:
    body = await read_json(request)
    if not isinstance(body, dict):
        raise Reject(400, f"expected a JSON object, {what}")
    return body


def _fault_arguments(body: dict[str, Any]) -> dict[str, Any]:
    """`Faults.add` keywords from a JSON fault rule, every field's type checked."""
    unknown = sorted(set(body) - set(_FAULT_FIELDS))
    if unknown:
        known = ", ".join(_FAULT_FIELDS)
        raise Reject(400, f"unknown field {unknown[0]!r} in the fault rule; the fields: {known}")
    problems = [
        f"{name}: expected {what}, got {value!r}"
        for name, value in body.items()
        for _, types, nullable, what in [_FAULT_FIELDS[name]]
        if not _fits(value, types, nullable)
    ]
    if problems:
        raise Reject(400, f"invalid fault rule: {problems[0]}", problems)
    return {_FAULT_FIELDS[name][0]: value for name, value in body.items()}


def _fits(value: Any, types: tuple[type, ...], nullable: bool) -> bool:
    if value is None:
        return nullable
    if isinstance(value, bool) and bool not in types:
        return False
    return isinstance(value, types)


def _rule_json(rule: FaultRule) -> dict[str, Any]:
    out = {name: getattr(rule, keyword) for name, (keyword, *_) in _FAULT_FIELDS.items()}
    out["hits"] = rule.hits
    return out
