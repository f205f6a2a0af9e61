"""The Voices group: ``client.voices``."""

from __future__ import annotations

from vogent_async._request._paths import optional_text
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async._transport._upload import Form, Progress, Source, file_part
from vogent_async.models.voices import CloneModel, Voice, _CloneFields
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

__all__ = ["Voices"]


class Voices(Resource):
    """List the workspace's voices and clone new ones from a recording.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    def list(
        self,
        *,
        name: str | None = None,
        voice_type: str | None = None,
        **options: Unpack[ListOptions],
    ) -> AsyncPager[Voice]:
        """List the voices available to the workspace, lazily, page by page.

        Args:
            name: Only voices with this name, as the API matches it.
            voice_type: Only voices of this provider or model type (sent as ``voiceType``).
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `Voice`.

        Raises:
            InvalidRequestError: A filter is not a non-empty string, raised at once.
        """
        params: dict[str, str | int | None] = {
            "name": optional_text("name", name),
            "voiceType": optional_text("voice_type", voice_type),
        }
        return self._pager(
            "/voices",
            Voice,
            params=params,
            options=options,
            items_key="voices",
        )

    async def clone(
        self,
        name: str,
        clip: Source,
        *,
        model: CloneModel | str = CloneModel.CARTESIA,
        transcription: str | None = None,
        filename: str | None = None,
        content_type: str = "application/octet-stream",
        progress: Progress | None = None,
        **options: Unpack[RequestOptions],
    ) -> Voice:
        """Clone a voice from an audio clip (the guide suggests 15-20 s of one speaker).

        The clip is uploaded as a multipart form, chunk by chunk: a path is read
        from disk as it is sent, bytes are sent in slices of themselves, and an
        async stream is passed through, so the clip is never held in memory twice.
        Like every create this is sent once (retried only on a 429 or a
        connection refused before sending), and a stream is never retried at all:
        it cannot be read twice. Pass a path or bytes to allow that retry.

        Args:
            name: The new voice's name; not empty.
            clip: The recording: a path, its bytes, or an async iterable of bytes.
            model: The cloning model, a `CloneModel` or its value in any case.
            transcription: What the clip says, if you have it.
            filename: The file name sent (default: the path's name, else ``clip``).
            content_type: The clip's media type, e.g. ``audio/wav``.
            progress: Called as the upload goes with (bytes sent, total or ``None``).
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new voice.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            TypeError: ``clip`` is none of a path, bytes or an async iterable.
            FileNotFoundError: ``clip`` is a path to no file.
        """
        fields = self._body(_CloneFields(name, model, transcription))
        part = file_part(
            "clip", clip, filename=filename, content_type=content_type, progress=progress
        )
        return await self._call(
            "POST",
            "/voices/clone",
            Voice,
            form=Form(fields, part),
            idempotent=False,
            options=options,
        )
