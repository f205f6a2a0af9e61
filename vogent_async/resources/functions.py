"""The Functions group: ``client.functions`` (the API has no listing of functions)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from vogent_async._request._paths import path, path_and_problems
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.models._shared import Fields
from vogent_async.models.agents import LifecycleMessages
from vogent_async.models.functions import (
    AllowedNumber,
    APIFunctionInput,
    Function,
    FunctionInput,
    FunctionType,
    FunctionUpdate,
    TransferFunctionInput,
)
from vogent_async.resources._base import Resource

__all__ = ["Functions"]

_FUNCTION = "/functions/{function_id}"
_DECODED: Any = Function  # a union: `Resource._call` decodes it like a class


class Functions(Resource):
    """Create, fetch, change and delete the functions agents can call.

    A function is a `TransferFunction`, an `APIFunction`, or an `UnknownVariant`
    for a kind this version does not know; each kind is created by its own method
    (`create_transfer`, `create_api`). Every method also takes the per-call
    options of `RequestOptions`.
    """

    async def create_transfer(
        self,
        *,
        name: str,
        description: str,
        allowed_numbers: Sequence[AllowedNumber | Fields],
        lifecycle_messages: LifecycleMessages | Fields | None = None,
        allow_any_number: bool | None = None,
        **options: Unpack[RequestOptions],
    ) -> Function:
        """Create a transfer function (``type: transfer``); link it with ``agents.update``.

        Sent once, like every create.

        Args:
            name: The function's name; not empty.
            description: What it does, for the agent to decide when to call it; not empty.
            allowed_numbers: The numbers it may transfer to, E.164.
            lifecycle_messages: Phrases spoken while it runs.
            allow_any_number: Allow any number instead of the list (not recommended).
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new function.

        Raises:
            InvalidRequestError: An argument is invalid (an allowed number not in
                E.164, a blank name); nothing was sent.
        """
        body = TransferFunctionInput(
            name, description, allowed_numbers, lifecycle_messages, allow_any_number
        )
        return await self._create(body, options)

    async def create_api(
        self,
        *,
        name: str,
        description: str,
        lifecycle_messages: LifecycleMessages | Fields | None = None,
        **options: Unpack[RequestOptions],
    ) -> Function:
        """Create an API function (``type: api``), with the fields the API documents.

        Sent once, like every create.

        Args:
            name: The function's name; not empty.
            description: What it does; not empty.
            lifecycle_messages: Phrases spoken while it runs.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new function.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
        """
        return await self._create(APIFunctionInput(name, description, lifecycle_messages), options)

    async def _create(self, variant: object, options: RequestOptions) -> Function:
        body = self._body(variant, as_type=FunctionInput)
        return await self._function(
            "POST", "/functions", json_body=body, idempotent=False, options=options
        )

    async def get(self, function_id: str, **options: Unpack[RequestOptions]) -> Function:
        """Fetch one function.

        Raises:
            InvalidRequestError: ``function_id`` cannot name a function; nothing was sent.
            NotFoundError: No such function.
        """
        where = path(_FUNCTION, function_id=function_id)
        return await self._function("GET", where, options=options)

    async def update(
        self,
        function_id: str,
        *,
        allowed_numbers: Sequence[AllowedNumber | Fields],
        name: str | NotGiven = NOT_GIVEN,
        description: str | NotGiven = NOT_GIVEN,
        type: FunctionType | str | NotGiven = NOT_GIVEN,  # the API's name
        lifecycle_messages: LifecycleMessages | Fields | NotGiven = NOT_GIVEN,
        allow_any_number: bool | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> Function:
        """Change a function (PUT): ``allowed_numbers`` always, the others only if passed.

        The API requires ``allowedNumbers`` on every update (pass ``[]`` for an
        API function).

        Args:
            function_id: The function's id.
            allowed_numbers: The numbers it may transfer to.
            name: A new name.
            description: A new description.
            type: A new kind: a `FunctionType` or its value.
            lifecycle_messages: New phrases spoken while it runs.
            allow_any_number: Allow any number instead of the list.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The function after the change.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such function.
        """
        where, problems = path_and_problems(_FUNCTION, function_id=function_id)
        changes = FunctionUpdate(
            allowed_numbers, name, description, type, lifecycle_messages, allow_any_number
        )
        body = self._body(changes, problems)
        return await self._function("PUT", where, json_body=body, options=options)

    async def delete(self, function_id: str, **options: Unpack[RequestOptions]) -> Function:
        """Delete a function; the API also unlinks it from every agent.

        Deleting the same id again raises `NotFoundError`.

        Returns:
            The function as it was.

        Raises:
            InvalidRequestError: ``function_id`` cannot name a function; nothing was sent.
            NotFoundError: No such function.
        """
        where = path(_FUNCTION, function_id=function_id)
        return await self._function("DELETE", where, options=options)

    async def _function(
        self,
        method: str,
        where: str,
        *,
        options: RequestOptions,
        json_body: Any = None,
        idempotent: bool = True,
    ) -> Function:
        decoded = await self._call(
            method, where, _DECODED, json_body=json_body, idempotent=idempotent, options=options
        )
        return cast(Function, decoded)
