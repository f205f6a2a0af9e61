"""parse_event: every documented example decodes into its class, and encodes back."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

import vogent_async.webhooks as webhooks
from vogent_async import Dial, DialTranscriptItem, WebhookPayloadError, WebhookSignatureError
from vogent_async.webhooks import (
    DialCreated,
    DialExtractor,
    DialInbound,
    DialRecordingCreated,
    DialTranscript,
    DialUpdated,
    FunctionCall,
    UnknownEvent,
    encode_event,
    event_key,
    parse_event,
    sign,
)

from .conftest import SECRET, event_samples, raw, sample

DIAL = "5a6c6190-db20-4d8e-86a9-79a6af292dea"
SESSION = "de3ee23e-ce58-4e05-9e7b-fcb96ba440a6"


def parse(body: Any, **options: Any) -> Any:
    """Sign a JSON-able body (or raw bytes) with SECRET and parse it."""
    data = body if isinstance(body, bytes) else raw(body)
    return parse_event(data, sign(data, SECRET), SECRET, **options)


@pytest.mark.parametrize("name", event_samples())
def test_every_documented_example_parses_into_its_class(name: str) -> None:
    """Each example body of Vogent's webhook pages becomes the class its fixture names."""
    fixture = sample(name)
    assert fixture["source"].startswith("https://docs.vogent.ai/developers/webhooks/")
    event = parse(fixture["body"])
    assert type(event).__name__ == fixture["expect"]
    assert type(event) is getattr(webhooks, fixture["expect"])


@pytest.mark.parametrize("name", event_samples())
def test_every_documented_example_round_trips(name: str) -> None:
    """encode_event gives the documented JSON back, and parsing that gives an equal event."""
    body = sample(name)["body"]
    event = parse(body)
    encoded = encode_event(event)
    assert json.loads(encoded) == body
    assert parse(encoded) == event


def test_examples_decode_to_the_documented_values() -> None:
    """Field by field, the examples keep their values; nested REST models are reused."""
    assert parse(sample("dial_created")["body"]) == DialCreated(
        dial_id=DIAL, dial_session_id=SESSION
    )
    assert parse(sample("dial_updated")["body"]) == DialUpdated(
        dial_id=DIAL, dial_session_id=SESSION, status="completed"
    )
    recording = parse(sample("dial_recording_created")["body"])
    assert recording == DialRecordingCreated(
        dial_id=DIAL, recording_url=f"https://api.getelto.com/api/recordings/{SESSION}"
    )
    assert parse(sample("dial_extractor")["body"]) == DialExtractor(
        dial_id=DIAL, ai_result={"summary": "This call was successful in getting the information."}
    )
    assert parse(sample("dial_transcript")["body"]) == DialTranscript(
        dial_id=DIAL, transcript=[DialTranscriptItem(text="Hello?", speaker="HUMAN")]
    )
    inbound = parse(sample("dial_inbound")["body"])
    assert inbound == DialInbound(
        dial_id=DIAL,
        dial_session_id=SESSION,
        dest_number_id="2310e824-a2cb-4b0c-88cf-8f8b745bf6ae",
        call_agent_id="32e4be84-0803-4c41-af70-5a87a2dc0a4e",
        source_number="+18001234567",
    )
    call = parse(sample("function_call")["body"])
    assert call == FunctionCall(
        dial_id="f47ac10b-58cc-4372-a567-0e02b2c3d479",
        params={"name": "John Doe"},
        dial=Dial(id="f47ac10b-58cc-4372-a567-0e02b2c3d479"),
    )
    assert call.event is None


def test_transcript_items_keep_their_camel_case_keys() -> None:
    """A transcript item's ``detailType`` (camelCase in a snake_case payload) is kept."""
    body = {
        "event": "dial.transcript",
        "payload": {
            "dial_id": "d",
            "transcript": [{"text": "ok", "speaker": "AI", "detailType": "function"}],
        },
    }
    event = parse(body)
    assert event.transcript[0].detail_type == "function"
    assert json.loads(encode_event(event)) == body


def test_a_function_call_carries_the_whole_dial() -> None:
    """The function call's ``dial`` is decoded as the REST Dial, camelCase keys and all."""
    dial = json.loads((Path(__file__).parent.parent / "samples" / "dial_full.json").read_text())
    event = parse({"dial_id": dial["id"], "params": {"slot": "9am"}, "dial": dial})
    assert isinstance(event, FunctionCall)
    assert event.dial is not None
    assert event.dial.to_number == dial["toNumber"]
    assert event.dial.agent is not None


def test_unknown_fields_are_ignored() -> None:
    """A field Vogent adds later does not break decoding."""
    event = parse({"event": "dial.created", "payload": {"dial_id": "d", "new_field": [1]}, "v": 2})
    assert event == DialCreated(dial_id="d")


def test_an_unknown_event_is_kept_raw() -> None:
    """An event name this version does not know is an UnknownEvent with its raw payload."""
    payload = {"dial_id": "d", "anything": {"nested": True}}
    event = parse({"event": "dial.voicemail", "payload": payload})
    assert event == UnknownEvent(event="dial.voicemail", payload=payload)
    assert json.loads(encode_event(event)) == {"event": "dial.voicemail", "payload": payload}


def test_a_body_without_event_or_function_call_keys_is_unknown() -> None:
    """No ``event`` and none of the function call's keys: an UnknownEvent without a name."""
    event = parse({"something": "else"})
    assert event == UnknownEvent(event=None, payload={"something": "else"})
    assert json.loads(encode_event(event)) == {"something": "else"}


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (b"{not json", "$: not valid JSON"),
        (b"[1, 2]", "$: expected an object, got list"),
        ({"event": 5, "payload": {}}, "event: expected a string, got int"),
        (
            {"event": "dial.updated", "payload": {"status": "x"}},
            "payload.dial_id: required field is missing",
        ),
        ({"event": "dial.updated"}, "payload: expected an object"),
        (
            {"event": "dial.updated", "payload": {"dial_id": 7}},
            "payload.dial_id: expected a string",
        ),
        (
            {
                "event": "dial.transcript",
                "payload": {"dial_id": "d", "transcript": [{"text": "hi", "speaker": 1}]},
            },
            "payload.transcript[0].speaker: expected a string",
        ),
        ({"dial_id": "d", "dial": {"id": "d", "toNumber": 5}}, "dial.toNumber: expected a string"),
        ({"params": {}}, "dial_id: required field is missing"),
    ],
)
def test_a_body_that_does_not_fit_names_the_field_path(body: Any, line: str) -> None:
    """A signed body that is not JSON or not the schema raises WebhookPayloadError with paths."""
    with pytest.raises(WebhookPayloadError) as caught:
        parse(body)
    assert any(error.startswith(line) for error in caught.value.errors), caught.value.errors
    assert isinstance(caught.value, ValueError)
    assert SECRET not in str(caught.value)


def test_the_signature_is_checked_before_the_body() -> None:
    """A bad signature on a bad body is a signature error: nothing unsigned is decoded."""
    with pytest.raises(WebhookSignatureError):
        parse_event(b"{not json", "0" * 64, SECRET)


def test_an_inbound_event_carries_its_deadline() -> None:
    """A decoded dial.inbound's deadline is the budget from decoding; it is not in the JSON."""
    before = time.monotonic()
    event = parse(sample("dial_inbound")["body"], inbound_budget=1000.0)
    after = time.monotonic()
    assert before + 1000.0 <= event.deadline.at <= after + 1000.0
    assert not event.deadline.expired
    assert "deadline" not in json.loads(encode_event(event))["payload"]
    assert "deadline" not in repr(event)


@pytest.mark.parametrize(
    ("budget", "error"), [(0, ValueError), (-1.0, ValueError), ("3", TypeError), (True, TypeError)]
)
def test_inbound_budget_is_checked(budget: Any, error: type[Exception]) -> None:
    """The budget must be a positive number of seconds."""
    with pytest.raises(error, match="inbound_budget"):
        parse(sample("dial_created")["body"], inbound_budget=budget)


def test_event_keys_are_stable_and_distinct() -> None:
    """The same event laid out differently has one key; another status has another."""
    compact = b'{"event":"dial.updated","payload":{"status":"completed","dial_id":"d"}}'
    spaced = b'{ "payload": { "dial_id": "d", "status": "completed" }, "event": "dial.updated" }'
    assert event_key(parse(compact)) == event_key(parse(spaced))
    assert event_key(parse(compact)).startswith("dial.updated:d:")
    other = parse({"event": "dial.updated", "payload": {"dial_id": "d", "status": "failed"}})
    assert event_key(other) != event_key(parse(compact))
    assert event_key(parse(sample("function_call")["body"])).startswith("function-call:")
    assert event_key(UnknownEvent(event=None, payload=[1])).startswith("unnamed:-:")


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("dial_transcript", f"dial.transcript:{DIAL}:16a1a36da155c5f3d67ea2c8c6bd4a6b"),
        (
            "function_call",
            "function-call:f47ac10b-58cc-4372-a567-0e02b2c3d479:725777ac5111803173f1451dc550ac3c",
        ),
    ],
)
def test_event_keys_stay_what_earlier_versions_stored(name: str, key: str) -> None:
    """A shared SeenStore outlives a deploy: the same event keeps the key it had before."""
    assert event_key(parse(sample(name)["body"])) == key


def test_an_event_with_a_lone_surrogate_has_a_key(monkeypatch: pytest.MonkeyPatch) -> None:
    """The json fallback lets ``"\\ud800"`` through: keying it must not raise (a 500, retried)."""
    monkeypatch.setattr("vogent_async._transport._responses._loads", json.loads)
    event = parse(b'{"event":"dial.updated","payload":{"dial_id":"d","status":"\\ud800"}}')
    assert event.status == "\ud800"
    assert event_key(event).startswith("dial.updated:d:")
    plain = parse({"event": "dial.updated", "payload": {"dial_id": "d"}})
    assert event_key(event) != event_key(plain)


def test_encode_event_refuses_other_objects() -> None:
    """Only webhook events can be encoded (or keyed)."""
    with pytest.raises(TypeError, match="must be a webhook event"):
        encode_event({"event": "dial.created"})  # type: ignore[arg-type]
