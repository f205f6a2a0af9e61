"""Every Voicelab argument is checked before anything is sent."""

from __future__ import annotations

from typing import Any

import pytest

import vogent_async
from vogent_async import AudioFormat, MultispeakerLine, OptionValue
from vogent_async.testing import FakeVogent

LINE = MultispeakerLine("Hi", "v")


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"text": "", "voice_id": "v"}, "text: must not be empty"),
        ({"text": "   ", "voice_id": "v"}, "text: must not be empty"),
        ({"text": "x" * 5001, "voice_id": "v"}, "text: at most 5000 characters, got 5001"),
        ({"text": 5, "voice_id": "v"}, "text: expected a non-empty string"),
        ({"text": "a\ud800", "voice_id": "v"}, "text: not valid text"),
        ({"text": "Hi", "voice_id": ""}, "voice_id: must not be empty"),
        ({"text": "Hi", "voice_id": None}, "voice_id: expected a non-empty string"),
        ({"text": "Hi", "voice_id": "v\udfff"}, "voice_id: not valid text"),
        ({"text": "Hi", "voice_id": "v", "output": "MP3"}, "output: expected an AudioFormat"),
        (
            {"text": "Hi", "voice_id": "v", "voice_option_values": "speed"},
            "voice_option_values: expected a list of OptionValue",
        ),
        (
            {"text": "Hi", "voice_id": "v", "voice_option_values": [3]},
            "voice_option_values[0]: expected an OptionValue",
        ),
        (
            {"text": "Hi", "voice_id": "v", "voice_option_values": [{"optionId": "a"}]},
            "voice_option_values[0].value: required (by OptionValue)",
        ),
        (
            {"text": "Hi", "voice_id": "v", "output": {"sample_rate": 44100}},
            "output: sample_rate must be one of",
        ),
    ],
)
async def test_stream_arguments(
    client: vogent_async.Client, fake: FakeVogent, kwargs: dict[str, Any], problem: str
) -> None:
    with pytest.raises(vogent_async.InvalidRequestError) as caught:
        client.tts.stream(**kwargs)
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
    assert fake.requests == []


@pytest.mark.parametrize(
    ("lines", "problem"),
    [
        ([], "lines: expected 1 to 10 lines, got 0"),
        ([LINE] * 11, "lines: expected 1 to 10 lines, got 11"),
        ("Hi", "lines: expected a list of MultispeakerLine"),
        ([("Hi", "v")], "lines[0]: expected a MultispeakerLine"),
        ([LINE, MultispeakerLine("x" * 501, "v")], "lines[1].text: at most 500 characters"),
        ([MultispeakerLine("Hi", " ")], "lines[0].voice_id: must not be empty"),
    ],
)
async def test_multispeaker_arguments(
    client: vogent_async.Client, fake: FakeVogent, lines: Any, problem: str
) -> None:
    with pytest.raises(vogent_async.InvalidRequestError) as caught:
        client.tts.stream_multispeaker(lines=lines)
    assert any(p.startswith(problem) for p in caught.value.problems), caught.value.problems
    assert fake.requests == []


async def test_every_problem_is_listed_at_once(client: vogent_async.Client) -> None:
    options: list[Any] = [OptionValue("a", "b"), 3]
    with pytest.raises(vogent_async.InvalidRequestError) as caught:
        client.tts.stream(text="", voice_id="", voice_option_values=options)
    assert len(caught.value.problems) == 3


async def test_per_call_options_are_checked_before_entering(client: vogent_async.Client) -> None:
    with pytest.raises(ValueError, match="timeout"):
        client.tts.stream(text="Hi", voice_id="v", timeout=-1)


@pytest.mark.parametrize("rate", [44100, 0, "24000", 24000.0, True])
def test_a_sample_rate_outside_the_documented_set_is_refused(rate: Any) -> None:
    with pytest.raises(ValueError, match="sample_rate must be one of 8000, 16000, 22050"):
        AudioFormat(sample_rate=rate)


def test_the_refusal_says_41500_is_vogents_own_value() -> None:
    """44100 is what a user means; the message says why 41500 stands in the list."""
    with pytest.raises(ValueError, match=r"41500 is Vogent's own value, not 44100"):
        AudioFormat(sample_rate=44100)


def test_an_unknown_output_type_is_refused_and_names_the_accepted_ones() -> None:
    with pytest.raises(TypeError, match="RAW_PCM16, WAV_PCM16, MP3"):
        AudioFormat(output_type="OGG")


def test_output_types_are_accepted_by_name_in_any_case() -> None:
    assert AudioFormat("wav_pcm16", 41500) == AudioFormat(
        vogent_async.AudioOutputType.WAV_PCM16, 41500
    )
