"""The Voicelab pages' published example bodies (tests/samples/tts/, see SOURCES.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vogent_async import (
    AudioFormat,
    MultispeakerLine,
    OptionValue,
    TtsError,
    TtsFinished,
    UnknownVariant,
)
from vogent_async._codec._converter import CONVERTER, SchemaMismatch
from vogent_async._request._validation import check
from vogent_async.models.tts import TtsMessage, _MultispeakerBody, _TtsBody
from vogent_async.resources._tts_bodies import socket_message

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "tts"
S = "<string>"
OPTIONS = [OptionValue(S, S)]
MESSAGE: Any = TtsMessage  # a union: the converter structures it like a class


def sample(name: str) -> Any:
    return json.loads((SAMPLES / name).read_text())


def test_the_tts_request_is_the_published_body() -> None:
    body = CONVERTER.unstructure(check(_TtsBody(S, S, AudioFormat(), OPTIONS)))
    assert body == sample("run_tts_model.request.json")


def test_the_multispeaker_request_is_the_published_body() -> None:
    lines = [MultispeakerLine(S, S)]
    body = CONVERTER.unstructure(check(_MultispeakerBody(lines, AudioFormat(), OPTIONS)))
    assert body == sample("run_multispeaker_tts_model.request.json")


def test_the_websocket_input_is_the_published_one_less_what_is_not_offered() -> None:
    """``items`` and ``description`` are not offered; ``cancel`` goes in its own message."""
    published = sample("websocket_input.json")
    message = socket_message(
        generation_id=S, text=S, voice_id=S, final=True, sample_rate=24000,
        context_id=S, add_word_timestamps=True,
    )  # fmt: skip
    assert set(published) - set(message) == {"items", "description", "cancel"}
    assert {k: message[k] for k in message if k != "sampleRate"} == {
        k: published[k] for k in message if k != "sampleRate"
    }


@pytest.mark.parametrize("name", ["websocket_finished.json", "websocket_error.json"])
def test_a_placeholder_type_is_kept_raw(name: str) -> None:
    """The pages' ``"type": "<string>"`` is no known type: kept as an UnknownVariant."""
    assert CONVERTER.structure(sample(name), MESSAGE) == UnknownVariant(S, sample(name))


@pytest.mark.parametrize(
    ("name", "tag", "expected"),
    [
        ("websocket_finished.json", "finished", TtsFinished(S)),
        ("websocket_error.json", "error", TtsError(S, S)),
    ],
)
def test_with_their_documented_tags_the_messages_decode_and_round_trip(
    name: str, tag: str, expected: object
) -> None:
    body = {**sample(name), "type": tag}
    decoded: TtsMessage = CONVERTER.structure(body, MESSAGE)
    assert decoded == expected
    assert {"type": tag, **CONVERTER.unstructure(decoded)} == body


def test_a_chunk_whose_audio_is_not_base64_names_the_field() -> None:
    with pytest.raises(SchemaMismatch, match="audio: expected base64 text"):
        CONVERTER.structure({**sample("websocket_chunk.json"), "type": "chunk"}, MESSAGE)
