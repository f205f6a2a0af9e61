"""The fake's audio: a deterministic 400 Hz tone whose length derives from the text.

``RAW_PCM16`` is little-endian mono 16-bit samples; ``WAV_PCM16`` is the same
behind a 44-byte RIFF header; ``MP3`` is an ID3v2 tag and MPEG-1 Layer III
frame headers (128 kbit/s, 48 kHz, mono) with silent, zeroed payloads, whatever
the sample rate asked for. Audio is produced chunk by chunk from one second of
precomputed tone, so a long generation costs the fake no memory either.
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterator
from functools import lru_cache

import attrs

__all__ = ["Audio", "audio_for"]

_TONE_HZ = 400  # a whole number of periods per second: one second repeats seamlessly
_MP3_FRAME = b"\xff\xfb\x94\xc0" + bytes(380)  # 144 * 128000 / 48000 = 384 bytes a frame
_ID3 = b"ID3\x04\x00\x00\x00\x00\x00\x00"  # an empty ID3v2.4 tag


@attrs.frozen
class Audio:
    """One generation's audio: its media type, length, and bytes on demand.

    Attributes:
        output_type: ``RAW_PCM16``, ``WAV_PCM16`` or ``MP3``.
        sample_rate: Samples per second.
        samples: Samples of tone (the MP3's length follows from its duration).
    """

    output_type: str
    sample_rate: int
    samples: int

    @property
    def size(self) -> int:
        """The number of bytes `chunks` yields in all."""
        if self.output_type == "MP3":
            return len(_ID3) + self._frames * len(_MP3_FRAME)
        header = 44 if self.output_type == "WAV_PCM16" else 0
        return header + 2 * self.samples

    @property
    def _frames(self) -> int:
        seconds = self.samples / self.sample_rate
        return max(1, math.ceil(seconds * 48000 / 1152))

    def chunks(self, size: int) -> Iterator[bytes]:
        """The audio, ``size`` bytes at a time (the last chunk may be shorter)."""
        pending = b""
        for piece in self._pieces():
            pending += piece
            while len(pending) >= size:
                yield pending[:size]
                pending = pending[size:]
        if pending:
            yield pending

    def _pieces(self) -> Iterator[bytes]:
        if self.output_type == "MP3":
            yield _ID3
            for _ in range(self._frames):
                yield _MP3_FRAME
            return
        if self.output_type == "WAV_PCM16":
            yield wav_header(self.sample_rate, 2 * self.samples)
        second = _tone_second(self.sample_rate)
        left = 2 * self.samples
        while left > 0:
            piece = second[:left]
            left -= len(piece)
            yield piece


def audio_for(characters: int, output_type: str, sample_rate: int, per_char: float) -> Audio:
    """The audio of ``characters`` of text at ``per_char`` seconds each (at least one sample)."""
    samples = max(1, round(characters * per_char * sample_rate))
    return Audio(output_type, sample_rate, samples)


def wav_header(sample_rate: int, data_bytes: int) -> bytes:
    """A canonical 44-byte header of mono 16-bit PCM."""
    return struct.pack(
        "<4sI4s4sIHHIIHH4sI",
        b"RIFF",
        36 + data_bytes,
        b"WAVE",
        b"fmt ",
        16,
        1,  # PCM
        1,  # mono
        sample_rate,
        sample_rate * 2,
        2,
        16,
        b"data",
        data_bytes,
    )


@lru_cache(maxsize=8)
def _tone_second(sample_rate: int) -> bytes:
    step = 2 * math.pi * _TONE_HZ / sample_rate
    samples = array("h", (round(6000 * math.sin(i * step)) for i in range(sample_rate)))
    if struct.pack("=h", 1) != struct.pack("<h", 1):  # pragma: no cover - big-endian hosts
        samples.byteswap()
    return samples.tobytes()
