"""The Dials group of the fake: single calls, whose lives `Calls` reads off the clock.

``GET /dials/{id}`` also finds a batch job's finished dials: both kinds live
on one clock and are drawn by one generator.
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._calls import Calls
from vogent_async.testing._groups import Group
from vogent_async.testing._phone_numbers import unknown_numbers
from vogent_async.testing._routing import Call, Reject, RouteTable

__all__ = ["GROUP"]

routes = RouteTable()


def _calls(call: Call) -> Calls:
    return call.fake.calls


def _known(call: Call) -> str:
    dial_id = call.param("id")
    if _calls(call).body(dial_id) is None:
        raise Reject(404, f"no dial with id {dial_id!r}")
    return dial_id


@routes.post("/dials", name="createDial")
async def create_dial(call: Call) -> dict[str, Any]:
    body = call.body
    problems = []
    if body.get("browserCall") is not True:
        if not body.get("toNumber"):
            problems.append("toNumber: required for a phone dial")
        if not body.get("fromNumberId") and not body.get("fromNumberPoolId"):
            problems.append("fromNumberId: a phone dial needs fromNumberId or fromNumberPoolId")
    numbers = call.fake.collection("phone_numbers")
    if body.get("fromNumberId"):
        problems += unknown_numbers(numbers, [body["fromNumberId"]], "fromNumberId")
    if problems:
        raise Reject.invalid([p.replace("fromNumberId[0]", "fromNumberId") for p in problems])
    return _calls(call).create(body)


@routes.get("/dials/{id}", name="getDial")
async def get_dial(call: Call) -> dict[str, Any] | None:
    return _calls(call).body(_known(call))


@routes.post("/dials/{id}/hangup", name="hangupDial")
async def hangup_dial(call: Call) -> dict[str, Any]:
    dial_id = _known(call)
    done = dial_id in _calls(call) and _calls(call).hangup(dial_id)
    return {"success": done}


@routes.post("/dials/{id}/token", name="getDialToken")
async def dial_token(call: Call) -> dict[str, Any]:
    return {"dialToken": _calls(call).token(_known(call))}


GROUP = Group("dials", routes)
