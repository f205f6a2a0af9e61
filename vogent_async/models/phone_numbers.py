"""Models of the Phone Numbers group: numbers, numbers for sale, and how to create one.

Creating a number is a ``type``-tagged request: ``purchase`` (buy a number that
`PhoneNumbers.search` found), ``sip_import`` (bring a number over your own SIP
trunk) or ``vogent_sip`` (a SIP username hosted by Vogent). Each variant class
holds the object its tag names, as the API nests it::

    {"type": "purchase", "purchase": {"number": "+15125550123"}}

Passwords are left out of ``repr``.
"""

from __future__ import annotations

from typing import Any, TypeAlias

import attrs

from vogent_async.models._rules import E164, TEXT, checks, integer, pattern, text
from vogent_async.models._shared import StrEnum, UnknownVariant, tagged_union
from vogent_async.models._wire import WireModel

__all__ = [
    "AvailableNumber",
    "NewPhoneNumber",
    "NumberPurchase",
    "PhoneNumber",
    "PhoneNumberType",
    "PurchaseNewNumber",
    "SipImport",
    "SipImportNewNumber",
    "VogentSip",
    "VogentSipNewNumber",
]


class PhoneNumberType(StrEnum):
    """What a phone number is: a phone line, or a SIP username."""

    PSTN = "PSTN"
    SIP_USERNAME = "SIP_USERNAME"


@attrs.frozen
class PhoneNumber(WireModel):
    """A number of the workspace, to call from (or to receive calls on).

    Attributes:
        id: The number's id (what ``from_number_id`` and ``from_phone_number_ids`` take).
        number: E.164 (``+18001234567``), or the SIP username for ``SIP_USERNAME``.
        type: A `PhoneNumberType`, or the raw string for a type added later.
        agent_id: The agent linked to the number; ``None`` when none is, and on
            listings, whose items the API documents without it.
    """

    id: str
    number: str
    type: PhoneNumberType | str
    agent_id: str | None = None


@attrs.frozen
class AvailableNumber(WireModel):
    """A number for sale, found by `PhoneNumbers.search`; buy it with `NumberPurchase`."""

    number: str


@attrs.frozen
class NumberPurchase(WireModel):
    """Buy a number that `PhoneNumbers.search` returned.

    Attributes:
        number: The number, as the search returned it.
    """

    number: str = attrs.field(metadata=checks(E164))


@attrs.frozen
class SipImport(WireModel):
    """Import a number you route over your own SIP trunk.

    Attributes:
        phone_number: The number, E.164.
        termination_uri: Your trunk's SIP termination URI.
        username: The trunk's username.
        password: The trunk's password (not shown in ``repr``).
    """

    phone_number: str = attrs.field(metadata=checks(E164))
    termination_uri: str = attrs.field(metadata=checks(TEXT))
    username: str = attrs.field(metadata=checks(TEXT))
    password: str = attrs.field(repr=False, metadata=checks(text(secret=True)))


@attrs.frozen
class VogentSip(WireModel):
    """Create a SIP username hosted by Vogent.

    Attributes:
        sip_prefix: The prefix of the SIP address.
        username: At least 5 characters.
        password: At least 5 characters (not shown in ``repr``).
    """

    sip_prefix: str = attrs.field(metadata=checks(TEXT))
    username: str = attrs.field(metadata=checks(text(min_length=5)))
    password: str = attrs.field(repr=False, metadata=checks(text(min_length=5, secret=True)))


@attrs.frozen
class PurchaseNewNumber(WireModel):
    """The ``purchase`` variant of a creation request: ``{"type": "purchase", "purchase": ...}``."""

    purchase: NumberPurchase


@attrs.frozen
class SipImportNewNumber(WireModel):
    """The ``sip_import`` variant: ``{"type": "sip_import", "sipImport": ...}``."""

    sip_import: SipImport


@attrs.frozen
class VogentSipNewNumber(WireModel):
    """The ``vogent_sip`` variant: ``{"type": "vogent_sip", "vogentSip": ...}``."""

    vogent_sip: VogentSip


NewPhoneNumber: TypeAlias = (
    PurchaseNewNumber | SipImportNewNumber | VogentSipNewNumber | UnknownVariant
)
"""A request to create a phone number, tagged by ``type``; a tag this version does not
know is an `UnknownVariant`, sent as it is."""

tagged_union(
    NewPhoneNumber,
    {
        "purchase": PurchaseNewNumber,
        "sip_import": SipImportNewNumber,
        "vogent_sip": VogentSipNewNumber,
    },
)


# ------------------------------------------------------------ request bodies
# The variants above are the bodies of ``create_purchase``, ``create_sip_import``
# and ``create_vogent_sip``; these are the group's other bodies.


def _upper(value: Any) -> Any:
    return value.upper() if isinstance(value, str) else value


@attrs.define
class _NumberSearch:
    """``POST /phone_numbers/search``."""

    prefix: str = attrs.field(metadata=checks(pattern(r"[0-9]+", "digits such as '512'")))
    country: str = attrs.field(
        converter=_upper,
        metadata=checks(pattern(r"[A-Z]{2}", "a two-letter code such as 'US'")),
    )
    limit: int = attrs.field(metadata=checks(integer(low=1, high=10)))


@attrs.define
class _AgentLink:
    """``PUT /phone_numbers/{id}``: the agent to link, or ``None`` (sent as ``""``) to unlink."""

    agent_id: str | None = attrs.field(metadata=checks(TEXT))
