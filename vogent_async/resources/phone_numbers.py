"""The Phone Numbers group: ``client.phone_numbers``."""

from __future__ import annotations

import builtins
import warnings
from typing import Any

import attrs

from vogent_async import _checks
from vogent_async._checks import path
from vogent_async._options import RequestOptions, Unpack
from vogent_async._pagination import AsyncPager
from vogent_async.models._shared import UnknownVariant
from vogent_async.models.phone_numbers import (
    AvailableNumber,
    NewPhoneNumber,
    NumberPurchase,
    PhoneNumber,
    PurchaseNewNumber,
    SipImport,
    SipImportNewNumber,
    VogentSip,
    VogentSipNewNumber,
)
from vogent_async.resources._base import ListOptions, Resource

__all__ = ["PhoneNumbers"]

_NUMBER = "/phone_numbers/{number_id}"
_WRAP: dict[type, Any] = {
    NumberPurchase: PurchaseNewNumber,
    SipImport: SipImportNewNumber,
    VogentSip: VogentSipNewNumber,
}


@attrs.frozen
class _Search:
    prefix: str
    country: str
    limit: int


@attrs.frozen
class _Purchase:
    number: str


class PhoneNumbers(Resource):
    """List, buy, import, link and release the workspace's phone numbers.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    def list(self, **options: Unpack[ListOptions]) -> AsyncPager[PhoneNumber]:
        """List the workspace's numbers, lazily, page by page (100 a page by default).

        The API lists numbers without their linked agent: ``agent_id`` is ``None``
        on these items; `get` a number to see it.

        Args:
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `PhoneNumber`.
        """
        return self._pager("/phone_numbers", PhoneNumber, options=options)

    async def get(self, number_id: str, **options: Unpack[RequestOptions]) -> PhoneNumber:
        """Fetch one number, with the agent linked to it.

        Raises:
            InvalidRequestError: ``number_id`` cannot name a number; nothing was sent.
            NotFoundError: No such number.
        """
        where = path(_NUMBER, number_id=number_id)
        return await self._call("GET", where, PhoneNumber, options=options)

    async def create(
        self,
        request: NewPhoneNumber | NumberPurchase | SipImport | VogentSip,
        **options: Unpack[RequestOptions],
    ) -> PhoneNumber:
        """Buy a number, import one over SIP, or create a Vogent SIP username.

        Pass the details (`NumberPurchase`, `SipImport`, `VogentSip`) or a whole
        `NewPhoneNumber` variant; an `UnknownVariant` is sent as it is, for a type
        this version does not know. Buying costs money, so like every create this
        is sent once: retried only on a 429 or a connection refused before sending.

        Args:
            request: What to create.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new number.

        Raises:
            InvalidRequestError: A field of ``request`` is invalid; nothing was sent.
            TypeError: ``request`` is none of the accepted types.
        """
        body = _creation_body(request)
        return await self._call(
            "POST",
            "/phone_numbers",
            PhoneNumber,
            json_body=self._converter.unstructure(body, NewPhoneNumber),
            idempotent=False,
            options=options,
        )

    async def update(
        self, number_id: str, *, agent_id: str | None, **options: Unpack[RequestOptions]
    ) -> PhoneNumber:
        """Link the number to an agent (inbound calls go to it), or unlink it with ``None``.

        Args:
            number_id: The number's id.
            agent_id: The agent to link; ``None`` unlinks (sent as ``""``, as the API asks).
            **options: Per-call options (`RequestOptions`).

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such number.
        """
        where = path(_NUMBER, number_id=number_id)
        problems: list[str] = []
        _checks.optional_text("agent_id", agent_id, problems)
        _checks.raise_problems(problems)
        body = {"agentId": agent_id or ""}
        return await self._call("PUT", where, PhoneNumber, json_body=body, options=options)

    async def delete(self, number_id: str, **options: Unpack[RequestOptions]) -> PhoneNumber:
        """Release a number from the workspace.

        Returns:
            The number as it was.

        Raises:
            InvalidRequestError: ``number_id`` cannot name a number; nothing was sent.
            NotFoundError: No such number.
        """
        where = path(_NUMBER, number_id=number_id)
        return await self._call("DELETE", where, PhoneNumber, options=options)

    async def search(
        self,
        prefix: str,
        *,
        country: str = "US",
        limit: int = 5,
        **options: Unpack[RequestOptions],
    ) -> builtins.list[AvailableNumber]:
        """Find numbers for sale; buy one with ``create(NumberPurchase(found.number))``.

        Args:
            prefix: The first digits after the country code, e.g. an area code ``"512"``.
            country: ISO 3166 two-letter country code, any case.
            limit: How many to find, 1 to 10.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The numbers found (the API answers a bare list; there are no pages).

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
        """
        problems: list[str] = []
        if not isinstance(prefix, str) or not prefix.isdigit() or not prefix.isascii():
            problems.append(f"prefix: expected digits such as '512', got {prefix!r}")
        if not isinstance(country, str) or len(country) != 2 or not country.isalpha():
            problems.append(f"country: expected a two-letter code such as 'US', got {country!r}")
        _checks.integer("limit", limit, problems, low=1, high=10)
        _checks.raise_problems(problems)
        body = self._converter.unstructure(_Search(prefix, country.upper(), limit))
        return await self._call_list(
            "POST", "/phone_numbers/search", AvailableNumber, json_body=body, options=options
        )

    async def purchase(self, number: str, **options: Unpack[RequestOptions]) -> PhoneNumber:
        """Deprecated by Vogent: buy a number with ``create(NumberPurchase(number))``.

        Still works (``POST /phone_numbers/purchase``), with a `DeprecationWarning`.
        Sent once, like `create`.

        Raises:
            InvalidRequestError: ``number`` is not an E.164 number; nothing was sent.
        """
        warnings.warn(
            "PhoneNumbers.purchase() uses an endpoint Vogent deprecated: "
            "call client.phone_numbers.create(NumberPurchase(number)) instead",
            DeprecationWarning,
            stacklevel=2,
        )
        problems: list[str] = []
        _checks.e164("number", number, problems)
        _checks.raise_problems(problems)
        return await self._call(
            "POST",
            "/phone_numbers/purchase",
            PhoneNumber,
            json_body=self._converter.unstructure(_Purchase(number)),
            idempotent=False,
            options=options,
        )


def _creation_body(request: object) -> Any:
    """The `NewPhoneNumber` variant for ``request``, its fields checked.

    Raises:
        InvalidRequestError: Listing every invalid field.
        TypeError: ``request`` is none of the accepted types.
    """
    wrap = _WRAP.get(type(request))
    variant = wrap(request) if wrap is not None else request
    problems: list[str] = []
    if isinstance(variant, PurchaseNewNumber):
        _checks.e164("purchase.number", variant.purchase.number, problems)
    elif isinstance(variant, SipImportNewNumber):
        sip = variant.sip_import
        _checks.e164("sip_import.phone_number", sip.phone_number, problems)
        _checks.text("sip_import.termination_uri", sip.termination_uri, problems)
        _checks.text("sip_import.username", sip.username, problems)
        _checks.text("sip_import.password", sip.password, problems, secret=True)
    elif isinstance(variant, VogentSipNewNumber):
        hosted = variant.vogent_sip
        _checks.text("vogent_sip.sip_prefix", hosted.sip_prefix, problems)
        _checks.text("vogent_sip.username", hosted.username, problems, min_length=5)
        _checks.text("vogent_sip.password", hosted.password, problems, min_length=5, secret=True)
    elif not (isinstance(variant, UnknownVariant) and isinstance(variant.type, str)):
        raise TypeError(
            "request must be a NumberPurchase, SipImport or VogentSip (or a NewPhoneNumber "
            f"variant, or an UnknownVariant with a type), got {type(request).__name__}"
        )
    _checks.raise_problems(problems)
    return variant
