"""The Functions group: ``client.functions`` (the API has no listing of functions)."""

from __future__ import annotations

from typing import Any, cast

from vogent_async._checks import path
from vogent_async._options import RequestOptions, Unpack
from vogent_async.models.functions import (
    Function,
    FunctionInput,
    FunctionUpdate,
)
from vogent_async.resources._base import Resource
from vogent_async.resources._bodies import checked_body

__all__ = ["Functions"]

_FUNCTION = "/functions/{function_id}"
_DECODED: Any = Function  # a union: `Resource._call` decodes it like a class


class Functions(Resource):
    """Create, fetch, change and delete the functions agents can call.

    A function is a `TransferFunction`, an `APIFunction`, or an `UnknownVariant`
    for a kind this version does not know. Every method also takes the per-call
    options of `RequestOptions`.
    """

    async def create(self, function: FunctionInput, **options: Unpack[RequestOptions]) -> Function:
        """Create a function; link it to an agent with ``agents.update``.

        The ``type`` tag is written from the class passed; an `UnknownVariant` is
        sent as its raw object. Sent once, like every create.

        Args:
            function: A `TransferFunctionInput`, an `APIFunctionInput`, or an
                `UnknownVariant` holding a body this version does not model.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new function.

        Raises:
            TypeError: ``function`` is none of those classes.
            InvalidRequestError: A field is invalid (an allowed number not in E.164,
                a blank name); nothing was sent.
        """
        body = checked_body(self._converter, "function", function, FunctionInput)
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
        self, function_id: str, changes: FunctionUpdate, **options: Unpack[RequestOptions]
    ) -> Function:
        """Change a function (PUT): ``allowed_numbers`` always, other fields only if set.

        Args:
            function_id: The function's id.
            changes: What to change; fields left at `NOT_GIVEN` are not sent.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The function after the change.

        Raises:
            TypeError: ``changes`` is not a `FunctionUpdate`.
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such function.
        """
        where = path(_FUNCTION, function_id=function_id)
        body = checked_body(self._converter, "changes", changes, FunctionUpdate)
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
