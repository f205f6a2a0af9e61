"""Single dials in the fake: each one's life, read off the fake's clock.

A dial made by ``POST /dials`` is planned when it is created, with the same
seeded `DialPlan` the batch simulator uses (how it ends, how long it rings and
talks), and its finished body is drawn then too. Its status is read off the
clock at each request: ``queued`` for the first second, ``ringing`` until the
plan's ring time, then ``in-progress`` while an answered call talks, and then
the plan's final status (``completed``, or ``no-answer``, ``busy`` or
``failed`` for a call nobody answered). Nothing runs in the background; moving
the clock (`FakeVogent.advance`) is all it takes. When the clock passes a
dial's end, ``dial.finished`` is announced, as for a batch job's dial, so the
fake's webhooks are sent for single dials too.

Hanging up an in-progress dial ends it at once as ``completed`` with the
transcript said so far; hanging up a queued or ringing one cancels it
(``canceled``); either is announced as ``dial.finished`` at once. A finished
dial cannot be hung up (``{"success": false}``).
"""

from __future__ import annotations

import base64
import heapq
from typing import Any

import attrs

from vogent_async.testing._generated import DialPlan, iso_ms
from vogent_async.testing._state import Store

__all__ = ["QUEUED_MS", "Calls"]

QUEUED_MS = 1_000
"""How long a new dial stays ``queued`` before it rings."""

_CARRIED = (  # what a dial shows before it ends
    "id",
    "toNumber",
    "agent",
    "dialTaskId",
    "createdAt",
    "fromNumberId",
    "inputs",
    "voiceId",
    "versionedPromptId",
)


@attrs.define
class _Dial:
    created_ms: int
    plan: DialPlan
    final: dict[str, Any]
    ended: dict[str, Any] | None = None  # set by a hangup


class Calls:
    """The single dials of one fake workspace, on the `Store`'s clock and generator."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._dials: dict[str, _Dial] = {}
        self._ending: list[tuple[int, str]] = []  # (end ms, id) of dials not announced yet
        store.clock_listeners.append(self._announce_ended)

    def __len__(self) -> int:
        return len(self._dials)

    def create(self, body: dict[str, Any]) -> dict[str, Any]:
        """Start a dial from a checked `CreateDialInput`; return the `CreateDialOutput`.

        The dial carries what the workspace holds now (see `World.placement`).
        """
        store, data = self._store, self._store.data
        row: dict[str, Any] = {"toNumber": body.get("toNumber") or ""}
        if body.get("callAgentInput"):
            row["inputs"] = body["callAgentInput"]
        plan = data.plan_dial()
        assert store.world is not None  # set by the fake's state
        placed = store.world.placement(body)
        final = data.dial(row=row, placed=placed, created_ms=store.now_ms, plan=plan)
        if not body.get("toNumber"):  # a browser call dials no number
            del final["toNumber"]
        dial_id = final["id"]
        self._dials[dial_id] = dial = _Dial(store.now_ms, plan, final)
        heapq.heappush(self._ending, (store.now_ms + plan.total_ms, dial_id))
        store.events.emit("dial.created", dial_id, self._partial(dial, "queued", 0))
        return {"dialToken": self._token(dial_id), "sessionId": data.uuid(), "dialId": dial_id}

    def body(self, dial_id: str) -> dict[str, Any] | None:
        """The `Dial` body as it stands on the clock; a batch job's finished dial too."""
        dial = self._dials.get(dial_id)
        if dial is None:
            return self._batch_dial(dial_id)
        if dial.ended is not None:
            return dial.ended
        elapsed, plan = self._store.now_ms - dial.created_ms, dial.plan
        if elapsed >= plan.total_ms:
            return dial.final
        if elapsed < QUEUED_MS:
            return self._partial(dial, "queued", 0)
        if elapsed < plan.ring_ms:
            return self._partial(dial, "ringing", QUEUED_MS)
        return self._partial(dial, "in-progress", plan.ring_ms)

    def hangup(self, dial_id: str) -> bool:
        """End an in-progress dial, or cancel one not answered yet; ``False`` once it ended."""
        dial = self._dials[dial_id]
        status = self.body(dial_id)["status"]  # type: ignore[index]  # a known id
        now = self._store.now_ms
        if status == "in-progress":
            ended = _cut_short(dial, now)
        elif status in ("queued", "ringing"):
            ended = _canceled(dial, now)
        else:
            return False
        dial.ended = ended
        self._store.events.emit("dial.finished", dial_id, ended)
        return True

    def _announce_ended(self, now_ms: int) -> int:
        """Announce ``dial.finished`` for each dial whose plan ended by ``now_ms``."""
        ended = 0
        while self._ending and self._ending[0][0] <= now_ms:
            _, dial_id = heapq.heappop(self._ending)
            dial = self._dials[dial_id]
            if dial.ended is None:  # a hung-up dial was announced at its hangup
                self._store.events.emit("dial.finished", dial_id, dial.final)
                ended += 1
        return ended

    def token(self, dial_id: str) -> str:
        """A new dial-scoped token for a known dial."""
        return self._token(dial_id)

    def __contains__(self, dial_id: object) -> bool:
        return dial_id in self._dials

    def _token(self, dial_id: str) -> str:
        secret = self._store.data.rng.getrandbits(128).to_bytes(16, "big")
        return f"dial_{dial_id[:8]}.{base64.urlsafe_b64encode(secret).decode().rstrip('=')}"

    def _partial(self, dial: _Dial, status: str, since_ms: int) -> dict[str, Any]:
        body = {k: dial.final[k] for k in _CARRIED if k in dial.final}
        body["status"] = status
        body["updatedAt"] = iso_ms(dial.created_ms + since_ms)
        if status == "in-progress":
            body["startedAt"] = iso_ms(dial.created_ms + since_ms)
        return body

    def _batch_dial(self, dial_id: str) -> dict[str, Any] | None:
        for job in self._store.jobs.values():
            for _, dial in job.dials:
                if dial["id"] == dial_id:
                    return dial
        return None


def _cut_short(dial: _Dial, now: int) -> dict[str, Any]:
    """The dial hung up ``now``, mid-call: what was said so far, and the call's length."""
    talked = now - dial.created_ms - dial.plan.ring_ms
    body = dict(dial.final)
    body.update(
        status="completed",
        systemResultType="AGENT_HANGUP",
        durationSeconds=talked // 1000,
        endedAt=iso_ms(now),
        updatedAt=iso_ms(now),
    )
    said = [item for item in body.get("transcript", []) if item["startTimeMs"] < talked]
    body["transcript"] = said
    return body


def _canceled(dial: _Dial, now: int) -> dict[str, Any]:
    """The dial hung up ``now``, before anyone answered."""
    body = {k: dial.final[k] for k in _CARRIED if k in dial.final}
    body.update(
        status="canceled",
        systemResultType="CANCELLED",
        durationSeconds=0,
        endedAt=iso_ms(now),
        updatedAt=iso_ms(now),
    )
    return body
