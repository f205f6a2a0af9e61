"""``vogent-async call``, ``numbers list|search|get`` and ``dials get|hangup`` against the fake."""

from __future__ import annotations

import asyncio
import json

from vogent_async.testing import FakeVogent

from .conftest import SECRET_KEY, RawAPI, Result, invoke

TO = "+15551234567"


async def _call_and_wait(fake: FakeVogent, *args: str) -> Result:
    """Run ``call ... --wait`` while the test moves the fake's clock until the command ends."""
    command = asyncio.create_task(
        invoke(fake, "call", TO, "--agent", "agent_1", "--wait", "--poll", "0.01", *args)
    )
    while not command.done():
        fake.advance(5)
        await asyncio.sleep(0.005)
    return await command


async def test_call_prints_the_dial_id_and_never_the_token(fake: FakeVogent) -> None:
    """Without --wait: one line, the new dial's id; the caller is the workspace's first number."""
    first, _ = fake.phone_numbers.seed(2)

    result = await invoke(fake, "call", TO, "--agent", "agent_1", "--input", "customer_name=Ada")

    assert result.code == 0, result.err
    (created,) = [r for r in fake.requests if r.route == "POST /dials"]
    assert created.json == {
        "callAgentId": "agent_1",
        "toNumber": TO,
        "fromNumberId": first,
        "callAgentInput": {"customer_name": "Ada"},
    }
    assert result.out.strip() == created.response["dialId"]
    assert created.response["dialToken"] not in result.out + result.err


async def test_call_wait_prints_the_transcript_when_the_call_ends(fake: FakeVogent) -> None:
    """--wait polls until a final status, then prints the fields and the transcript."""
    [number_id] = fake.phone_numbers.seed(1)

    result = await _call_and_wait(fake, "--from", number_id)

    assert result.code == 0, result.err
    (created,) = [r for r in fake.requests if r.route == "POST /dials"]
    dial_id = created.response["dialId"]
    final = [r for r in fake.requests if r.route == "GET /dials/{id}"][-1].response
    assert final["status"] in {"completed", "no-answer", "busy", "failed"}
    assert dial_id in result.out.splitlines()[0]
    for line in final.get("transcript", []):
        assert f"{line['speaker']}: {line['text']}" in result.out
    assert f"Dialling {dial_id}" in result.err


async def test_a_dial_is_shown_with_server_text_made_inert(raw_api: RawAPI) -> None:
    """Escape sequences and controls in a transcript or status never reach the terminal."""
    hostile = {
        "id": "d1",
        "status": "completed\x1b[2J",
        "transcript": [
            {"text": "Hi\x1b]52;c;ZXZpbA==\x07 there\nfriend", "speaker": "AI\x9b1m"},
            {"text": "\u202eyes", "speaker": "HUMAN", "startTimeMs": 61_000},
        ],
    }
    raw_api.answer("/dials/d1", json.dumps(hostile))

    result = await invoke(
        None, "--base-url", raw_api.base_url, "--api-key", "k", "dials", "get", "d1"
    )

    assert result.code == 0, result.err
    assert not any(c in result.out for c in "\x1b\x07\x9b\u202e")
    assert "[0:00] AI: Hi there friend" in result.out
    assert "[1:01] HUMAN: yes" in result.out
    assert "completed" in result.out


async def test_call_without_a_number_to_call_from_fails_in_one_line(fake: FakeVogent) -> None:
    """No --from and no number in the workspace: exit 1 and a hint; nothing is dialled."""
    result = await invoke(fake, "call", TO, "--agent", "agent_1")

    assert result.code == 1
    assert "pass --from ID" in result.err
    assert [r.route for r in fake.requests] == ["GET /phone_numbers"]


async def test_call_refuses_a_bad_input_and_a_bad_number(fake: FakeVogent) -> None:
    """--input needs NAME=VALUE (usage error, 2); a number not in E.164 is refused, exit 1."""
    bad_input = await invoke(fake, "call", TO, "--agent", "agent_1", "--from", "pn", "--input", "x")
    bad_number = await invoke(fake, "call", "5551234567", "--agent", "agent_1", "--from", "pn")

    assert bad_input.code == 2
    assert "NAME=VALUE" in bad_input.err
    assert bad_number.code == 1
    assert "to_number: expected E.164 like +15551234567" in bad_number.err
    assert "nothing was sent" in bad_number.err
    assert fake.requests == []


async def test_dials_get_and_hangup(fake: FakeVogent) -> None:
    """get shows a dial; hangup ends one in progress, and fails on one that has ended."""
    [number_id] = fake.phone_numbers.seed(1)
    first = await invoke(fake, "call", TO, "--agent", "agent_1", "--from", number_id, "--json")
    dial_id = json.loads(first.out)["dial_id"]

    shown = await invoke(fake, "dials", "get", dial_id)
    hung = await invoke(fake, "dials", "hangup", dial_id)
    again = await invoke(fake, "dials", "hangup", dial_id)
    as_json = await invoke(fake, "dials", "get", dial_id, "--json")
    missing = await invoke(fake, "dials", "get", "nope")

    assert shown.code == 0, shown.err
    assert "queued" in shown.out
    assert (hung.code, hung.out.strip()) == (0, f"{dial_id}  hung up")
    assert again.code == 1
    assert "not in progress" in again.err
    assert json.loads(as_json.out)["status"] == "canceled"
    assert missing.code == 1
    assert "404" in missing.err


async def test_numbers_list_get_and_search(fake: FakeVogent) -> None:
    """A table of numbers, one number's detail, and numbers for sale one per line."""
    ids = fake.phone_numbers.seed(3)

    listed = await invoke(fake, "numbers", "list")
    limited = await invoke(fake, "numbers", "list", "--limit", "2", "--json")
    one = await invoke(fake, "numbers", "get", ids[1])
    found = await invoke(fake, "numbers", "search", "512", "--limit", "3")
    bad = await invoke(fake, "numbers", "search", "5x2")

    assert listed.code == 0, listed.err
    assert listed.out.split()[:4] == ["ID", "NUMBER", "TYPE", "AGENT"]
    assert all(number_id in listed.out for number_id in ids)
    assert [json.loads(line)["id"] for line in limited.out.splitlines()] == ids[:2]
    assert ids[1] in one.out
    assert found.out.split() == ["+15120000001", "+15120000002", "+15120000003"]
    assert bad.code == 1
    assert "prefix: expected digits" in bad.err
    assert SECRET_KEY not in listed.out + one.out + found.out + bad.err


async def test_numbers_list_says_when_there_are_none(fake: FakeVogent) -> None:
    """An empty workspace is a sentence, not an empty table."""
    result = await invoke(fake, "numbers", "list")

    assert (result.code, result.out.strip()) == (0, "No phone numbers.")


async def test_call_checks_the_number_before_looking_for_a_caller_number(
    fake: FakeVogent,
) -> None:
    """A bad NUMBER in a workspace with no phone number: the number is named, not the pool."""
    result = await invoke(fake, "call", "555-1234", "--agent", "agent_1")

    assert result.code == 1
    assert "to_number: expected E.164 like +15551234567, got '555-1234'" in result.err
    assert "--from" not in result.err
    assert fake.requests == []


async def test_the_call_summary_is_whole_in_the_top_level_help(fake: FakeVogent) -> None:
    """The one-line summary click cuts from the docstring is a whole sentence."""
    result = await invoke(None, "--help")

    [line] = [line for line in result.out.splitlines() if line.strip().startswith("call ")]
    assert line.split(None, 1)[1] == "Call NUMBER with an agent; --wait for the transcript."
