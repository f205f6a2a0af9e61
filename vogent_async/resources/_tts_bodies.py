"""The Voicelab websocket's messages as JSON: each built from its attrs class, checked first.

The classes, with the rules their fields declare, are in `vogent_async.models.tts`;
every problem is listed in one `InvalidRequestError` and nothing is sent.
"""

from __future__ import annotations

from typing import Any

from vogent_async._codec._converter import CONVERTER
from vogent_async._request._validation import check
from vogent_async.models.tts import _SocketMore, _SocketStart

__all__ = ["more_text", "socket_message"]


def _encoded(body: object) -> dict[str, Any]:
    encoded: dict[str, Any] = CONVERTER.unstructure(check(body))
    return encoded


def socket_message(
    *,
    generation_id: str,
    text: str,
    voice_id: str,
    final: bool,
    sample_rate: int | None,
    context_id: str | None,
    add_word_timestamps: bool | None,
) -> dict[str, Any]:
    """The first websocket message of a generation (``TtsWebsocketInput``).

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    start = _SocketStart(
        generation_id, voice_id, text, final, sample_rate, context_id, add_word_timestamps
    )
    return _encoded(start)


def more_text(generation_id: str, text: str, final: bool) -> dict[str, Any]:
    """A later text message of a generation; its text may be empty when ``final``.

    Raises:
        InvalidRequestError: Every problem with the arguments.
    """
    return _encoded(_SocketMore(generation_id, text, final))
