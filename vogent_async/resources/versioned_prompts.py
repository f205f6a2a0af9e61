"""The Versioned Prompts group: ``client.versioned_prompts``; every method takes the agent first."""

from __future__ import annotations

from vogent_async._checks import path
from vogent_async._options import RequestOptions, Unpack
from vogent_async._pagination import AsyncPager
from vogent_async.models.versioned_prompts import (
    VersionedPrompt,
    VersionedPromptInput,
    VersionedPromptUpdate,
)
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._bodies import checked_body

__all__ = ["VersionedPrompts"]

_PROMPTS = "/agents/{agent_id}/versioned_prompts"
_PROMPT = _PROMPTS + "/{prompt_id}"


class VersionedPrompts(Resource):
    """An agent's versioned prompts: list, create, fetch and change them.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    def list(
        self,
        agent_id: str,
        **options: Unpack[ListOptions],
    ) -> AsyncPager[VersionedPrompt]:
        """List an agent's prompts, lazily, page by page (100 a page by default).

        Args:
            agent_id: The agent's id.
            **options: Paging and per-call options (`ListOptions`).

        Returns:
            An `AsyncPager` of `VersionedPrompt`.

        Raises:
            InvalidRequestError: ``agent_id`` cannot name an agent, raised at once.
        """
        return self._pager(
            path(_PROMPTS, agent_id=agent_id),
            VersionedPrompt,
            options=options,
        )

    async def create(
        self, agent_id: str, prompt: VersionedPromptInput, **options: Unpack[RequestOptions]
    ) -> VersionedPrompt:
        """Add a prompt to an agent (make it the default with ``agents.update``).

        Sent once, like every create.

        Args:
            agent_id: The agent's id.
            prompt: The new prompt.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new prompt.

        Raises:
            TypeError: ``prompt`` is not a `VersionedPromptInput`.
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such agent.
        """
        where = path(_PROMPTS, agent_id=agent_id)
        body = checked_body(self._converter, "prompt", prompt, VersionedPromptInput)
        return await self._call(
            "POST", where, VersionedPrompt, json_body=body, idempotent=False, options=options
        )

    async def get(
        self, agent_id: str, prompt_id: str, **options: Unpack[RequestOptions]
    ) -> VersionedPrompt:
        """Fetch one of an agent's prompts.

        Raises:
            InvalidRequestError: An id cannot name a path segment; nothing was sent.
            NotFoundError: No such agent, or no such prompt of it.
        """
        where = path(_PROMPT, agent_id=agent_id, prompt_id=prompt_id)
        return await self._call("GET", where, VersionedPrompt, options=options)

    async def update(
        self,
        agent_id: str,
        prompt_id: str,
        changes: VersionedPromptUpdate,
        **options: Unpack[RequestOptions],
    ) -> VersionedPrompt:
        """Change a prompt: only the fields set on ``changes`` are sent (PUT).

        Args:
            agent_id: The agent's id.
            prompt_id: The prompt's id.
            changes: What to change; fields left at `NOT_GIVEN` are not sent.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The prompt after the change.

        Raises:
            TypeError: ``changes`` is not a `VersionedPromptUpdate`.
            InvalidRequestError: An argument is invalid, or ``changes`` sets nothing.
            NotFoundError: No such agent, or no such prompt of it.
        """
        where = path(_PROMPT, agent_id=agent_id, prompt_id=prompt_id)
        body = checked_body(self._converter, "changes", changes, VersionedPromptUpdate)
        return await self._call("PUT", where, VersionedPrompt, json_body=body, options=options)
