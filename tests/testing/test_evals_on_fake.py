"""``client.evals`` on the fake: configs, records and runs, and what a partial contract keeps."""

from __future__ import annotations

import pytest

import vogent_async
from vogent_async import (
    EvalConfig,
    EvalRecordType,
    EvalRunResult,
    EvalRunStatus,
    InternalServerError,
    InvalidRequestError,
    NotFoundError,
)
from vogent_async.testing import FakeVogent


async def test_configs_are_created_once_and_listed(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """create_config sends camelCase and is not retried after a 5xx; the listing pages."""
    fake.eval_configs.seed(130)
    made = await fake_client.evals.create_config(name="Renewals", prompt_snippet="Polite?")
    fake.faults.add("POST /eval_configs", status=500)
    with pytest.raises(InternalServerError):
        await fake_client.evals.create_config(name="Again")

    configs = await fake_client.evals.list_configs(page_size=50).to_list()

    assert fake.requests[0].json == {"name": "Renewals", "promptSnippet": "Polite?"}
    assert [r.status for r in fake.requests[1:2]] == [500]
    assert len(configs) == 131
    assert configs[-1] == made == EvalConfig(made.id, "Renewals", "Polite?")


async def test_records_of_both_types_are_created_read_listed_and_deleted(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """DIAL and PROMPT records belong to their config; delete returns the id."""
    config_id, other = fake.eval_configs.seed(2)
    job_id = fake.seed_jobs(1, status="COMPLETE")[0]
    fake.seed_dials(job_id, 2)
    dial_1, dial_2 = (d.id for d in await fake_client.batch_dial_jobs.list_dials(job_id).to_list())
    fake.requests.clear()
    evals = fake_client.evals
    dial = await evals.create_record(config_id, record_type="dial", dial_id=dial_1)
    prompt = await evals.create_record(
        config_id,
        record_type=EvalRecordType.PROMPT,
        system_prompt="You are a busy customer.",
        name="Busy",
        max_turns=6,
        agent_inputs='{"customer_name": "Ada"}',
    )
    await evals.create_record(other, record_type="DIAL", dial_id=dial_2)

    listed = await evals.list_records(config_id).to_list()
    fetched = await evals.get_record(config_id, prompt.id)
    deleted = await evals.delete_record(config_id, dial.id)

    assert fake.requests[0].json == {"recordType": "DIAL", "dialId": dial_1}
    assert (dial.record_type, dial.dial_id) == (EvalRecordType.DIAL, dial_1)
    assert prompt.prompt is not None
    assert (prompt.prompt.system_prompt, prompt.prompt.max_turns) == ("You are a busy customer.", 6)
    assert listed == [dial, prompt]
    assert fetched == prompt
    assert deleted == dial.id
    with pytest.raises(NotFoundError):
        await evals.get_record(other, prompt.id)  # a record of another config


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"record_type": "VOICE"}, "record_type: expected one of 'DIAL', 'PROMPT'"),
        ({"record_type": "DIAL"}, "dial_id: required for a DIAL record"),
        ({"record_type": "PROMPT"}, "system_prompt: required for a PROMPT record"),
        ({"record_type": "PROMPT", "system_prompt": "x", "max_turns": 0}, "max_turns: must be"),
        ({"record_type": "DIAL", "dial_id": ""}, "dial_id: must not be empty"),
    ],
)
async def test_record_arguments_are_checked_at_the_door(
    fake: FakeVogent, fake_client: vogent_async.Client, arguments: dict[str, object], problem: str
) -> None:
    """Each problem is named and nothing is sent."""
    with pytest.raises(InvalidRequestError, match=problem):
        await fake_client.evals.create_record("config_1", **arguments)  # type: ignore[arg-type]
    with pytest.raises(InvalidRequestError, match="name: must not be empty"):
        await fake_client.evals.create_config(name=" ")
    assert fake.requests == []


async def test_runs_are_listed_read_and_cancelled(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """A pending run cancels; an unknown status stays a raw string; extra fields are kept."""
    [config_id] = fake.eval_configs.seed(1)
    pending, done = fake.eval_runs.seed(
        [
            {"evalConfigId": config_id, "status": "PENDING"},
            {
                "evalConfigId": config_id,
                "status": "SUCCEEDED",
                "aggregateResult": {"numPassing": 9, "numFailing": 1},
            },
        ]
    )
    fake.eval_runs.seed(3)  # runs of no config

    runs = await fake_client.evals.list_runs(config_id).to_list()
    cancelled = await fake_client.evals.cancel_run(pending)
    again = await fake_client.evals.cancel_run(done)

    assert [r.id for r in runs] == [pending, done]
    assert cancelled.status is EvalRunStatus.CANCELLED
    assert await fake_client.evals.get_run(pending) == cancelled
    assert again.status == "SUCCEEDED"
    assert again.aggregate_result == EvalRunResult(num_passing=9, num_failing=1)


async def test_unknown_configs_and_runs_are_404_and_bad_ids_never_leave(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """NotFoundError for unknown ids; '' and '..' refused at once, naming the argument."""
    evals = fake_client.evals
    with pytest.raises(InvalidRequestError, match="config_id"):
        evals.list_records("..")
    with pytest.raises(InvalidRequestError, match="record_id"):
        await evals.get_record("c", "")
    with pytest.raises(InvalidRequestError, match="run_id"):
        await evals.cancel_run("")
    assert fake.requests == []
    with pytest.raises(NotFoundError):
        await evals.list_runs("nope").to_list()
    with pytest.raises(NotFoundError):
        await evals.get_run("nope")
