"""How users place single calls, manage numbers and read evals, checked by ``mypy --strict``."""

from __future__ import annotations

from typing import Any

from typing_extensions import assert_type

import vogent_async
from vogent_async import (
    AsyncPager,
    AvailableNumber,
    Dial,
    DialConflictError,
    DialSession,
    DialStatus,
    EvalConfig,
    EvalRecord,
    EvalRecordType,
    EvalRun,
    EvalRunStatus,
    OptionValue,
    PhoneNumber,
    PhoneNumberType,
    WaitTimeoutError,
)


async def call_once(agent_id: str, number_id: str) -> None:
    async with vogent_async.Client() as client:
        try:
            session = await client.dials.create(
                call_agent_id=agent_id,
                to_number="+15551234567",
                from_number_id=number_id,
                voice_option_values=[
                    OptionValue("speed", "1.1"),
                    {"optionId": "pitch", "value": "1"},
                ],
            )
        except DialConflictError as conflict:
            assert_type(conflict.dial_id, str | None)
            return
        assert_type(session, DialSession)
        try:
            dial = await client.dials.wait(session.dial_id, until={DialStatus.COMPLETED, "failed"})
        except WaitTimeoutError as late:
            assert_type(late.last, Any)
            assert_type(await client.dials.hangup(session.dial_id), bool)
            return
        assert_type(dial, Dial)
        assert_type(dial.status, str | None)
        assert_type(await client.dials.token(session.dial_id), str)


async def numbers() -> None:
    async with vogent_async.Client() as client:
        assert_type(client.phone_numbers.list(page_size=50), AsyncPager[PhoneNumber])
        found = await client.phone_numbers.search("512", limit=3)
        assert_type(found, list[AvailableNumber])
        bought = await client.phone_numbers.create_purchase(number=found[0].number)
        assert_type(bought.type, PhoneNumberType | str)
        imported = await client.phone_numbers.create_sip_import(
            phone_number="+15125550100", termination_uri="sip:pbx", username="u", password="p"
        )
        assert_type(imported, PhoneNumber)
        hosted = await client.phone_numbers.create_vogent_sip(
            sip_prefix="acme", username="front", password="s3cret", max_retries=0
        )
        assert_type(hosted, PhoneNumber)
        await client.phone_numbers.create_purchase(found[0].number)  # type: ignore[call-arg]
        await client.phone_numbers.create_vogent_sip(sip_prefix="a")  # type: ignore[call-arg]
        await client.dials.create(call_agent_id="a", keyword=["x"])  # type: ignore[call-arg]
        assert_type(await client.phone_numbers.update(bought.id, agent_id=None), PhoneNumber)


async def evals(config_id: str, run_id: str) -> None:
    async with vogent_async.Client() as client:
        assert_type(client.evals.list_records(config_id, max_items=10), AsyncPager[EvalRecord])
        record = await client.evals.create_record(
            config_id, record_type=EvalRecordType.DIAL, dial_id="d1"
        )
        assert_type(record.record_type, EvalRecordType | str)
        config = await client.evals.create_config(name="Politeness", prompt_snippet=None)
        assert_type(config, EvalConfig)
        await client.evals.create_record(config.id, record_type="prompt", system_prompt="Hi")
        await client.evals.create_record(config_id, dial_id="d1")  # type: ignore[call-arg]
        run = await client.evals.cancel_run(run_id)
        assert_type(run, EvalRun)
        assert_type(run.status, EvalRunStatus | str | None)
        assert_type(await client.evals.delete_record(config_id, record.id), str)
