"""Models of the Models group: the language models an agent can use, and their options."""

from __future__ import annotations

import attrs

from vogent_async.models._shared import StrEnum
from vogent_async.models._wire import WireModel

__all__ = ["Model", "ModelOption", "ModelOptionValueType"]


class ModelOptionValueType(StrEnum):
    """The type of value a model option takes (sent as a string either way)."""

    STRING = "STRING"
    INT = "INT"
    FLOAT = "FLOAT"


@attrs.frozen
class ModelOption(WireModel):
    """A setting of a model, with its default.

    Attributes:
        id: The option's id (what an `OptionValue` names).
        name: The option's display name.
        value_type: A `ModelOptionValueType`, or the raw string for a type added later.
        default: The default value, as a string.
    """

    id: str
    name: str
    value_type: ModelOptionValueType | str
    default: str


@attrs.frozen
class Model(WireModel):
    """A language model an agent can use.

    Attributes:
        id: The model's id.
        name: The model's display name.
        model_options: The settings the model takes.
    """

    id: str
    name: str
    model_options: tuple[ModelOption, ...]
