"""The Evals group: ``client.evals`` — eval configs, their records and their runs.

The API documents this group in part (see the design page); the methods cover
the nine operations it documents.
"""

from __future__ import annotations

import attrs

from vogent_async._request._paths import path, path_and_problems
from vogent_async._transport._options import RequestOptions, Unpack
from vogent_async.models.evals import (
    EvalConfig,
    EvalRecord,
    EvalRecordType,
    EvalRun,
    _ConfigBody,
    _RecordBody,
)
from vogent_async.resources._base import ListOptions, Resource
from vogent_async.resources._pagination import AsyncPager

__all__ = ["Evals"]

_CONFIG = "/eval_configs/{config_id}"
_RECORD = "/eval_configs/{config_id}/records/{record_id}"
_RUN = "/eval_runs/{run_id}"


@attrs.frozen
class _Deleted:
    id: str


class Evals(Resource):
    """Eval configs, the records (test cases) in them, and their runs.

    Every method also takes the per-call options of `RequestOptions`
    (``timeout``, ``max_retries``, ``total_timeout``, ``extra_headers``); a
    listing applies them to each page request.
    """

    def list_configs(self, **options: Unpack[ListOptions]) -> AsyncPager[EvalConfig]:
        """List the workspace's eval configs, lazily (100 a page by default).

        Args:
            **options: Paging and per-call options (`ListOptions`).
        """
        return self._pager("/eval_configs", EvalConfig, options=options)

    async def create_config(
        self, *, name: str, prompt_snippet: str | None = None, **options: Unpack[RequestOptions]
    ) -> EvalConfig:
        """Create an eval config. Sent once: retried only where the server did not act.

        Args:
            name: The config's name.
            prompt_snippet: The judging instructions.
            **options: Per-call options (`RequestOptions`).

        Raises:
            InvalidRequestError: An argument is invalid; nothing was sent.
        """
        body = self._body(_ConfigBody(name, prompt_snippet))
        return await self._call(
            "POST", "/eval_configs", EvalConfig, json_body=body, idempotent=False, options=options
        )

    def list_records(
        self, config_id: str, **options: Unpack[ListOptions]
    ) -> AsyncPager[EvalRecord]:
        """List a config's records, lazily (100 a page by default).

        Raises:
            InvalidRequestError: ``config_id`` cannot name a config, raised at once.
        """
        where = path(_CONFIG + "/records", config_id=config_id)
        return self._pager(where, EvalRecord, options=options)

    async def create_record(
        self,
        config_id: str,
        *,
        record_type: EvalRecordType | str,
        dial_id: str | None = None,
        system_prompt: str | None = None,
        name: str | None = None,
        description: str | None = None,
        max_turns: int | None = None,
        agent_inputs: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> EvalRecord:
        """Add a record: a dial to replay (``DIAL``) or a simulated caller (``PROMPT``).

        Args:
            config_id: The config's id.
            record_type: `EvalRecordType` or its value, any case.
            dial_id: The dial to replay; required for ``DIAL``.
            system_prompt: The simulated caller's instructions; required for ``PROMPT``.
            name: The record's name.
            description: Its description.
            max_turns: The most turns of a simulated conversation, at least 1.
            agent_inputs: The agent's prompt variables, as the API's string.
            **options: Per-call options (`RequestOptions`).

        Raises:
            InvalidRequestError: An argument is invalid; every problem is listed and
                nothing was sent.
        """
        where, problems = path_and_problems(_CONFIG + "/records", config_id=config_id)
        record = _RecordBody(
            record_type, dial_id, name, description, system_prompt, max_turns, agent_inputs
        )
        body = self._body(record, problems)
        return await self._call(
            "POST",
            where,
            EvalRecord,
            json_body=body,
            idempotent=False,
            options=options,
        )

    async def get_record(
        self, config_id: str, record_id: str, **options: Unpack[RequestOptions]
    ) -> EvalRecord:
        """Fetch one record of a config.

        Raises:
            InvalidRequestError: An id cannot name a config or record; nothing was sent.
            NotFoundError: No such record in that config.
        """
        where = path(_RECORD, config_id=config_id, record_id=record_id)
        return await self._call("GET", where, EvalRecord, options=options)

    async def delete_record(
        self, config_id: str, record_id: str, **options: Unpack[RequestOptions]
    ) -> str:
        """Delete a record of a config; returns the deleted record's id.

        Raises:
            InvalidRequestError: An id cannot name a config or record; nothing was sent.
            NotFoundError: No such record in that config.
        """
        where = path(_RECORD, config_id=config_id, record_id=record_id)
        return (await self._call("DELETE", where, _Deleted, options=options)).id

    def list_runs(self, config_id: str, **options: Unpack[ListOptions]) -> AsyncPager[EvalRun]:
        """List a config's runs, lazily (100 a page by default).

        Raises:
            InvalidRequestError: ``config_id`` cannot name a config, raised at once.
        """
        where = path(_CONFIG + "/runs", config_id=config_id)
        return self._pager(where, EvalRun, options=options)

    async def get_run(self, run_id: str, **options: Unpack[RequestOptions]) -> EvalRun:
        """Fetch one run, with its pass and fail counts.

        Raises:
            InvalidRequestError: ``run_id`` cannot name a run; nothing was sent.
            NotFoundError: No such run.
        """
        return await self._call("GET", path(_RUN, run_id=run_id), EvalRun, options=options)

    async def cancel_run(self, run_id: str, **options: Unpack[RequestOptions]) -> EvalRun:
        """Cancel a pending or running run (its status becomes ``CANCELLED``).

        The API does not show this response; it is read as the run.

        Raises:
            InvalidRequestError: ``run_id`` cannot name a run; nothing was sent.
            NotFoundError: No such run.
        """
        where = path(_RUN + "/cancel", run_id=run_id)
        return await self._call("POST", where, EvalRun, options=options)
