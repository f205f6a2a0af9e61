"""A cursor-paginated listing served over real HTTP, with faults scripted per page.

The server owns the truth: ``items`` cut into ``pages`` by ``bounds``, page
``i > 0`` reached by ``cursors[i - 1]``. A fault queued for a page is played
(and used up) each time that page is asked for, before it is served.
"""

from __future__ import annotations

import asyncio
from collections import Counter, deque
from typing import Any

import attrs
from aiohttp import web

from ._server import cut_mid_body, drop_connection, json_response, never_answer

#: Transient faults a client must retry through on an idempotent GET.
TRANSIENT = ("503", "429", "500", "502", "504", "408", "drop", "cut", "timeout")


def job(n: int) -> dict[str, Any]:
    """A valid BatchDialJob body whose id gives its position in the sequence."""
    return {
        "id": f"job_{n}",
        "name": f"Job {n}",
        "status": "ACTIVE",
        "maxConcurrentDials": 1,
        "callAgentId": "agent_1",
        "createdAt": "2025-11-02T09:30:00Z",
    }


@attrs.define
class Listing:
    """The server side of one listing.

    Attributes:
        size: How many items the listing holds, ``job_0`` first.
        bounds: Page ``i`` holds items ``bounds[i]`` up to ``bounds[i + 1]``.
        cursors: ``cursors[i]`` is the cursor that leads to page ``i + 1``.
        faults: Per page, the faults still to play before it is served.
        served: How many times each page was sent in full.
    """

    size: int
    bounds: list[int]
    cursors: list[str]
    faults: dict[int, deque[str]] = attrs.field(factory=dict)
    served: Counter[int] = attrs.field(factory=Counter)
    items: list[dict[str, Any]] = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.items = [job(n) for n in range(self.size)]

    @property
    def pages(self) -> int:
        """How many pages the listing has."""
        return len(self.bounds) - 1

    @property
    def ids(self) -> list[str]:
        """Every item's id, in server order."""
        return [item["id"] for item in self.items]

    async def handle(self, request: web.Request) -> web.StreamResponse:
        """Answer one page request, playing the page's next fault first."""
        cursor = request.query.get("cursor")
        if cursor is None:
            page = 0
        elif cursor in self.cursors:
            page = self.cursors.index(cursor) + 1
        else:
            return json_response({"message": f"unknown cursor {cursor!r}"}, status=400)
        queued = self.faults.get(page)
        if queued:
            return await play(queued.popleft(), request)
        self.served[page] += 1
        start, end = self.bounds[page], self.bounds[page + 1]
        next_cursor = self.cursors[page] if page < self.pages - 1 else None
        return json_response({"data": self.items[start:end], "cursor": next_cursor})


async def play(fault: str, request: web.Request) -> web.StreamResponse:
    """Answer with one transient fault."""
    if fault == "drop":
        return await drop_connection(request)
    if fault == "cut":
        return await cut_mid_body(request)
    if fault == "timeout":
        return await never_answer(request)
    headers = {"Retry-After": "0"} if fault == "429" else {}
    await asyncio.sleep(0)
    return json_response({"message": "transient"}, status=int(fault), **headers)
