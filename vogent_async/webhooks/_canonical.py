"""The canonical JSON of a webhook event, which its de-duplication key digests (`event_key`).

Canonical: ``json.dumps(value, sort_keys=True, separators=(",", ":"))``, non-ASCII
escaped (so that a lone surrogate, which the json fallback parser lets through, is
written too), the form keys have always been made of: a store keeps recognising the
events it holds across upgrades. orjson is not used: on the many distinct small
objects a receiver keys, its sorted output was no faster once checked against the
json module's (small floats, DEL and non-ASCII differ), measured in ``make bench``'s
data.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["canonical_json"]


def _encoder() -> Callable[[Any], bytes]:
    """`canonical_json`: the C encoder ``json.dumps`` would build for it, built once."""
    encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - a Python without the C accelerator
        return lambda value: encoder.encode(value).encode()
    chunks = make(
        None,  # no check for cycles: JSON parsed from a body has none
        encoder.default,
        json.encoder.encode_basestring_ascii,
        None,  # indent
        ":",
        ",",
        True,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )

    def canonical_json(value: Any) -> bytes:
        """The canonical JSON of ``value`` (as parsed, or as `encode_event` builds it)."""
        return "".join(chunks(value, 0)).encode()

    return canonical_json


canonical_json = _encoder()
"""The canonical JSON of a JSON value (as parsed, or as `encode_event` builds it), in one call."""
