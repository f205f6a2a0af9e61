"""The API groups, one class each, reached as attributes of `vogent_async.Client`."""

from vogent_async.resources._base import ListOptions
from vogent_async.resources._raw import RawResponse, with_raw_response
from vogent_async.resources.agents import Agents
from vogent_async.resources.batch_dial_jobs import BatchDialJobs
from vogent_async.resources.dials import Dials
from vogent_async.resources.evals import Evals
from vogent_async.resources.extractors import Extractors
from vogent_async.resources.functions import Functions
from vogent_async.resources.models import Models
from vogent_async.resources.phone_numbers import PhoneNumbers
from vogent_async.resources.tts import AudioStream, Generation, Tts, TtsWebsocket
from vogent_async.resources.versioned_prompts import VersionedPrompts
from vogent_async.resources.voices import Voices

__all__ = [
    "Agents",
    "AudioStream",
    "BatchDialJobs",
    "Dials",
    "Evals",
    "Extractors",
    "Functions",
    "Generation",
    "ListOptions",
    "Models",
    "PhoneNumbers",
    "RawResponse",
    "Tts",
    "TtsWebsocket",
    "VersionedPrompts",
    "Voices",
    "with_raw_response",
]
