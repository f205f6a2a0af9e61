"""Shared webhook test data: the documented example bodies, a secret to look for, a handler."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from vogent_async.webhooks import DialCreated, WebhookEvent, encode_event

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "webhooks"
SECRET = "whsec-TEST-7c1d0e5a9f3b"


def sample(name: str) -> dict[str, Any]:
    """One fixture file: ``source``, ``section``, ``expect`` (a class name) and ``body``."""
    data: dict[str, Any] = json.loads((SAMPLES / f"{name}.json").read_text())
    return data


def event_samples() -> list[str]:
    """The names of the fixtures that are webhook request bodies (not answers)."""
    return sorted(
        p.stem for p in SAMPLES.glob("*.json") if sample(p.stem)["expect"] != "InboundResponse"
    )


def raw(body: Any) -> bytes:
    """A JSON body laid out as a server might send it."""
    return json.dumps(body, indent=4).encode()


CREATED = encode_event(DialCreated(dial_id="d1", dial_session_id="s1"))
INBOUND = raw(sample("dial_inbound")["body"])


class Handler:
    """Records the events it is given; can fail, answer or hang."""

    def __init__(self, answer: Any = None, fail: int = 0, hang: bool = False) -> None:
        self.events: list[WebhookEvent] = []
        self.answer = answer
        self.fail = fail
        self.hang = hang
        self.cancelled = False

    async def __call__(self, event: WebhookEvent) -> Any:
        self.events.append(event)
        if self.fail:
            self.fail -= 1
            raise RuntimeError("database is down")
        if self.hang:
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                self.cancelled = True
                raise
        return self.answer
