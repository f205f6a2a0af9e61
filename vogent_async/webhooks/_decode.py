"""Webhook bodies to events and back, through the package's converter.

`parse_event` verifies first and decodes only a body that is signed with the
secret. A signed body that is not JSON, or whose payload does not fit its
event's schema, raises `WebhookPayloadError` naming every field path; an event
name this version does not know is an `UnknownEvent`, never an error.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

import attrs

from vogent_async._codec._converter import CONVERTER, SchemaMismatch
from vogent_async._transport._options import check_seconds
from vogent_async._transport._responses import loads_json
from vogent_async.errors import WebhookPayloadError
from vogent_async.webhooks._canonical import canonical_json
from vogent_async.webhooks._events import (
    ENVELOPED,
    INBOUND_BUDGET,
    Deadline,
    DialInbound,
    FunctionCall,
    UnknownEvent,
    WebhookEvent,
)
from vogent_async.webhooks._signature import HmacKey, check_signature, checked_key

__all__ = [
    "MAX_NESTING",
    "check_inbound_budget",
    "encode_event",
    "event_key",
    "json_key",
    "parse_checked",
    "parse_event",
]

MAX_NESTING = 128
"""How deeply a webhook body may nest arrays and objects, the envelope included.

Real bodies nest a handful of levels; a deeper one is refused as a
`WebhookPayloadError` (answered 400), so that no decoding, keying or handling
of it can run out of stack.
"""
#: A body without an ``event`` is a function call when it has one of these keys.
_FUNCTION_CALL_KEYS = frozenset(a.name for a in attrs.fields(FunctionCall))
_EVENT_CLASSES = (UnknownEvent, FunctionCall, *ENVELOPED.values())
#: Each event name's structure hook (``None`` for a function call), made on first use.
_STRUCTURERS: dict[str | None, Callable[[Any], WebhookEvent]] = {}


def parse_event(
    body: bytes,
    signature: str | None,
    secret: str,
    *,
    inbound_budget: float = INBOUND_BUDGET,
) -> WebhookEvent:
    """Verify a webhook body's signature, then decode it into its event class.

    Args:
        body: The exact bytes of the request body.
        signature: The ``X-Elto-Signature`` header, ``None`` when absent.
        secret: The workspace's webhook signing secret.
        inbound_budget: Seconds from now until a `DialInbound`'s ``deadline``.

    Returns:
        A `DialCreated`, `DialInbound`, `DialUpdated`, `DialRecordingCreated`,
        `DialExtractor`, `DialTranscript`, `FunctionCall` or `UnknownEvent`.

    Raises:
        WebhookSignatureError: The signature is missing, malformed or wrong
            (answer 401); nothing was decoded.
        WebhookPayloadError: The body is not JSON, nests deeper than
            `MAX_NESTING` levels or does not fit the event's schema (answer 400);
            ``errors`` names each field path.
        ValueError: ``inbound_budget`` is not a positive number.
    """
    check_inbound_budget(inbound_budget)
    key = checked_key(body, signature, secret)
    return parse_checked(body, signature, key, inbound_budget)[0]


def check_inbound_budget(budget: object) -> None:
    """Raise `TypeError` or `ValueError` unless ``budget`` is a positive number of seconds."""
    check_seconds("inbound_budget", budget, allow_none=False)


def parse_checked(
    body: bytes, signature: str | None, key: HmacKey, budget: float
) -> tuple[WebhookEvent, Any]:
    """`parse_event` for checked arguments, and the JSON the event was decoded from.

    ``key`` is the secret's `HmacKey` (`check_signature`): a receiver checks its
    secret and ``inbound_budget`` once, when it is made, and keys the event by its
    JSON (`json_key`).
    """
    check_signature(body, signature, key)
    event, data = _decode(body)
    if budget != INBOUND_BUDGET and type(event) is DialInbound:  # else its default is right
        event = attrs.evolve(event, deadline=Deadline.after(budget))
    return event, data


def _decode(body: bytes) -> tuple[WebhookEvent, Any]:
    try:
        data = loads_json(body)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise WebhookPayloadError([f"$: not valid JSON ({exc})"]) from None
    # Each array and object opens with a "[" or "{" byte of the body (whichever encoding
    # the parser took), so a body with no more of them than MAX_NESTING cannot nest deeper.
    if body.count(b"{") + body.count(b"[") > MAX_NESTING:
        _check_nesting(data)
    if type(data) is not dict:
        raise WebhookPayloadError([f"$: expected an object, got {type(data).__name__}"])
    name = data.get("event")
    payload: Any = data  # a function call has no envelope
    if name is None and "event" not in data:
        if _FUNCTION_CALL_KEYS.isdisjoint(data):
            return UnknownEvent(event=None, payload=data), data
    elif type(name) is not str:
        raise WebhookPayloadError([f"event: expected a string, got {type(name).__name__}"])
    else:
        payload = data.get("payload")
    structure = _STRUCTURERS.get(name) or _structurer(name)
    if structure is None:
        return UnknownEvent(event=name, payload=payload), data
    try:
        return structure(payload), data
    except SchemaMismatch as exc:
        raise WebhookPayloadError(exc.errors) from None


def _structurer(name: str | None) -> Callable[[Any], WebhookEvent] | None:
    """The structure hook of event ``name`` (a function call for ``None``); ``None`` if unknown."""
    if name is None:
        hook = CONVERTER.structurer(FunctionCall, path="")
    else:
        cls = ENVELOPED.get(name)
        if cls is None:
            return None
        hook = CONVERTER.structurer(cls, path="payload")
    _STRUCTURERS[name] = hook
    return hook


def _check_nesting(data: Any) -> None:
    """Raise `WebhookPayloadError` when ``data`` nests deeper than `MAX_NESTING`; no recursion."""
    stack = [(data, 1)] if _is_container(data) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_NESTING:
            raise WebhookPayloadError([f"$: nested deeper than {MAX_NESTING} levels"])
        items = value.values() if type(value) is dict else value
        stack.extend((item, depth + 1) for item in items if _is_container(item))


def _is_container(value: Any) -> bool:
    return type(value) is dict or type(value) is list


def _to_json(event: WebhookEvent) -> Any:
    """The event as the JSON Vogent sends; a `TypeError` for anything but a webhook event."""
    if not isinstance(event, _EVENT_CLASSES):
        raise TypeError(f"event must be a webhook event, got {type(event).__name__}")
    if isinstance(event, UnknownEvent):
        if event.event is None:
            return event.payload
        return {"event": event.event, "payload": event.payload}
    payload = event.to_dict()
    if isinstance(event, FunctionCall):
        return payload
    return {"event": event.event, "payload": payload}


def encode_event(event: WebhookEvent) -> bytes:
    """The JSON body Vogent would send for ``event`` (sign it with `sign`).

    Decoding the result with `parse_event` gives back an equal event.

    Raises:
        TypeError: ``event`` is not one of the webhook event classes.
    """
    return json.dumps(_to_json(event), ensure_ascii=False, separators=(",", ":")).encode()


def event_key(event: WebhookEvent) -> str:
    """A stable key for de-duplicating redeliveries of the same event.

    The event name, the dial id and a digest of the decoded payload: the same
    event sent twice has the same key however its JSON is laid out, and two
    events that differ in any known field have different keys.

    Raises:
        TypeError: ``event`` is not one of the webhook event classes.
    """
    return json_key(event, _to_json(event))


def json_key(event: WebhookEvent, data: Any) -> str:
    """`event_key` of ``event``, digesting ``data``, the JSON it was decoded from.

    The same key as `event_key` for every body that `encode_event` gives back as
    it came (all of Vogent's examples; a test pins it), without encoding the
    event again: what a receiver stores. A body with fields this version does not
    know is keyed with them, so that it is not taken for a redelivery of an event
    that lacked them.
    """
    # The JSON with sorted keys, non-ASCII escaped (so a lone surrogate, which the
    # json fallback parser lets through, is keyed too): the keys of before.
    digest = hashlib.sha256(canonical_json(data)).hexdigest()[:32]
    name = event.event or ("function-call" if type(event) is FunctionCall else "unnamed")
    dial_id = getattr(event, "dial_id", None) or "-"
    return f"{name}:{dial_id}:{digest}"
