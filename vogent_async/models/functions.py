"""Models of the Functions group: what an agent can do during a call.

A function is a ``type``-tagged union: a `TransferFunction` (``transfer``) or
an `APIFunction` (``api``). A tag this version does not know arrives as an
`UnknownVariant` holding the raw object. The ``type`` key is the tag: the
variant classes hold no ``type`` field, and the converter writes it back.

The API documents only the fields the two kinds share and the transfer kind's
own; the API kind's other fields were never published, so `APIFunction` and
`APIFunctionInput` carry the shared fields only (send others with an
`UnknownVariant`, see `FunctionInput`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

import attrs

from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async.models._rules import E164, TEXT, checks
from vogent_async.models._shared import Fields, StrEnum, UnknownVariant, tagged_union
from vogent_async.models._wire import WireModel
from vogent_async.models.agents import LifecycleMessages

__all__ = [
    "APIFunction",
    "APIFunctionInput",
    "AllowedNumber",
    "Function",
    "FunctionInput",
    "FunctionType",
    "FunctionUpdate",
    "TransferFunction",
    "TransferFunctionInput",
]


class FunctionType(StrEnum):
    """The kinds of function: a call transfer, or a request to your API."""

    TRANSFER = "transfer"
    API = "api"


@attrs.frozen
class AllowedNumber(WireModel):
    """A number a transfer function may transfer to.

    Attributes:
        number: The number, E.164 (``+15551234567``).
    """

    number: str = attrs.field(metadata=checks(E164))


@attrs.frozen
class TransferFunction(WireModel):
    """A function that transfers the call (``type: transfer``).

    Attributes:
        id: The function's id (what `LinkedFunctionDefinition` names).
        name: Its name.
        description: What it does, for the agent to decide when to call it.
        allowed_numbers: The numbers it may transfer to.
        allow_any_number: Whether it may transfer to any number instead.
        lifecycle_messages: Phrases spoken while it runs.
    """

    id: str
    name: str
    description: str
    allowed_numbers: tuple[AllowedNumber, ...]
    allow_any_number: bool | None = None
    lifecycle_messages: LifecycleMessages | None = None


@attrs.frozen
class APIFunction(WireModel):
    """A function that calls your API (``type: api``); its own fields are undocumented.

    Attributes:
        id: The function's id.
        name: Its name.
        description: What it does.
        lifecycle_messages: Phrases spoken while it runs.
    """

    id: str
    name: str
    description: str
    lifecycle_messages: LifecycleMessages | None = None


Function: TypeAlias = TransferFunction | APIFunction | UnknownVariant
"""A function as the API returns it: its variant by ``type``, or `UnknownVariant`."""
tagged_union(Function, {"transfer": TransferFunction, "api": APIFunction})


@attrs.frozen
class TransferFunctionInput(WireModel):
    """A new transfer function: the body ``functions.create_transfer`` sends.

    Attributes:
        name: The function's name; not empty.
        description: What it does; not empty.
        allowed_numbers: The numbers it may transfer to, E.164.
        lifecycle_messages: Phrases spoken while it runs.
        allow_any_number: Allow any number instead of the list (not recommended).
    """

    name: str = attrs.field(metadata=checks(TEXT))
    description: str = attrs.field(metadata=checks(TEXT))
    allowed_numbers: Sequence[AllowedNumber | Fields]
    lifecycle_messages: LifecycleMessages | Fields | None = None
    allow_any_number: bool | None = None


@attrs.frozen
class APIFunctionInput(WireModel):
    """A new API function: the body ``functions.create_api`` sends (shared fields only).

    Attributes:
        name: The function's name; not empty.
        description: What it does; not empty.
        lifecycle_messages: Phrases spoken while it runs.
    """

    name: str = attrs.field(metadata=checks(TEXT))
    description: str = attrs.field(metadata=checks(TEXT))
    lifecycle_messages: LifecycleMessages | Fields | None = None


FunctionInput: TypeAlias = TransferFunctionInput | APIFunctionInput | UnknownVariant
"""What ``functions.create_transfer`` and ``functions.create_api`` send; the
converter adds its ``type``."""
tagged_union(FunctionInput, {"transfer": TransferFunctionInput, "api": APIFunctionInput})


@attrs.frozen
class FunctionUpdate(WireModel):
    """Changes to a function: the body ``functions.update`` builds.

    Each field is documented there, as the argument of its name: ``allowed_numbers``
    always, the others only if given.
    """

    allowed_numbers: Sequence[AllowedNumber | Fields]
    name: str | NotGiven = attrs.field(default=NOT_GIVEN, metadata=checks(TEXT))
    description: str | NotGiven = attrs.field(default=NOT_GIVEN, metadata=checks(TEXT))
    type: FunctionType | str | NotGiven = NOT_GIVEN
    lifecycle_messages: LifecycleMessages | Fields | NotGiven = NOT_GIVEN
    allow_any_number: bool | NotGiven = NOT_GIVEN
