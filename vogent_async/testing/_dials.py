"""The Dials group of the fake: single calls, whose lives `Calls` reads off the clock.

``GET /dials/{id}`` also finds a batch job's finished dials: both kinds live
on one clock and are drawn by one generator.
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._calls import Calls
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Reject, RouteTable

__all__ = ["GROUP"]

routes = RouteTable()


def _calls(call: Call) -> Calls:
    return call.fake.calls


@routes.post("/dials", name="createDial")
async def create_dial(call: Call) -> dict[str, Any]:
    body = call.body
    problems = []
    if body.get("browserCall") is not True:
        if not body.get("toNumber"):
            problems.append("toNumber: required for a phone dial")
        if not body.get("fromNumberId") and not body.get("fromNumberPoolId"):
            problems.append("fromNumberId: a phone dial needs fromNumberId or fromNumberPoolId")
    if problems:
        raise Reject.invalid(problems)
    return _calls(call).create(body)


@routes.get("/dials/{id}", name="getDial")
async def get_dial(call: Call) -> dict[str, Any] | None:
    return _calls(call).body(call.param("id"))


@routes.post("/dials/{id}/hangup", name="hangupDial")
async def hangup_dial(call: Call) -> dict[str, Any]:
    dial_id = call.param("id")
    done = dial_id in _calls(call) and _calls(call).hangup(dial_id)
    return {"success": done}


@routes.post("/dials/{id}/token", name="getDialToken")
async def dial_token(call: Call) -> dict[str, Any]:
    return {"dialToken": _calls(call).token(call.param("id"))}


GROUP = Group("dials", routes)
