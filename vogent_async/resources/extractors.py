"""The Extractors group: ``client.extractors``; every method takes the agent first."""

from __future__ import annotations

import builtins

import attrs

from vogent_async._request._paths import path, path_and_problems
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.models.extractors import Extractor, ExtractorInput, ExtractorUpdate
from vogent_async.resources._base import Resource

__all__ = ["Extractors"]

_EXTRACTORS = "/agents/{agent_id}/extractors"
_EXTRACTOR = _EXTRACTORS + "/{extractor_id}"


@attrs.frozen
class _Listing:
    extractors: builtins.list[Extractor]


class Extractors(Resource):
    """An agent's extractors: list, create, fetch and change them.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    async def list(
        self, agent_id: str, **options: Unpack[RequestOptions]
    ) -> builtins.list[Extractor]:
        """Every extractor of an agent, in one request.

        This listing is not paginated (the API answers ``{"extractors": [...]}``),
        so it returns a plain list, not an `AsyncPager`.

        Raises:
            InvalidRequestError: ``agent_id`` cannot name an agent; nothing was sent.
            NotFoundError: No such agent.
        """
        where = path(_EXTRACTORS, agent_id=agent_id)
        return (await self._call("GET", where, _Listing, options=options)).extractors

    async def create(
        self,
        agent_id: str,
        *,
        name: str,
        extractor_fields_json_schema: str,
        **options: Unpack[RequestOptions],
    ) -> Extractor:
        """Add an extractor to an agent; sent once, like every create.

        Args:
            agent_id: The agent's id.
            name: The extractor's name; not empty.
            extractor_fields_json_schema: A JSON Schema of the fields to extract, as a
                string (``json.dumps`` it); it must parse as a JSON object.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new extractor.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such agent.
        """
        where, problems = path_and_problems(_EXTRACTORS, agent_id=agent_id)
        body = self._body(ExtractorInput(name, extractor_fields_json_schema), problems)
        return await self._call(
            "POST", where, Extractor, json_body=body, idempotent=False, options=options
        )

    async def get(
        self, agent_id: str, extractor_id: str, **options: Unpack[RequestOptions]
    ) -> Extractor:
        """Fetch one of an agent's extractors.

        Raises:
            InvalidRequestError: An id cannot name a path segment; nothing was sent.
            NotFoundError: No such agent, or no such extractor of it.
        """
        where = path(_EXTRACTOR, agent_id=agent_id, extractor_id=extractor_id)
        return await self._call("GET", where, Extractor, options=options)

    async def update(
        self,
        agent_id: str,
        extractor_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        extractor_fields_json_schema: str | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> Extractor:
        """Change an extractor (PUT): only the arguments passed are sent.

        Args:
            agent_id: The agent's id.
            extractor_id: The extractor's id.
            name: A new name.
            extractor_fields_json_schema: A new JSON Schema, as a string.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The extractor after the change.

        Raises:
            InvalidRequestError: An argument is invalid, or none was given.
            NotFoundError: No such agent, or no such extractor of it.
        """
        where, problems = path_and_problems(
            _EXTRACTOR, agent_id=agent_id, extractor_id=extractor_id
        )
        body = self._body(ExtractorUpdate(name, extractor_fields_json_schema), problems)
        return await self._call("PUT", where, Extractor, json_body=body, options=options)
