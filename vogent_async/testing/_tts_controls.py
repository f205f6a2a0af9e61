"""`TtsControls`: the Voicelab knobs and faults of one fake, reached as ``fake.tts``."""

from __future__ import annotations

import attrs

from vogent_async.testing._routing import Call

__all__ = ["TtsControls", "controls"]


@attrs.define
class TtsControls:
    """How the fake speaks, and the faults it plays, reached as ``fake.tts``.

    Attributes:
        seconds_per_character: Seconds of audio per character of text.
        chunk_size: Bytes of audio per chunk sent.
        chunk_delay: Real seconds between two chunks (0: as fast as the socket takes them).
        cut_after: Close the connection once this many audio bytes went out, on the
            next ``cut_times`` streams or websocket generations; ``None``: never.
        cut_times: How many streams or generations the cut hits.
        socket_error: Answer the next websocket generation with an ``error``
            message carrying this text instead of audio; ``None``: none.
        streams: How many audio responses and generations began sending.
        bytes_sent: Audio bytes written by the fake, over all streams and sockets.
    """

    seconds_per_character: float = 0.05
    chunk_size: int = 8192
    chunk_delay: float = 0.0
    cut_after: int | None = None
    cut_times: int = 1
    socket_error: str | None = None
    streams: int = 0
    bytes_sent: int = 0

    def take_cut(self) -> int | None:
        """The byte count at which to cut this stream, using up one cut; ``None``: no cut."""
        if self.cut_after is None or self.cut_times < 1:
            return None
        self.cut_times -= 1
        return self.cut_after

    def take_socket_error(self) -> str | None:
        """The error to answer this generation with, using it up; ``None``: none."""
        error, self.socket_error = self.socket_error, None
        return error


def controls(call: Call) -> TtsControls:
    """The `TtsControls` of the fake serving ``call``."""
    found: TtsControls = call.fake.controls["tts"]
    return found
