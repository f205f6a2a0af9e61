"""Models of the Voices group: the voices an agent can speak with."""

from __future__ import annotations

import attrs

from vogent_async.models._shared import StrEnum
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
