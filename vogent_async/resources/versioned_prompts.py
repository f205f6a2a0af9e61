"""The Versioned Prompts group: ``client.versioned_prompts``; every method takes the agent first."""

from __future__ import annotations

from collections.abc import Sequence

from vogent_async._request._paths import path, path_and_problems
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.models._shared import Fields
from vogent_async.models.agents import OptionValue
from vogent_async.models.versioned_prompts import (
    AgentType,
    FlowDefinition,
    VersionedPrompt,
    VersionedPromptInput,
    VersionedPromptUpdate,
)
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

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
        self,
        agent_id: str,
        *,
        ai_model_id: str,
        agent_type: AgentType | str,
        name: str,
        prompt: str | None = None,
        flow_definition: FlowDefinition | Fields | None = None,
        model_option_values: Sequence[OptionValue | Fields] | None = None,
        **options: Unpack[RequestOptions],
    ) -> VersionedPrompt:
        """Add a prompt to an agent (make it the default with ``agents.update``).

        Sent once, like every create. Arguments left at ``None`` are not sent.

        Args:
            agent_id: The agent's id.
            ai_model_id: The language model (see `Model`).
            agent_type: ``STANDARD`` (a prompt) or ``CUSTOM_FLOW`` (a flow).
            name: The prompt's name; not empty.
            prompt: The prompt text, for ``STANDARD`` prompts.
            flow_definition: The flow, for ``CUSTOM_FLOW`` prompts.
            model_option_values: Settings of the model.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new prompt.

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
            NotFoundError: No such agent.
        """
        where, problems = path_and_problems(_PROMPTS, agent_id=agent_id)
        body = self._body_of(VersionedPromptInput, locals(), problems)
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
        *,
        ai_model_id: str | NotGiven = NOT_GIVEN,
        agent_type: AgentType | str | NotGiven = NOT_GIVEN,
        prompt: str | NotGiven = NOT_GIVEN,
        flow_definition: FlowDefinition | Fields | NotGiven = NOT_GIVEN,
        name: str | NotGiven = NOT_GIVEN,
        model_option_values: Sequence[OptionValue | Fields] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> VersionedPrompt:
        """Change a prompt (PUT): only the arguments passed are sent.

        Args:
            agent_id: The agent's id.
            prompt_id: The prompt's id.
            ai_model_id: A new language model.
            agent_type: A new agent type.
            prompt: New prompt text.
            flow_definition: A new flow.
            name: A new name.
            model_option_values: New model settings.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The prompt after the change.

        Raises:
            InvalidRequestError: An argument is invalid, or none was given.
            NotFoundError: No such agent, or no such prompt of it.
        """
        where, problems = path_and_problems(_PROMPT, agent_id=agent_id, prompt_id=prompt_id)
        body = self._body_of(VersionedPromptUpdate, locals(), problems)
        return await self._call("PUT", where, VersionedPrompt, json_body=body, options=options)
