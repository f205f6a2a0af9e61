"""Models of the Voicelab group: audio formats, multispeaker lines, websocket messages.

The websocket's server messages are a ``type``-tagged union (`TtsMessage`): a
type this version does not know arrives as an `UnknownVariant`, never an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar, TypeAlias

import attrs

from vogent_async.models._rules import (
    OPTIONAL_BOOL,
    TEXT,
    ObjectChecks,
    among,
    checks,
)
from vogent_async.models._rules import text as characters
from vogent_async.models._shared import (
    ALWAYS_SENT,
    LOCAL,
    WIRE_NAME,
    Fields,
    StrEnum,
    UnknownVariant,
    listed,
    tagged_union,
)
from vogent_async.models._wire import WireModel
from vogent_async.models.agents import OptionValue

__all__ = [
    "SAMPLE_RATES",
    "AudioFormat",
    "AudioOutputType",
    "MultispeakerLine",
    "TtsChunk",
    "TtsError",
    "TtsFinished",
    "TtsMessage",
    "TtsTimestamp",
]

SAMPLE_RATES: tuple[int, ...] = (8000, 16000, 22050, 24000, 41500, 48000)
"""The sample rates the contract documents (41500 verbatim; see docs/design.md)."""

# The Voicelab guide's text limits (the reference documents none; see docs/design.md).
MAX_TEXT_CHARS = 5000
MAX_LINE_CHARS = 500
MAX_LINES = 10

_OWN_RATE_NOTE = "41500 is Vogent's own value, not 44100, kept as documented"


class AudioOutputType(StrEnum):
    """The encoding of generated audio."""

    RAW_PCM16 = "RAW_PCM16"
    WAV_PCM16 = "WAV_PCM16"
    MP3 = "MP3"


_MEDIA_TYPES = {
    AudioOutputType.RAW_PCM16: "audio/pcm",
    AudioOutputType.WAV_PCM16: "audio/wav",
    AudioOutputType.MP3: "audio/mpeg",
}


def _check_output_type(_: Any, attribute: Any, value: object) -> None:
    if not isinstance(value, AudioOutputType):
        accepted = ", ".join(t.value for t in AudioOutputType)
        raise TypeError(f"output_type must be an AudioOutputType ({accepted}), got {value!r}")


def _check_sample_rate(_: Any, attribute: Any, value: object) -> None:
    if type(value) is not int or value not in SAMPLE_RATES:
        accepted = ", ".join(map(str, SAMPLE_RATES))
        raise ValueError(
            f"sample_rate must be one of {accepted} (Hz; {_OWN_RATE_NOTE}), got {value!r}"
        )


def _output_type(value: AudioOutputType | str) -> AudioOutputType | str:
    """Accept a member's value or name in any case, as the other enum arguments do."""
    if isinstance(value, str) and not isinstance(value, AudioOutputType):
        return AudioOutputType.__members__.get(value.upper(), value)
    return value


@attrs.frozen
class AudioFormat(WireModel):
    """The output format of generated audio; WAV PCM16 at 24000 Hz unless told otherwise.

    Attributes:
        output_type: An `AudioOutputType` (or its name, in any case).
        sample_rate: Samples per second, one of `SAMPLE_RATES`.

    Raises:
        TypeError: ``output_type`` is not an `AudioOutputType` or one of its names.
        ValueError: ``sample_rate`` is not one of `SAMPLE_RATES`.
    """

    output_type: AudioOutputType = attrs.field(
        default=AudioOutputType.WAV_PCM16,
        converter=_output_type,
        validator=_check_output_type,
        metadata={ALWAYS_SENT: True},  # both are required by the API, defaults included
    )
    sample_rate: int = attrs.field(
        default=24000, validator=_check_sample_rate, metadata={ALWAYS_SENT: True}
    )

    @property
    def media_type(self) -> str:
        """The format's media type: ``audio/wav``, ``audio/mpeg`` or ``audio/pcm``."""
        return _MEDIA_TYPES[self.output_type]


@attrs.frozen
class MultispeakerLine(WireModel):
    """One line of a multispeaker generation: what to say, and in which voice.

    Attributes:
        text: The line's text.
        voice_id: The voice that says it.
    """

    text: str = attrs.field(metadata=checks(characters(max_length=MAX_LINE_CHARS)))
    voice_id: str = attrs.field(metadata=checks(TEXT))


@attrs.frozen
class TtsChunk(WireModel):
    """Audio of a websocket generation, decoded from its base64.

    Attributes:
        generation_id: The generation it belongs to.
        audio: The audio bytes (raw PCM16 at the generation's sample rate).
    """

    generation_id: str
    audio: bytes


@attrs.frozen
class TtsFinished(WireModel):
    """A websocket generation is complete: no more chunks for it will come.

    Attributes:
        generation_id: The generation that finished.
    """

    generation_id: str


@attrs.frozen
class TtsError(WireModel):
    """A websocket generation failed (the server's message, as sent).

    Attributes:
        generation_id: The generation that failed, when the server names one.
        error: The server's description of the failure.
    """

    generation_id: str | None = None
    error: str = ""


@attrs.frozen
class TtsTimestamp(WireModel):
    """Word timing of a websocket generation (sent with ``add_word_timestamps``).

    Its fields beyond ``generationId`` are not documented: ``raw`` keeps the
    whole message as sent.

    Attributes:
        generation_id: The generation it belongs to.
        raw: The message as sent, ``type`` included.
    """

    generation_id: str | None = None
    raw: dict[str, Any] = attrs.field(factory=dict, metadata={LOCAL: True})


TtsMessage: TypeAlias = TtsChunk | TtsFinished | TtsError | TtsTimestamp | UnknownVariant
"""A message from the TTS websocket; an unknown ``type`` arrives as `UnknownVariant`."""
tagged_union(
    TtsMessage,
    {"chunk": TtsChunk, "finished": TtsFinished, "error": TtsError, "timestamp": TtsTimestamp},
)


# ------------------------------------------------------------ request bodies
# Built by `vogent_async.resources._tts_bodies` from the methods' arguments.

_OUTPUT = {WIRE_NAME: "format"}  # the argument ``output`` is the API's ``format``


def _some_lines(body: _MultispeakerBody, path: str, out: list[str]) -> None:
    if not 1 <= len(body.lines) <= MAX_LINES:
        out.append(f"lines: expected 1 to {MAX_LINES} lines, got {len(body.lines)}")


@attrs.define
class _TtsBody:
    """``POST /tts`` (``TtsInput``)."""

    text: str = attrs.field(metadata=checks(characters(max_length=MAX_TEXT_CHARS)))
    voice_id: str = attrs.field(metadata=checks(TEXT))
    output: AudioFormat | Fields | None = attrs.field(default=None, metadata=_OUTPUT)
    voice_option_values: Sequence[OptionValue | Fields] | None = attrs.field(
        default=None, converter=listed
    )


@attrs.define
class _MultispeakerBody:
    """``POST /tts/multispeaker`` (``MultispeakerTtsInput``): 1 to 10 lines."""

    lines: Sequence[MultispeakerLine | Fields] = attrs.field(converter=listed)
    output: AudioFormat | Fields | None = attrs.field(default=None, metadata=_OUTPUT)
    voice_option_values: Sequence[OptionValue | Fields] | None = attrs.field(
        default=None, converter=listed
    )

    _object_checks: ClassVar[ObjectChecks] = (_some_lines,)


@attrs.define
class _SocketStart:
    """The first websocket message of a generation (``TtsWebsocketInput``)."""

    generation_id: str = attrs.field(metadata=checks(TEXT))
    voice_id: str = attrs.field(metadata=checks(TEXT))
    text: str = attrs.field(metadata=checks(characters(max_length=MAX_TEXT_CHARS)))
    final: bool = attrs.field(metadata={**checks(OPTIONAL_BOOL), WIRE_NAME: "finalText"})
    sample_rate: int | None = attrs.field(default=None, metadata=checks(among(SAMPLE_RATES, "Hz")))
    context_id: str | None = attrs.field(default=None, metadata=checks(TEXT))
    add_word_timestamps: bool | None = attrs.field(default=None, metadata=checks(OPTIONAL_BOOL))


@attrs.define
class _SocketMore:
    """A later text message of a generation; its text may be empty when ``final``."""

    generation_id: str
    text: str = attrs.field(metadata=checks(characters(min_length=0, max_length=MAX_TEXT_CHARS)))
    final: bool = attrs.field(metadata={**checks(OPTIONAL_BOOL), WIRE_NAME: "finalText"})
