"""Realistic generated data for the fake server, shaped like the contract's schemas.

Everything is drawn from one seeded `random.Random`, so a fake built with the
same seed produces the same agents, jobs and dials. Bodies are plain JSON-ready
dicts (camelCase keys, RFC 3339 timestamps); optional fields the API omits when
empty are omitted here too.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Any, TypeVar

import attrs

from vogent_async.testing import _words as words
from vogent_async.testing._refs import Placement

__all__ = ["DataGenerator", "DialPlan", "iso_ms"]

T = TypeVar("T")

_DAY_MS = 86_400_000
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def iso_ms(ms: int) -> str:
    """Format epoch milliseconds as an RFC 3339 UTC timestamp, e.g. ``2026-01-02T03:04:05.678Z``."""
    day, rest = divmod(ms, _DAY_MS)
    seconds, milli = divmod(rest, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    return f"{_date(day)}T{hours:02d}:{minutes:02d}:{seconds:02d}.{milli:03d}Z"


@lru_cache(maxsize=4096)
def _date(day: int) -> str:
    return (_EPOCH + timedelta(days=day)).strftime("%Y-%m-%d")


@attrs.frozen
class DialPlan:
    """How one dial will go, decided when it starts: outcome and timings in ms."""

    status: str
    result: str
    answered: bool
    ring_ms: int
    talk_ms: int

    @property
    def total_ms(self) -> int:
        """Milliseconds from dialling to hang-up."""
        return self.ring_ms + self.talk_ms


class DataGenerator:
    """Draws ids, agents, jobs, rows and dials from one seeded generator.

    Args:
        seed: The seed; equal seeds give equal data.
    """

    def __init__(self, seed: int | None = 0) -> None:
        self.rng = random.Random(seed)
        self._random = self.rng.random
        slot = [{"startTime": "09:00", "endTime": "17:00"}]
        days = [{"dayOfWeek": day, "timeSlots": slot} for day in range(1, 6)]
        self._schedules = [{"days": days, "timezone": tz} for tz in words.TIMEZONES]
        self._names = [
            f"{c} {m} ({r})" for c in words.CAMPAIGNS for m in words.MONTHS for r in words.REGIONS
        ]

    def pick(self, items: Sequence[T]) -> T:
        """One item drawn uniformly (a faster `random.Random.choice`)."""
        return items[int(self._random() * len(items))]

    def between(self, low: int, high: int) -> int:
        """An integer in ``[low, high)`` (a faster `random.Random.randrange`)."""
        return low + int(self._random() * (high - low))

    def uuid(self) -> str:
        """A random (seeded) UUID4 string, the shape of the API's ids."""
        h = f"{self.rng.getrandbits(128):032x}"
        variant = "89ab"[int(h[16], 16) & 3]
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{variant}{h[17:20]}-{h[20:]}"

    def phone_number(self) -> str:
        """A US number in E.164 form in a fictional 555 exchange."""
        return f"+1{self.pick(words.AREA_CODES)}555{int(self._random() * 10000):04d}"

    def job_name(self) -> str:
        """A campaign name such as ``Renewals March (West)``."""
        return self.pick(self._names)

    def job(
        self, *, status: str, created_ms: int, call_agent_id: str, numbers: Sequence[str]
    ) -> dict[str, Any]:
        """A `BatchDialJob` body as a campaign made in the dashboard would look."""
        rand = self._random
        body: dict[str, Any] = {
            "id": self.uuid(),
            "name": self.pick(self._names),
            "status": status,
            "maxConcurrentDials": self.pick(words.CONCURRENCY),
            "callAgentId": call_agent_id,
            "createdAt": iso_ms(created_ms),
        }
        if rand() < 0.8 and numbers:
            body["fromPhoneNumberIds"] = [self.pick(numbers)]
        body["schedule"] = self.pick(self._schedules) if rand() < 0.6 else None
        return body

    def row_inputs(self) -> dict[str, str]:
        """Prompt variables for one row: string to string, as the contract asks."""
        pick = self.pick
        return {
            "customer_name": f"{pick(words.FIRST)} {pick(words.LAST)}",
            "plan": pick(words.PLANS),
            "account_id": f"ACC-{int(self._random() * 10**6):06d}",
        }

    def schedule(self) -> dict[str, Any]:
        """A weekday 09:00-17:00 schedule in a random timezone (shared; never mutate it)."""
        return self.pick(self._schedules)

    def agent(self, agent_id: str) -> dict[str, Any]:
        """An `Agent` body's own settings; what it names (voice, prompt, functions) is not drawn.

        The fake's agents name objects it holds: see ``_agents.generate_agent``.
        """
        return {
            "id": agent_id,
            "name": f"{self.pick(words.FIRST)} ({self.pick(words.CAMPAIGNS).lower()} agent)",
            "language": "en-US",
            "transcriberParams": {"type": "deepgram", "keywords": ["Northwind", "renewal"]},
            "metadata": {"team": self.pick(words.REGIONS).lower()},
            "utteranceDetectorConfig": {"sensitivity": "MEDIUM", "interruptionPlayTimeMs": 400},
            "endpointDetectorConfig": {"type": "SEMANTIC", "mode": "DEFAULT"},
            "ivrConfiguration": {
                "detectionType": "STANDARD",
                "versionedPromptId": None,
                "aiVoiceId": None,
                "taggingText": None,
            },
            "idleMessageConfig": {
                "enabled": True,
                "messages": ["Are you still there?"],
                "idleDurationMilliseconds": 8000,
                "maxIdleMessages": 2,
            },
            "maxDurationSeconds": 900,
            "linkedFunctionDefinitions": [],
            "fillEmptyStringVariables": False,
            "timeoutMessage": "I have to wrap up now, goodbye!",
            "timeoutBehaviorConfiguration": {"behavior": "HANGUP"},
            "silenceHangupConfiguration": {"type": "DISABLED"},
            "voiceOptionValues": [{"optionId": "speed", "value": "1.0"}],
        }

    def plan_dial(self) -> DialPlan:
        """Decide how a dial will end and how long it rings and talks."""
        between = self.between
        drawn = self._random() * words.OUTCOME_CUMULATIVE[-1]
        _, status, result, answered = words.OUTCOMES[bisect_right(words.OUTCOME_CUMULATIVE, drawn)]
        if not answered:
            ring = 30_000 if status == "no-answer" else between(2_000, 8_000)
            return DialPlan(status, result, answered, ring, 0)
        voicemail = "VOICEMAIL" in result
        talk = between(8_000, 30_000) if voicemail else between(25_000, 420_000)
        return DialPlan(status, result, answered, between(3_000, 15_000), talk)

    def dial(
        self, *, row: dict[str, Any], placed: Placement, created_ms: int, plan: DialPlan
    ) -> dict[str, Any]:
        """A finished `Dial` body for ``row``, placed at ``created_ms`` as ``placed`` says."""
        started = created_ms + plan.ring_ms
        ended = created_ms + plan.total_ms
        body: dict[str, Any] = {
            "id": self.uuid(),
            "toNumber": row["toNumber"],
            "status": plan.status,
            "systemResultType": plan.result,
            "durationSeconds": plan.talk_ms // 1000,
            "dialTaskId": self.uuid(),
            "createdAt": iso_ms(created_ms),
            "startedAt": iso_ms(started if plan.answered else created_ms),
            "endedAt": iso_ms(ended),
            "updatedAt": iso_ms(ended),
        }
        carried = {
            "agent": placed.agent,
            "voiceId": placed.voice_id,
            "versionedPromptId": placed.versioned_prompt_id,
            "fromNumberId": placed.from_number_id,
            "inputs": row.get("inputs") or None,
        }
        body.update({key: value for key, value in carried.items() if value is not None})
        if plan.answered:
            inputs = row.get("inputs") or {}
            name, plan_name = inputs.get("customer_name", "there"), inputs.get("plan", "current")
            body["transcript"] = self._transcript(name, plan_name, plan, placed.functions)
            body["recordings"] = [{"url": f"https://storage.vogent.ai/recordings/{body['id']}.wav"}]
            if placed.extractor_schema is not None:
                body["aiResult"] = self._ai_result(plan, placed.extractor_schema)
        return body

    def _transcript(
        self, name: str, plan_name: str, plan: DialPlan, functions: Sequence[str]
    ) -> list[dict[str, Any]]:
        if "VOICEMAIL" in plan.result:
            text = f"Hi {name}, this is Ava from Northwind. Please call us back about your plan."
            return [_line("AI", text, 0, plan.talk_ms)]
        turns = min(len(words.LINES), max(2, plan.talk_ms // 40_000 + 2))
        step = plan.talk_ms // (turns * 2)
        items: list[dict[str, Any]] = []
        for turn in range(turns):
            t0 = turn * 2 * step
            items.append(
                _line("AI", words.LINES[turn].format(name=name, plan=plan_name), t0, t0 + step)
            )
            reply = self.pick(words.REPLIES).format(name=name)
            items.append(_line("HUMAN", reply, t0 + step, t0 + 2 * step - 200))
        if self._random() < 0.3 and functions:  # only a function the agent links
            call_id = self.uuid()
            args = json.dumps({"when": "next Tuesday 10:00", "reason": "renewal"})
            call = {"functionCallId": call_id, "name": self.pick(functions), "args": args}
            items[-2]["functionCalls"] = [call]
            result = _line("AI", '{"done": true}', items[-2]["endTimeMs"], items[-2]["endTimeMs"])
            result.update(detailType="function", functionCallId=call_id)
            items.insert(len(items) - 1, result)
        if self._random() < 0.25:  # a flow agent moving to its offer node
            data = {"intent": "interested"} if self._random() < 0.5 else None
            items[2]["nodeTransition"] = {"toNodeId": "node_offer", "transitionData": data}
        return items

    def _ai_result(self, plan: DialPlan, schema: dict[str, Any]) -> dict[str, Any]:
        """What the extractor extracted: one value per field of its schema."""
        fields = schema.get("properties")
        if not isinstance(fields, dict) or not fields:
            fields = {"outcome": {"type": "string"}, "interested": {"type": "boolean"}}
        voicemail = "VOICEMAIL" in plan.result
        return {name: None if voicemail else self._value(spec) for name, spec in fields.items()}

    def _value(self, spec: Any) -> Any:
        """A plausible value for one extracted field of the given JSON Schema."""
        spec = spec if isinstance(spec, dict) else {}
        if isinstance(spec.get("enum"), list) and spec["enum"]:
            return self.pick(spec["enum"])
        kind = spec.get("type")
        if kind == "boolean":
            return self._random() < 0.6
        if kind in ("integer", "number"):
            return self.between(0, 10)
        return self.pick(("renewed", "callback next week", "not interested", "renewed"))


def _line(speaker: str, text: str, start_ms: int, end_ms: int) -> dict[str, Any]:
    return {
        "text": text,
        "speaker": speaker,
        "detailType": None,
        "startTimeMs": start_ms,
        "endTimeMs": end_ms,
    }
