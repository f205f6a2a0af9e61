"""Shared webhook test data: the documented example bodies and a secret to look for."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

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
