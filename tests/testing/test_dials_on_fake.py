"""``client.dials`` against the fake: create, follow a dial's life on the clock, hang up, token."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

import vogent_async
from vogent_async import (
    DialConflictError,
    DialSession,
    DialStatus,
    InternalServerError,
    InvalidRequestError,
    OptionValue,
    UnprocessableEntityError,
)
from vogent_async.testing import FakeVogent

from .conftest import AGENT, KEY

TO = "+15551234567"
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def to_snake(name: str) -> str:
    """``callAgentId`` -> ``call_agent_id``."""
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def to_snake_keys(data: dict[str, Any]) -> dict[str, Any]:
    """A JSON object's keys in snake_case (one level)."""
    return {to_snake(k): v for k, v in data.items()}


async def _phone_dial(client: vogent_async.Client, fake: FakeVogent) -> DialSession:
    number_id = fake.phone_numbers.seed(1)[0]
    return await client.dials.create(call_agent_id=AGENT, to_number=TO, from_number_id=number_id)


async def test_create_sends_the_contract_body_and_returns_the_session(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """camelCase keys, None arguments left out; the session's ids and token come back."""
    session = await fake_client.dials.create(
        call_agent_id=AGENT,
        to_number=TO,
        from_number_pool_id="pool_1",
        call_agent_input={"customer_name": "Ada"},
        voice_option_values=[OptionValue("speed", "1.1")],
        voice_volume_level=-100,
        timeout_minutes=10,
        agent_overrides={"maxDurationSeconds": 600},
        keywords=["Northwind"],
    )

    assert fake.requests[0].json == {
        "callAgentId": AGENT,
        "toNumber": TO,
        "fromNumberPoolId": "pool_1",
        "callAgentInput": {"customer_name": "Ada"},
        "voiceOptionValues": [{"optionId": "speed", "value": "1.1"}],
        "voiceVolumeLevel": -100,
        "timeoutMinutes": 10,
        "agentOverrides": {"maxDurationSeconds": 600},
        "keywords": ["Northwind"],
    }
    assert session.dial_id == fake.requests[0].response["dialId"]
    assert session.dial_token == fake.requests[0].response["dialToken"]
    assert session.dial_token not in repr(session)


async def test_every_bad_argument_is_reported_and_nothing_is_sent(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """One InvalidRequestError names each argument; the fake saw no request.

    The cross-argument check (a phone dial needs a caller number) runs once every
    argument passed its own checks, as a body's ``_object_checks`` do.
    """
    with pytest.raises(InvalidRequestError) as info:
        await fake_client.dials.create(
            call_agent_id="",
            to_number="5551234567",
            voice_volume_level=400,
            timeout_minutes=0,
            call_agent_input={"n": 1},  # type: ignore[dict-item]
            agent_overrides={"x": float("nan")},
            keywords="Northwind",  # a string is not a list of keywords
            voice_option_values=[("speed", "1")],  # type: ignore[list-item]
        )

    named = {problem.split(":")[0] for problem in info.value.problems}
    assert named == {
        "call_agent_id",
        "to_number",
        "voice_volume_level",
        "timeout_minutes",
        "call_agent_input['n']",
        "agent_overrides",
        "keywords",
        "voice_option_values[0]",
    }
    assert fake.requests == []


async def test_a_phone_dial_needs_a_number_to_call_and_to_call_from(
    fake_client: vogent_async.Client,
) -> None:
    """Without browser_call=True, to_number and a caller number are required at the door."""
    with pytest.raises(InvalidRequestError, match="to_number: required for a phone dial"):
        await fake_client.dials.create(call_agent_id=AGENT, from_number_id="pn")
    with pytest.raises(InvalidRequestError, match="from_number_id or from_number_pool_id"):
        await fake_client.dials.create(call_agent_id=AGENT, to_number=TO)
    with pytest.raises(InvalidRequestError, match="browser_call: expected a bool"):
        await fake_client.dials.create(call_agent_id=AGENT, browser_call="yes")  # type: ignore[arg-type]


async def test_create_is_not_retried_after_a_5xx_but_is_after_a_429(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """The call may be under way after a 503: sent once. A 429 means nothing happened: resent."""
    fake.faults.add("POST /dials", status=503)
    with pytest.raises(InternalServerError):
        await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    assert [r.status for r in fake.requests] == [503]

    fake.faults.add("POST /dials", status=429, retry_after=0)
    await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    assert [r.status for r in fake.requests] == [503, 429, 200]


@pytest.mark.parametrize(
    ("body", "dial_id"),
    [
        ({"dialId": "dial_existing"}, "dial_existing"),
        ({"error": {"message": "key in use", "existingDialId": "dial_7"}}, "dial_7"),
        ({"dial": {"id": "dial_9"}}, "dial_9"),
        ({"message": "idempotency key already in use"}, None),
    ],
)
async def test_a_409_is_a_dial_conflict_with_the_existing_dial_id(
    fake: FakeVogent, fake_client: vogent_async.Client, body: object, dial_id: str | None
) -> None:
    """DialConflictError (a ConflictError) carries the id the body names; sent once."""
    fake.faults.add("POST /dials", status=409, body=body)

    with pytest.raises(DialConflictError) as info:
        await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    assert isinstance(info.value, vogent_async.ConflictError)
    assert info.value.dial_id == dial_id
    assert info.value.status_code == 409
    assert len(fake.requests) == 1


async def test_a_dial_goes_through_the_documented_statuses_on_the_clock(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """queued, then ringing, then in progress (answered calls), then a final status."""
    seen: list[str] = []
    for _ in range(10):
        session = await _phone_dial(fake_client, fake)
        statuses: list[str] = []
        for _ in range(500):
            dial = await fake_client.dials.get(session.dial_id)
            assert dial.status is not None
            if not statuses or statuses[-1] != dial.status:
                statuses.append(dial.status)
            if dial.status in vogent_async.FINAL_DIAL_STATUSES:
                break
            fake.advance(1)
        seen.append(" > ".join(statuses))

    assert all(s.startswith("queued > ringing > ") for s in seen)
    answered = [s for s in seen if "in-progress" in s]
    assert answered
    assert all(s.endswith("in-progress > completed") for s in answered)
    assert all(
        s.split(" > ")[-1] in {"no-answer", "busy", "failed"} for s in seen if s not in answered
    )


async def test_the_seeded_rule_gives_every_outcome_and_the_same_ones_again() -> None:
    """Many dials of one seed end completed, no-answer, busy and failed; a fake of the same seed
    ends them the same way."""

    async def outcomes(seed: int) -> list[str | None]:
        fake = FakeVogent(api_key=KEY, seed=seed)
        await fake.start()
        [agent] = fake.agents.seed(1)
        async with fake, vogent_async.Client(KEY, base_url=fake.base_url) as client:
            create = client.dials.create
            ids = [
                (await create(call_agent_id=agent, browser_call=True)).dial_id for _ in range(60)
            ]
            fake.advance(3600)
            return [(await client.dials.get(dial_id)).status for dial_id in ids]

    first = await outcomes(11)

    assert set(first) == {"completed", "no-answer", "busy", "failed"}
    assert Counter(first)["completed"] > Counter(first)["failed"]
    assert await outcomes(11) == first


async def test_hangup_ends_an_in_progress_dial_where_it_stands(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """completed at once, with the seconds talked and what was said so far; once only."""
    session = await _phone_dial(fake_client, fake)
    while (await fake_client.dials.get(session.dial_id)).status != DialStatus.IN_PROGRESS:
        fake.advance(1)
        if fake.requests[-1].response.get("status") in vogent_async.FINAL_DIAL_STATUSES:
            session = await _phone_dial(fake_client, fake)  # this one was not answered
    fake.advance(20)
    hung_up_at = fake.now

    assert await fake_client.dials.hangup(session.dial_id) is True
    dial = await fake_client.dials.get(session.dial_id)
    fake.advance(3600)
    later = await fake_client.dials.get(session.dial_id)

    assert dial.status == "completed"
    assert dial.system_result_type == "AGENT_HANGUP"
    assert dial.duration_seconds == 20
    assert dial.ended_at is not None
    assert abs((dial.ended_at - hung_up_at).total_seconds()) < 0.001
    starts = [item.start_time_ms for item in dial.transcript or []]
    assert all(start is not None and start < 20_000 for start in starts)
    assert later == dial
    assert await fake_client.dials.hangup(session.dial_id) is False


async def test_hangup_before_an_answer_cancels_the_dial(fake_client: vogent_async.Client) -> None:
    """A queued dial hung up is canceled, with no transcript; a finished one cannot be hung up."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    assert await fake_client.dials.hangup(session.dial_id) is True
    dial = await fake_client.dials.get(session.dial_id)

    assert (dial.status, dial.system_result_type, dial.transcript) == (
        "canceled",
        "CANCELLED",
        None,
    )
    assert dial.to_number is None  # a browser call dials no number


async def test_token_issues_a_new_dial_scoped_token(fake_client: vogent_async.Client) -> None:
    """A string, different from the one create returned."""
    session = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)

    token = await fake_client.dials.token(session.dial_id)

    assert isinstance(token, str)
    assert token
    assert token != session.dial_token


async def test_unknown_dials_are_404_and_bad_ids_never_leave(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """NotFoundError for an id the fake does not know; '' or '..' rejected before sending."""
    for method in (fake_client.dials.get, fake_client.dials.hangup, fake_client.dials.token):
        with pytest.raises(vogent_async.NotFoundError):
            await method("nope")
        for bad in ("", "..", 7):
            with pytest.raises(InvalidRequestError, match="dial_id"):
                await method(bad)  # type: ignore[arg-type]
    assert len(fake.requests) == 3


async def test_a_batch_jobs_dial_is_found_by_id_too(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Single and batch dials share one store: GET /dials/{id} finds a finished batch dial."""
    [job_id] = fake.seed_jobs(1, status="ACTIVE", rows=3)
    fake.finish_dials(3)
    listed = await fake_client.batch_dial_jobs.list_dials(job_id).to_list()

    fetched = await fake_client.dials.get(listed[0].id)

    assert fetched == listed[0]
    assert await fake_client.dials.hangup(listed[0].id) is False


async def test_a_caller_number_must_be_one_the_workspace_holds(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Only the workspace's own numbers place calls; any other id is a 422 naming the field."""
    [number_id] = fake.phone_numbers.seed(1)

    await fake_client.dials.create(call_agent_id=AGENT, to_number=TO, from_number_id=number_id)
    with pytest.raises(UnprocessableEntityError, match="fromNumberId: no phone number"):
        await fake_client.dials.create(call_agent_id=AGENT, to_number=TO, from_number_id="pn_any")


async def test_the_documented_request_body_is_what_create_sends(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Every field of the reference's example, given as arguments, is sent exactly.

    Documented gap: the example's ``advancedBrowserInteraction`` is in no field list
    of the contract, so `Dials.create` has no argument for it.
    """
    example = json.loads((SAMPLES / "dials" / "create_dial_request.json").read_text("utf-8"))
    _hold_what_the_example_names(fake, example)
    arguments = {to_snake(key): value for key, value in example.items()}
    del arguments["advanced_browser_interaction"]
    arguments["voice_option_values"] = [
        OptionValue(**to_snake_keys(v)) for v in example["voiceOptionValues"]
    ]

    await fake_client.dials.create(**arguments)

    assert fake.requests[0].json == {
        k: v for k, v in example.items() if k != "advancedBrowserInteraction"
    }


def _hold_what_the_example_names(fake: FakeVogent, example: dict[str, Any]) -> None:
    """Seed every object the reference's example names (it reuses one id for several)."""
    uid, some = example["callAgentId"], "<string>"
    voice = {"name": "V", "voiceType": "cartesia", "voiceTier": "STANDARD", "description": "d"}
    fake.voices.seed([{**voice, "id": uid}, {**voice, "id": some}])
    fake.models.seed([{"id": some, "name": "m", "modelOptions": []}])
    transfer = {"name": "t", "description": "d", "type": "transfer", "allowedNumbers": []}
    fake.functions.seed([{**transfer, "id": some}])
    agent = {"id": uid, "name": "A", "language": "en"}
    fake.agents.seed([{**agent, "defaultVersionedPromptId": uid, "defaultExtractorId": uid}])
    prompt = {"id": some, "name": "IVR", "agentType": "STANDARD", "prompt": "p"}
    fake.versioned_prompts.seed([prompt], parent=uid)
    number = {"number": "+15125550199", "type": "PSTN", "agentId": None}
    fake.phone_numbers.seed([{**number, "id": example["fromNumberId"]}])


async def test_a_single_dial_is_announced_when_it_ends_on_the_clock(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """dial.finished with the final body once the clock passes its end, counted by advance;
    a hangup announces it at once, and never twice."""
    seen: list[tuple[str, str, str]] = []
    fake.subscribe(lambda e: seen.append((e.kind, e.id, e.body.get("status", ""))))
    ended = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    hung = await fake_client.dials.create(call_agent_id=AGENT, browser_call=True)
    await fake_client.dials.hangup(hung.dial_id)

    assert fake.advance(0.5) == 0
    finished = fake.advance(3600)

    final = await fake_client.dials.get(ended.dial_id)
    assert finished == 1
    assert [s for s in seen if s[0] == "dial.finished"] == [
        ("dial.finished", hung.dial_id, "canceled"),
        ("dial.finished", ended.dial_id, final.status),
    ]


async def test_finish_dials_also_ends_the_single_dials_due_by_then(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Moving the clock to batch dials' ends announces the single dials that ended by then."""
    announced: list[str] = []
    fake.subscribe(lambda e: announced.append(e.id) if e.kind == "dial.finished" else None)
    singles = [
        await fake_client.dials.create(call_agent_id=AGENT, browser_call=True) for _ in range(6)
    ]
    fake.seed_jobs(1, status="ACTIVE", rows=1)

    assert fake.finish_dials(1) == 1  # the batch dial; the single ones are not counted
    statuses = {s.dial_id: (await fake_client.dials.get(s.dial_id)).status for s in singles}

    ended = {i for i, status in statuses.items() if status in vogent_async.FINAL_DIAL_STATUSES}
    assert ended
    assert ended < set(statuses)  # some still going: the clock stopped at the batch dial's end
    assert ended <= set(announced)
    assert set(announced) - ended == {a for a in announced if a not in statuses}  # the batch one
