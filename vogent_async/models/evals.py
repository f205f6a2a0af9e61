"""Models of the Evals group: eval configs, their records and their runs.

The API documents this group only in part (see the design page): the models
decode the fields it documents, a status it does not list arrives as the raw
string, and every field it does not document is kept, as sent, in ``extra``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

import attrs

from vogent_async.models._rules import TEXT, ObjectChecks, checks, integer, one_of
from vogent_async.models._shared import KEEP_EXTRA, StrEnum, canonical
from vogent_async.models._wire import WireModel

__all__ = [
    "EvalConfig",
    "EvalRecord",
    "EvalRecordPrompt",
    "EvalRecordType",
    "EvalRun",
    "EvalRunResult",
    "EvalRunStatus",
]


class EvalRecordType(StrEnum):
    """What an eval record replays: a real dial, or a prompt-driven simulated caller."""

    DIAL = "DIAL"
    PROMPT = "PROMPT"


class EvalRunStatus(StrEnum):
    """The run statuses seen in the API's documentation; others arrive as raw strings."""

    PENDING = "PENDING"
    CANCELLED = "CANCELLED"


@attrs.frozen
class EvalConfig(WireModel):
    """A set of eval records and the criteria they are judged by.

    Attributes:
        id: The config's id.
        name: Its name.
        prompt_snippet: The judging instructions.
        extra: Fields the API sent that it does not document, as sent.
    """

    id: str
    name: str
    prompt_snippet: str
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, metadata={KEEP_EXTRA: True})


@attrs.frozen
class EvalRecordPrompt(WireModel):
    """The simulated caller of a ``PROMPT`` record.

    Attributes:
        id: The prompt's id.
        system_prompt: The simulated caller's instructions.
        max_turns: The most turns the conversation takes.
        created_at: When the prompt was made.
        name: Its name.
        description: Its description.
        agent_inputs: The agent's prompt variables, as the API's string.
        extra: Fields the API sent that it does not document, as sent.
    """

    id: str | None = None
    system_prompt: str | None = None
    max_turns: int | None = None
    created_at: datetime | None = None
    name: str | None = None
    description: str | None = None
    agent_inputs: str | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, metadata={KEEP_EXTRA: True})


@attrs.frozen
class EvalRecord(WireModel):
    """One case of an eval config: a dial to replay, or a prompt to simulate.

    Attributes:
        id: The record's id.
        record_type: An `EvalRecordType`, or the raw string for a type added later.
        dial_id: The replayed dial (``DIAL`` records).
        prompt: The simulated caller (``PROMPT`` records).
        extra: Fields the API sent that it does not document, as sent.
    """

    id: str
    record_type: EvalRecordType | str
    dial_id: str | None = None
    prompt: EvalRecordPrompt | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, metadata={KEEP_EXTRA: True})


@attrs.frozen
class EvalRunResult(WireModel):
    """How many records of a run passed and failed.

    Attributes:
        num_passing: Records that passed.
        num_failing: Records that failed.
        extra: Fields the API sent that it does not document, as sent.
    """

    num_passing: int | None = None
    num_failing: int | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, metadata={KEEP_EXTRA: True})


@attrs.frozen
class EvalRun(WireModel):
    """One run of an eval config against an agent's prompt.

    The API does not say which fields a run always has, so only ``id`` is required.

    Attributes:
        id: The run's id.
        status: An `EvalRunStatus`, or the raw string (``"RUNNING"``, ...) for a
            status the documentation does not list.
        call_agent_id: The agent evaluated.
        versioned_prompt_id: The prompt version evaluated.
        created_at: When the run was started.
        aggregate_result: Pass and fail counts.
        extra: Fields the API sent that it does not document, as sent.
    """

    id: str
    status: EvalRunStatus | str | None = None
    call_agent_id: str | None = None
    versioned_prompt_id: str | None = None
    created_at: datetime | None = None
    aggregate_result: EvalRunResult | None = None
    extra: dict[str, Any] = attrs.field(factory=dict, kw_only=True, metadata={KEEP_EXTRA: True})


# ------------------------------------------------------------ request bodies


@attrs.define
class _ConfigBody:
    """``POST /eval_configs``."""

    name: str = attrs.field(metadata=checks(TEXT))
    prompt_snippet: str | None = attrs.field(default=None, metadata=checks(TEXT))


def _needs_its_source(body: _RecordBody, path: str, out: list[str]) -> None:
    """A ``DIAL`` record names its dial; a ``PROMPT`` record has a caller's prompt."""
    if body.record_type == EvalRecordType.DIAL and body.dial_id is None:
        out.append("dial_id: required for a DIAL record")
    if body.record_type == EvalRecordType.PROMPT and body.system_prompt is None:
        out.append("system_prompt: required for a PROMPT record")


def _record_type(value: Any) -> Any:
    return canonical(EvalRecordType, value)


@attrs.define
class _RecordBody:
    """``POST /eval_configs/{id}/records``; the record type in any case."""

    record_type: EvalRecordType | str = attrs.field(
        converter=_record_type, metadata=checks(one_of(EvalRecordType))
    )
    dial_id: str | None = attrs.field(default=None, metadata=checks(TEXT))
    name: str | None = attrs.field(default=None, metadata=checks(TEXT))
    description: str | None = attrs.field(default=None, metadata=checks(TEXT))
    system_prompt: str | None = attrs.field(default=None, metadata=checks(TEXT))
    max_turns: int | None = attrs.field(default=None, metadata=checks(integer(low=1)))
    agent_inputs: str | None = attrs.field(default=None, metadata=checks(TEXT))

    _object_checks: ClassVar[ObjectChecks] = (_needs_its_source,)
