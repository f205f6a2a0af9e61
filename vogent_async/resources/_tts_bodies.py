"""The Voicelab request bodies, checked at the door: every problem listed, nothing sent.

Text limits are the Voicelab guide's (5000 characters for one utterance, 500
per multispeaker line, 10 lines): the reference documents none, and a request
over them would be refused by the server after its upload (see docs/design.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from vogent_async._checks import raise_problems, show
from vogent_async._checks import text as nonblank
from vogent_async._converter import CONVERTER
from vogent_async.models.agents import OptionValue
from vogent_async.models.tts import SAMPLE_RATES, AudioFormat, MultispeakerLine

__all__ = [
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_TEXT_CHARS",
    "check_sample_rate",
    "check_text",
    "more_text",
    "multispeaker_body",
    "socket_message",
    "tts_body",
]

MAX_TEXT_CHARS = 5000
MAX_LINE_CHARS = 500
MAX_LINES = 10


def tts_body(
    *, text: object, voice_id: object, output: object, voice_option_values: object
) -> dict[str, Any]:
    """The ``POST /tts`` body (``TtsInput``).

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    problems: list[str] = []
    check_text("text", text, MAX_TEXT_CHARS, problems)
    nonblank("voice_id", voice_id, problems)
    _check_common(output, voice_option_values, problems)
    raise_problems(problems)
    body = {"text": text, "voiceId": voice_id}
    return _with_common(body, output, voice_option_values)


def multispeaker_body(
    *, lines: object, output: object, voice_option_values: object
) -> dict[str, Any]:
    """The ``POST /tts/multispeaker`` body (``MultispeakerTtsInput``).

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    problems: list[str] = []
    if isinstance(lines, (str, bytes)) or not isinstance(lines, Sequence):
        problems.append(f"lines: expected a list of MultispeakerLine, got {show(lines)}")
    elif not 1 <= len(lines) <= MAX_LINES:
        problems.append(f"lines: expected 1 to {MAX_LINES} lines, got {len(lines)}")
    else:
        for i, line in enumerate(lines):
            if not isinstance(line, MultispeakerLine):
                problems.append(f"lines[{i}]: expected a MultispeakerLine, got {show(line)}")
                continue
            check_text(f"lines[{i}].text", line.text, MAX_LINE_CHARS, problems)
            nonblank(f"lines[{i}].voice_id", line.voice_id, problems)
    _check_common(output, voice_option_values, problems)
    raise_problems(problems)
    body = {"lines": CONVERTER.unstructure(list(lines))}  # type: ignore[call-overload]
    return _with_common(body, output, voice_option_values)


def check_text(path: str, value: object, limit: int, problems: list[str]) -> None:
    """A non-blank string of at most ``limit`` characters."""
    nonblank(path, value, problems)
    if isinstance(value, str) and len(value) > limit:
        problems.append(f"{path}: at most {limit} characters, got {len(value)}")


def check_sample_rate(path: str, value: object, problems: list[str]) -> None:
    """One of the documented `SAMPLE_RATES`."""
    if type(value) is not int or value not in SAMPLE_RATES:
        accepted = ", ".join(map(str, SAMPLE_RATES))
        problems.append(f"{path}: expected one of {accepted} (Hz), got {show(value)}")


def _check_common(output: object, options: object, problems: list[str]) -> None:
    if output is not None and not isinstance(output, AudioFormat):
        problems.append(f"output: expected an AudioFormat or None, got {show(output)}")
    if options is None:
        return
    if isinstance(options, (str, bytes)) or not isinstance(options, Sequence):
        problems.append(f"voice_option_values: expected a list of OptionValue, got {show(options)}")
        return
    for i, item in enumerate(options):
        if not isinstance(item, OptionValue):
            problems.append(f"voice_option_values[{i}]: expected an OptionValue, got {show(item)}")


def _with_common(body: dict[str, Any], output: Any, options: Any) -> dict[str, Any]:
    if options:
        body["voiceOptionValues"] = CONVERTER.unstructure(list(options))
    if output is not None:  # both fields are required, defaults included
        body["format"] = {"outputType": output.output_type.value, "sampleRate": output.sample_rate}
    return body


def socket_message(
    *,
    generation_id: object,
    text: object,
    voice_id: object,
    final: object,
    sample_rate: object,
    context_id: object,
    add_word_timestamps: object,
) -> dict[str, Any]:
    """The first websocket message of a generation (``TtsWebsocketInput``).

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    problems: list[str] = []
    nonblank("generation_id", generation_id, problems)
    check_text("text", text, MAX_TEXT_CHARS, problems)
    nonblank("voice_id", voice_id, problems)
    _flag("final", final, problems)
    if sample_rate is not None:
        check_sample_rate("sample_rate", sample_rate, problems)
    if context_id is not None:
        nonblank("context_id", context_id, problems)
    if add_word_timestamps is not None:
        _flag("add_word_timestamps", add_word_timestamps, problems)
    raise_problems(problems)
    optional = {"sampleRate": sample_rate, "contextId": context_id}
    optional["addWordTimestamps"] = add_word_timestamps
    message = {"generationId": generation_id, "voiceId": voice_id, "text": text, "finalText": final}
    return {**message, **{k: v for k, v in optional.items() if v is not None}}


def more_text(generation_id: str, text: object, final: object) -> dict[str, Any]:
    """A later text message of a generation; its text may be empty when ``final``.

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    problems: list[str] = []
    if not isinstance(text, str) or len(text) > MAX_TEXT_CHARS:
        problems.append(f"text: expected a string of at most {MAX_TEXT_CHARS} characters")
    _flag("final", final, problems)
    raise_problems(problems)
    return {"generationId": generation_id, "text": text, "finalText": final}


def _flag(path: str, value: object, problems: list[str]) -> None:
    if type(value) is not bool:
        problems.append(f"{path}: expected True or False, got {show(value)}")
