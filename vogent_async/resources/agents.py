"""The Agents group: ``client.agents``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from vogent_async._checks import path
from vogent_async._options import RequestOptions, Unpack
from vogent_async._pagination import AsyncPager
from vogent_async.errors import NotFoundError
from vogent_async.models.agent_inputs import AgentInput, AgentUpdate
from vogent_async.models.agents import Agent
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._bodies import checked_body

__all__ = ["Agents"]

_AGENT = "/agents/{agent_id}"


class Agents(Resource):
    """List, create, change and delete the workspace's call agents.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    def list(
        self,
        **options: Unpack[ListOptions],
    ) -> AsyncPager[Agent]:
        """List the workspace's agents, lazily, page by page (100 a page by default).

        Args:
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `Agent`.
        """
        return self._listing(None, **options)

    def _listing(
        self, keep: Callable[[Any], bool] | None, **options: Unpack[ListOptions]
    ) -> AsyncPager[Agent]:
        return self._pager("/agents", Agent, options=options, keep=keep)

    async def get(self, agent_id: str, **options: Unpack[RequestOptions]) -> Agent:
        """Find one agent by walking the listing (the API has no ``GET /agents/{id}``).

        Pages of 100 are read until the agent is found, so this costs one request
        per 100 agents before it. To look up many agents, walk `list` once instead.

        Args:
            agent_id: The agent's id.
            **options: Per-call options (`RequestOptions`) of each page request.

        Returns:
            The agent.

        Raises:
            InvalidRequestError: ``agent_id`` cannot name an agent; nothing was sent.
            NotFoundError: No agent of the listing has this id (``status_code`` 404,
                although every page request succeeded).
        """
        path(_AGENT, agent_id=agent_id)  # the same door check as the other methods
        listing = self._listing(_has_id(agent_id), page_size=100, **options)
        async with contextlib.aclosing(listing.pages()) as pages:  # closed here, not by GC
            async for page in pages:  # only the agent with this id was decoded
                if page.items:
                    return page.items[0]
        raise NotFoundError(
            f"GET /agents: no agent with id {agent_id!r} in the listing",
            method="GET",
            path="/agents",
            status_code=404,
            body=None,
            headers={},
        )

    async def create(self, agent: AgentInput, **options: Unpack[RequestOptions]) -> Agent:
        """Create an agent, with its first versioned prompt (and extractor, if given).

        Like every create, this is sent once: retried only when the server
        certainly did not act (a 429, or a connection refused before sending).

        Args:
            agent: The new agent; fields left at ``None`` take the server's defaults.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new agent; ``default_versioned_prompt_id`` names its prompt.

        Raises:
            TypeError: ``agent`` is not an `AgentInput`.
            InvalidRequestError: A field is invalid (each named by its path, such as
                ``agent.defaultVersionedPrompt.name``); nothing was sent.
        """
        body = checked_body(self._converter, "agent", agent, AgentInput)
        return await self._call(
            "POST", "/agents", Agent, json_body=body, idempotent=False, options=options
        )

    async def update(
        self, agent_id: str, changes: AgentUpdate, **options: Unpack[RequestOptions]
    ) -> Agent:
        """Change an agent: only the fields set on ``changes`` are sent (PUT).

        Args:
            agent_id: The agent's id.
            changes: What to change; fields left at `NOT_GIVEN` are not sent.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The agent after the change.

        Raises:
            TypeError: ``changes`` is not an `AgentUpdate`.
            InvalidRequestError: An argument is invalid, or ``changes`` sets nothing;
                nothing was sent.
            NotFoundError: No such agent.
            UnprocessableEntityError: A prompt or extractor id is not the agent's.
        """
        where = path(_AGENT, agent_id=agent_id)
        body = checked_body(self._converter, "changes", changes, AgentUpdate)
        return await self._call("PUT", where, Agent, json_body=body, options=options)

    async def delete(self, agent_id: str, **options: Unpack[RequestOptions]) -> Agent:
        """Delete an agent, for good, with its versioned prompts and extractors.

        Deleting the same id again raises `NotFoundError`; so may a retry of
        this call if the first attempt's answer was lost (the agent is gone).

        Args:
            agent_id: The agent's id.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The agent as it was.

        Raises:
            InvalidRequestError: ``agent_id`` cannot name an agent; nothing was sent.
            NotFoundError: No such agent.
        """
        where = path(_AGENT, agent_id=agent_id)
        return await self._call("DELETE", where, Agent, options=options)


def _has_id(agent_id: str) -> Callable[[Any], bool]:
    def has(item: Any) -> bool:
        return type(item) is dict and item.get("id") == agent_id

    return has
