"""Models of the Voices group: the voices an agent can speak with."""

from __future__ import annotations

from typing import Any

import attrs

from vogent_async.models._rules import TEXT, checks, one_of
from vogent_async.models._shared import StrEnum, canonical
from vogent_async.models._wire import WireModel

__all__ = ["CloneModel", "Voice", "VoiceTier"]


class VoiceTier(StrEnum):
    """A voice's price tier."""

    STANDARD = "STANDARD"
    PREMIUM = "PREMIUM"


class CloneModel(StrEnum):
    """The model that clones a voice from an audio clip."""

    CARTESIA = "CARTESIA"
    CSM = "CSM"


@attrs.frozen
class Voice(WireModel):
    """A voice available to the workspace.

    Attributes:
        id: The voice's id (what ``default_voice_id`` of an agent names).
        name: Its name.
        voice_type: The provider (third-party voices) or model type (Vogent-hosted
            voices); a free string.
        voice_tier: A `VoiceTier`, or the raw string.
        description: What the voice sounds like.
    """

    id: str
    name: str
    voice_type: str
    voice_tier: VoiceTier | str
    description: str


# ------------------------------------------------------------ request bodies


def _clone_model(value: Any) -> Any:
    return canonical(CloneModel, value)


@attrs.define
class _CloneFields:
    """The form fields of ``POST /voices/clone`` (the clip is the form's file part)."""

    name: str = attrs.field(metadata=checks(TEXT))
    model: CloneModel | str = attrs.field(
        converter=_clone_model, metadata=checks(one_of(CloneModel))
    )
    transcription: str | None = attrs.field(default=None, metadata=checks(TEXT))
