"""The Agents group: ``client.agents``."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

from vogent_async._request._paths import path, path_and_problems
from vogent_async._sentinel import NOT_GIVEN, NotGiven
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.errors import NotFoundError
from vogent_async.models import (
    Agent,
    AgentInput,
    AgentUpdate,
    BackgroundNoiseType,
    EndpointDetectorConfig,
    ExtractorInput,
    IdleMessageConfig,
    IvrConfiguration,
    LinkedFunctionDefinition,
    OpeningLine,
    OptionValue,
    SilenceHangupConfiguration,
    TranscriberParams,
    UtteranceDetectorConfig,
    VersionedPromptInput,
)
from vogent_async.models._shared import Fields
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

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

    async def create(
        self,
        *,
        name: str,
        default_voice_id: str,
        default_versioned_prompt: VersionedPromptInput | Fields,
        default_extractor: ExtractorInput | Fields | None = None,
        inbound_webhook_response: bool | None = None,
        inbound_webhook_url: str | None = None,
        max_duration_seconds: int | None = None,
        opening_line: OpeningLine | Fields | None = None,
        voice_volume_level: int | None = None,
        background_noise_type: BackgroundNoiseType | str | None = None,
        linked_function_definition_ids: Sequence[str] | None = None,
        linked_function_definition_inputs: Sequence[LinkedFunctionDefinition | Fields]
        | None = None,
        metadata: dict[str, Any] | None = None,
        transcriber_params: TranscriberParams | Fields | None = None,
        idle_message_config: IdleMessageConfig | Fields | None = None,
        utterance_detector_config: UtteranceDetectorConfig | Fields | None = None,
        endpoint_detector_config: EndpointDetectorConfig | Fields | None = None,
        ivr_configuration: IvrConfiguration | Fields | None = None,
        language: str | None = None,
        fill_empty_string_variables: bool | None = None,
        silence_hangup_configuration: SilenceHangupConfiguration | Fields | None = None,
        voice_option_values: Sequence[OptionValue | Fields] | None = None,
        **options: Unpack[RequestOptions],
    ) -> Agent:
        """Create an agent, with its first versioned prompt (and extractor, if given).

        Like every create, this is sent once: retried only when the server
        certainly did not act (a 429, or a connection refused before sending).
        Arguments left at ``None`` are not sent (the server's defaults apply).
        Where a model is expected, a mapping of its fields is accepted too.

        Args:
            name: The agent's name; not empty.
            default_voice_id: Its voice (see ``client.voices.list``).
            default_versioned_prompt: Its first prompt, created with it.
            default_extractor: An extractor created with it.
            inbound_webhook_response: Whether inbound calls wait for your webhook's answer.
            inbound_webhook_url: Where that webhook is.
            max_duration_seconds: The longest call, in seconds (server default 10800).
            opening_line: What it says first; none without one.
            voice_volume_level: Roughly -300 (quiet) to 300 (loud); server default -100.
            background_noise_type: The background audio (server default ``office``).
            linked_function_definition_ids: Functions it may call (deprecated by the API
                in favour of ``linked_function_definition_inputs``).
            linked_function_definition_inputs: Functions it may call, with phrases.
            metadata: Your own data, kept with the agent.
            transcriber_params: Speech-to-text settings.
            idle_message_config: What it says when the caller goes quiet.
            utterance_detector_config: When an utterance counts as finished.
            endpoint_detector_config: How the end of a turn is detected.
            ivr_configuration: Phone-menu detection and navigation.
            language: Its language (server default ``en``).
            fill_empty_string_variables: Fill prompt variables not given with ``""``.
            silence_hangup_configuration: Whether a long silence ends the call.
            voice_option_values: Settings of its voice.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The new agent; ``default_versioned_prompt_id`` names its prompt.

        Raises:
            InvalidRequestError: An argument is invalid (each named by its path, such as
                ``default_versioned_prompt.name``); nothing was sent.
        """
        body = self._body_of(AgentInput, locals())
        return await self._call(
            "POST", "/agents", Agent, json_body=body, idempotent=False, options=options
        )

    async def update(
        self,
        agent_id: str,
        *,
        name: str | NotGiven = NOT_GIVEN,
        default_voice_id: str | NotGiven = NOT_GIVEN,
        default_versioned_prompt_id: str | NotGiven = NOT_GIVEN,
        call_agent_extractor_id: str | NotGiven = NOT_GIVEN,
        inbound_webhook_response: bool | NotGiven = NOT_GIVEN,
        inbound_webhook_url: str | NotGiven = NOT_GIVEN,
        max_duration_seconds: int | NotGiven = NOT_GIVEN,
        metadata: dict[str, Any] | NotGiven = NOT_GIVEN,
        opening_line: OpeningLine | Fields | NotGiven | None = NOT_GIVEN,
        voice_volume_level: int | NotGiven = NOT_GIVEN,
        background_noise_type: BackgroundNoiseType | str | NotGiven = NOT_GIVEN,
        linked_function_definition_ids: Sequence[str] | NotGiven = NOT_GIVEN,
        linked_function_definition_inputs: Sequence[LinkedFunctionDefinition | Fields]
        | NotGiven = NOT_GIVEN,
        transcriber_params: TranscriberParams | Fields | NotGiven | None = NOT_GIVEN,
        idle_message_config: IdleMessageConfig | Fields | NotGiven = NOT_GIVEN,
        utterance_detector_config: UtteranceDetectorConfig | Fields | NotGiven = NOT_GIVEN,
        endpoint_detector_config: EndpointDetectorConfig | Fields | NotGiven | None = NOT_GIVEN,
        ivr_configuration: IvrConfiguration | Fields | NotGiven | None = NOT_GIVEN,
        language: str | NotGiven = NOT_GIVEN,
        fill_empty_string_variables: bool | NotGiven | None = NOT_GIVEN,
        silence_hangup_configuration: SilenceHangupConfiguration | Fields | NotGiven = NOT_GIVEN,
        voice_option_values: Sequence[OptionValue | Fields] | NotGiven = NOT_GIVEN,
        **options: Unpack[RequestOptions],
    ) -> Agent:
        """Change an agent (PUT): only the arguments passed are sent.

        ``client.agents.update(agent_id, name="New name")`` sends exactly
        ``{"name": "New name"}``; ``None`` (where allowed) is sent as ``null``.

        Args:
            agent_id: The agent's id.
            name: A new name.
            default_voice_id: A new voice.
            default_versioned_prompt_id: Another of its versioned prompts.
            call_agent_extractor_id: Another of its extractors; ``""`` disables extraction.
            inbound_webhook_response: Whether inbound calls wait for your webhook's answer.
            inbound_webhook_url: Where that webhook is.
            max_duration_seconds: The longest call, in seconds.
            metadata: Your own data (replaces what was kept).
            opening_line: What it says first; ``None`` for none.
            voice_volume_level: Roughly -300 (quiet) to 300 (loud).
            background_noise_type: The background audio.
            linked_function_definition_ids: Functions it may call (deprecated by the API).
            linked_function_definition_inputs: Functions it may call, with phrases.
            transcriber_params: Speech-to-text settings, or ``None``.
            idle_message_config: What it says when the caller goes quiet.
            utterance_detector_config: When an utterance counts as finished.
            endpoint_detector_config: How the end of a turn is detected, or ``None``.
            ivr_configuration: Phone-menu detection and navigation, or ``None``.
            language: Its language.
            fill_empty_string_variables: Fill prompt variables not given with ``""``.
            silence_hangup_configuration: Whether a long silence ends the call.
            voice_option_values: Settings of its voice.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The agent after the change.

        Raises:
            InvalidRequestError: An argument is invalid, or none was given (nothing to
                change); nothing was sent.
            NotFoundError: No such agent.
            UnprocessableEntityError: A prompt or extractor id is not the agent's.
        """
        where, problems = path_and_problems(_AGENT, agent_id=agent_id)
        body = self._body_of(AgentUpdate, locals(), problems)
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
