"""The Phone Numbers group: ``client.phone_numbers``."""

from __future__ import annotations

import builtins
import warnings
from collections.abc import Callable
from typing import Any

import attrs

from vogent_async._request._paths import path, path_and_problems
from vogent_async._request._validation import check
from vogent_async._transport._options import RequestOptions, Unpack
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
    _AgentLink,
    _NumberSearch,
)
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

__all__ = ["PhoneNumbers"]

_NUMBER = "/phone_numbers/{number_id}"


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

    async def create_purchase(
        self, *, number: str, **options: Unpack[RequestOptions]
    ) -> PhoneNumber:
        """Buy a number that `search` found (``type: purchase``); it costs money.

        Like every create this is sent once: retried only on a 429 or a
        connection refused before sending.

        Args:
            number: The number, E.164, as the search returned it.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new number.

        Raises:
            InvalidRequestError: ``number`` is not E.164; nothing was sent.
        """
        return await self._create(PurchaseNewNumber, NumberPurchase(number), options)

    async def create_sip_import(
        self,
        *,
        phone_number: str,
        termination_uri: str,
        username: str,
        password: str,
        **options: Unpack[RequestOptions],
    ) -> PhoneNumber:
        """Import a number you route over your own SIP trunk (``type: sip_import``).

        Sent once, like every create.

        Args:
            phone_number: The number, E.164.
            termination_uri: Your trunk's SIP termination URI.
            username: The trunk's username.
            password: The trunk's password (never shown in a message).
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new number.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
        """
        details = SipImport(phone_number, termination_uri, username, password)
        return await self._create(SipImportNewNumber, details, options)

    async def create_vogent_sip(
        self,
        *,
        sip_prefix: str,
        username: str,
        password: str,
        **options: Unpack[RequestOptions],
    ) -> PhoneNumber:
        """Create a SIP username hosted by Vogent (``type: vogent_sip``).

        Sent once, like every create.

        Args:
            sip_prefix: The prefix of the SIP address.
            username: At least 5 characters.
            password: At least 5 characters (never shown in a message).
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new number.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
        """
        details = VogentSip(sip_prefix, username, password)
        return await self._create(VogentSipNewNumber, details, options)

    async def _create(
        self, variant: Callable[[Any], object], details: object, options: RequestOptions
    ) -> PhoneNumber:
        """Send ``details`` (checked, so that problems name the arguments) as its variant."""
        body = self._body(variant(check(details)), as_type=NewPhoneNumber)
        return await self._call(
            "POST", "/phone_numbers", PhoneNumber, json_body=body, idempotent=False, options=options
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
        where, problems = path_and_problems(_NUMBER, number_id=number_id)
        link = check(_AgentLink(agent_id), problems)
        body = self._converter.unstructure(attrs.evolve(link, agent_id=link.agent_id or ""))
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
        """Find numbers for sale; buy one with ``create_purchase(number=found.number)``.

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
        body = self._body(_NumberSearch(prefix, country, limit))
        return await self._call_list(
            "POST", "/phone_numbers/search", AvailableNumber, json_body=body, options=options
        )

    async def purchase(self, number: str, **options: Unpack[RequestOptions]) -> PhoneNumber:
        """Deprecated by Vogent: buy a number with ``create_purchase(number=number)``.

        Still works (``POST /phone_numbers/purchase``), with a `DeprecationWarning`.
        Sent once, like `create`.

        Raises:
            InvalidRequestError: ``number`` is not an E.164 number; nothing was sent.
        """
        warnings.warn(
            "PhoneNumbers.purchase() uses an endpoint Vogent deprecated: "
            "call client.phone_numbers.create_purchase(number=number) instead",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self._call(
            "POST",
            "/phone_numbers/purchase",
            PhoneNumber,
            json_body=self._body(NumberPurchase(number)),
            idempotent=False,
            options=options,
        )
