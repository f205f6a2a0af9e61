"""The single-call and phone-number guides' example files, run against the fake."""

from __future__ import annotations

import pytest

import vogent_async
from vogent_async import DialConflictError, WaitTimeoutError
from vogent_async.testing import FakeVogent

from . import test_docs_examples
from .test_docs_examples import Load

load = test_docs_examples.load  # the examples' fixture: import a file fresh, env on the fake
no_key = test_docs_examples.no_key  # the same, with no key: the example starts its fake


async def test_single_call_plays_a_call_to_its_end(
    no_key: Load, capsys: pytest.CaptureFixture[str]
) -> None:
    """The guide's script calls, waits on the fake's running clock, and prints the transcript."""
    dial = await no_key("single_call.py").main(tick=0.001)

    assert dial.status in vogent_async.FINAL_DIAL_STATUSES
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"{dial.id}: {dial.status}")
    assert printed[1:] == no_key("single_call.py").transcript(dial)
    assert all(line.startswith("[") for line in printed[1:])


async def test_single_call_hangs_up_a_call_that_outlasts_its_limit(
    load: Load,
    fake_vogent: FakeVogent,
    vogent_client: vogent_async.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the wait's deadline the recipe hangs up and returns the dial as it ended."""
    [number_id] = fake_vogent.phone_numbers.seed(1)
    [agent] = fake_vogent.agents.seed(1)
    example = load("single_call.py")

    async def never(*args: object, **kwargs: object) -> object:
        raise WaitTimeoutError("still ringing", last=None)

    monkeypatch.setattr(vogent_client.dials, "wait", never)
    dial = await example.call_and_wait(
        vogent_client, agent_id=agent, number_id=number_id, to_number="+15551234567"
    )

    assert dial.status == "canceled"
    assert [r.route for r in fake_vogent.requests][-2:] == [
        "POST /dials/{id}/hangup",
        "GET /dials/{id}",
    ]


async def test_single_call_follows_the_dial_a_conflict_names(
    load: Load, fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """A 409 naming the dial its key made: the recipe waits on that dial instead of failing."""
    [number_id] = fake_vogent.phone_numbers.seed(1)
    [agent] = fake_vogent.agents.seed(1)
    earlier = await vogent_client.dials.create(call_agent_id=agent, browser_call=True)
    fake_vogent.advance(3600)
    fake_vogent.faults.add("POST /dials", status=409, body={"dialId": earlier.dial_id})

    dial = await load("single_call.py").call_and_wait(
        vogent_client, agent_id=agent, number_id=number_id, to_number="+15551234567", poll=0.01
    )

    assert dial.id == earlier.dial_id
    fake_vogent.faults.add("POST /dials", status=409, body={"message": "key in use"})
    with pytest.raises(DialConflictError):
        await load("single_call.py").call_and_wait(
            vogent_client, agent_id=agent, number_id=number_id, to_number="+15551234567"
        )


async def test_phone_numbers_buys_links_and_groups(
    no_key: Load, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two numbers bought under their area codes; the linked one is grouped under its agent."""
    grouped = await no_key("phone_numbers.py").main()

    assert grouped == {"agent_support": ["+15120000001"], None: ["+14150000001"]}
    assert capsys.readouterr().out.splitlines() == [
        "agent_support: +15120000001",
        "(no agent): +14150000001",
    ]


async def test_buying_in_an_area_without_numbers_says_so(
    load: Load,
    fake_vogent: FakeVogent,
    vogent_client: vogent_async.Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An empty search is a LookupError naming the area code; nothing is bought."""

    async def nothing(*args: object, **kwargs: object) -> list[object]:
        return []

    monkeypatch.setattr(vogent_client.phone_numbers, "search", nothing)
    with pytest.raises(LookupError, match="999"):
        await load("phone_numbers.py").buy_in_area(vogent_client, "999")
    assert fake_vogent.requests == []
