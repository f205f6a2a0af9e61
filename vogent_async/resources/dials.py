"""The Dials group: ``client.dials`` — one call at a time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from vogent_async._request._paths import path
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.errors import ConflictError
from vogent_async.models._shared import Fields
from vogent_async.models.agents import OptionValue
from vogent_async.models.dials import Dial, DialSession, DialStatus, _CreateDialBody
from vogent_async.resources._base import Resource
from vogent_async.resources._dial_request import check_until, conflict
from vogent_async.resources._polling import check_intervals, poll_until

__all__ = ["Dials"]

_DIAL = "/dials/{dial_id}"


@attrs.frozen
class _Hangup:
    success: bool


@attrs.frozen
class _Token:
    dial_token: str = attrs.field(repr=False)


class Dials(Resource):
    """Place a single call (or a browser call), follow it, and hang it up.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``).
    """

    async def create(
        self,
        *,
        call_agent_id: str,
        to_number: str | None = None,
        from_number_id: str | None = None,
        from_number_pool_id: str | None = None,
        browser_call: bool | None = None,
        webhook_url: str | None = None,
        call_agent_input: Mapping[str, str] | None = None,
        ai_voice_id: str | None = None,
        voice_option_values: Sequence[OptionValue | Fields] | None = None,
        voice_volume_level: int | None = None,
        versioned_model_id: str | None = None,
        ivr_versioned_prompt_id: str | None = None,
        override_transcriber_final_duration_ms: int | None = None,
        timeout_minutes: int | None = None,
        call_agent_extractor_id: str | None = None,
        agent_overrides: Mapping[str, Any] | None = None,
        keywords: Sequence[str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> DialSession:
        """Start a call: a phone dial to ``to_number``, or a browser call.

        Creating is not idempotent: each request the server receives may place a
        call. Like `BatchDialJobs.create`, it is retried only when the server
        certainly did not act (a 429, or a connection refused before sending),
        never after a timeout, a dropped connection or a 5xx. After such a
        failure, the call may be under way: look for it (your webhook, or the
        dashboard) before calling again.

        The API answers 409 when the idempotency key of a request is already in
        use; that is raised as `DialConflictError`, with the existing dial's id
        when the body names it. The API does not document how the key is sent,
        so the client sends none itself: pass the header your account uses in
        ``extra_headers``.

        Args:
            call_agent_id: The agent that makes the call.
            to_number: The number to call, E.164; required for a phone dial.
            from_number_id: The caller number's id (see `PhoneNumbers`); a phone
                dial needs it or ``from_number_pool_id``.
            from_number_pool_id: A pool of caller numbers to call from.
            browser_call: ``True`` for a browser (web) call: no number is dialled,
                and the returned token connects the browser.
            webhook_url: Where this dial's webhooks go.
            call_agent_input: Values of the prompt's variables, strings to strings.
            ai_voice_id: Voice to use instead of the agent's.
            voice_option_values: Settings of that voice.
            voice_volume_level: -300 (quiet) to 300 (loud).
            versioned_model_id: Prompt version to use instead of the agent's default.
            ivr_versioned_prompt_id: Prompt version for the IVR part of the call.
            override_transcriber_final_duration_ms: Milliseconds after an utterance
                before inference runs regardless of the transcript's state.
            timeout_minutes: Call time limit, at least 1; none when left out.
            call_agent_extractor_id: Extractor to use instead of the agent's.
            agent_overrides: Per-call agent settings (alpha in the API), as its JSON.
            keywords: Words the transcriber should listen for.
            **options: Per-call options (`RequestOptions`); ``max_retries`` is used
                only where safe, see above.

        Returns:
            The `DialSession`: ``dial_id``, ``session_id`` and the dial-scoped token.

        Raises:
            InvalidRequestError: An argument is invalid; every problem is listed
                and nothing was sent.
            DialConflictError: The idempotency key is in use (409).
            APIStatusError: The API rejected the request.
            APIConnectionError: No usable response; the call may be under way.
        """
        json_body = self._body_of(_CreateDialBody, locals())
        try:
            return await self._call(
                "POST",
                "/dials",
                DialSession,
                json_body=json_body,
                idempotent=False,
                options=options,
            )
        except ConflictError as exc:
            raise conflict(exc) from None

    async def get(self, dial_id: str, **options: Unpack[RequestOptions]) -> Dial:
        """Fetch one dial: its status, and once it has ended its transcript and result.

        Args:
            dial_id: The dial's id.
            **options: Per-call options (`RequestOptions`).

        Raises:
            InvalidRequestError: ``dial_id`` cannot name a dial; nothing was sent.
            NotFoundError: No such dial.
        """
        return await self._call("GET", path(_DIAL, dial_id=dial_id), Dial, options=options)

    async def hangup(self, dial_id: str, **options: Unpack[RequestOptions]) -> bool:
        """End a dial in progress.

        Args:
            dial_id: The dial's id.
            **options: Per-call options (`RequestOptions`).

        Returns:
            The API's ``success``: whether the dial was hung up.

        Raises:
            InvalidRequestError: ``dial_id`` cannot name a dial; nothing was sent.
            NotFoundError: No such dial.
        """
        where = path(_DIAL + "/hangup", dial_id=dial_id)
        return (await self._call("POST", where, _Hangup, options=options)).success

    async def token(self, dial_id: str, **options: Unpack[RequestOptions]) -> str:
        """Issue a new dial-scoped token for an existing dial (for a browser client).

        The token is a credential for this dial: keep it out of logs.

        Args:
            dial_id: The dial's id.
            **options: Per-call options (`RequestOptions`).

        Raises:
            InvalidRequestError: ``dial_id`` cannot name a dial; nothing was sent.
            NotFoundError: No such dial.
        """
        where = path(_DIAL + "/token", dial_id=dial_id)
        return (await self._call("POST", where, _Token, options=options)).dial_token

    async def wait(
        self,
        dial_id: str,
        *,
        until: Iterable[DialStatus | str] | None = None,
        poll: float = 2.0,
        max_poll: float = 30.0,
        timeout: float | None = 3600.0,
    ) -> Dial:
        """Poll a dial until its status is one of ``until``; for scripts without webhooks.

        The first fetch is immediate; then the client sleeps ``poll`` seconds,
        half as long again after each fetch, up to ``max_poll``. Cancelling the
        task stops the wait at once. Each fetch is a `get`, retried as usual,
        with the client's settings (use `Client.with_options` to change them)
        and a ``total_timeout`` cut to what is left of ``timeout``; the last
        sleep is cut to end at the deadline, and the look taken then is bounded
        by the client's own timeouts only.

        Args:
            dial_id: The dial's id.
            until: Statuses that end the wait (`DialStatus` members or their
                strings, any case); by default every final status
                (`FINAL_DIAL_STATUSES`).
            poll: Seconds before the second fetch, above 0.
            max_poll: The longest sleep between fetches, at least ``poll``.
            timeout: Seconds the whole wait may take, above 0; ``None`` for no
                deadline.

        Returns:
            The dial, in one of the ``until`` statuses.

        Raises:
            InvalidRequestError: ``dial_id`` or ``until`` is invalid; nothing was sent.
            TypeError: ``until`` is a single string, or a timing is not a number.
            ValueError: A timing is not above 0, or ``max_poll`` < ``poll``.
            WaitTimeoutError: ``timeout`` passed first (between fetches, or during
                one that timed out); its ``last`` is the dial as last fetched
                (``None`` when no fetch came back).
            APITimeoutError: A fetch timed out before ``timeout`` passed.
        """
        where = path(_DIAL, dial_id=dial_id)
        statuses = check_until(until)
        first, longest, deadline = check_intervals(poll, max_poll, timeout)

        own = self._transport.config.total_timeout

        async def fetch(left: float | None) -> Dial:
            cut = left is not None and (own is None or own > left)
            bounded: RequestOptions = {"total_timeout": left} if cut else {}
            return await self._call("GET", where, Dial, options=bounded)

        return await poll_until(
            fetch,
            lambda dial: dial.status is not None and dial.status.casefold() in statuses,
            interval=first,
            max_interval=longest,
            timeout=deadline,
            what=f"waiting for dial {dial_id!r} to reach {', '.join(sorted(statuses))}",
        )
