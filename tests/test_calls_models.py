"""Models of dials, phone numbers and evals: secrets out of reprs and errors, extras kept."""

from __future__ import annotations

import pytest
from aioresponses import aioresponses

import vogent_async
from vogent_async import (
    DialSession,
    EvalRecord,
    EvalRecordType,
    EvalRun,
    EvalRunResult,
    EvalRunStatus,
    NewPhoneNumber,
    ResponseValidationError,
    SipImport,
    SipImportNewNumber,
    UnknownVariant,
    VogentSip,
)
from vogent_async._codec._converter import Converter

from .conftest import BASE

CONVERTER = Converter()
TOKEN = "eyJhbGciOiJIUzI1NiJ9.secret-dial-token"


def test_secrets_stay_out_of_reprs() -> None:
    """A dial token and SIP passwords are not shown; the other fields are."""
    session = DialSession("dial_1", "session_1", TOKEN)
    sip = SipImport("+15551234567", "sip:trunk.example.com", "trunk_user", "hunter22")
    hosted = VogentSip("acme", "agent_a", "hunter22")

    assert "dial_1" in repr(session)
    assert TOKEN not in repr(session)
    assert "hunter22" not in repr(sip) + repr(hosted) + repr(SipImportNewNumber(sip))
    assert "trunk_user" in repr(sip)


async def test_a_bad_create_response_does_not_copy_the_token_into_the_error(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """ResponseValidationError.body shows the body with dialToken redacted."""
    mocked.post(f"{BASE}/dials", payload={"dialToken": TOKEN, "dialId": "dial_1"})

    with pytest.raises(ResponseValidationError) as info:
        await client.dials.create(call_agent_id="a", browser_call=True)

    assert "sessionId" in str(info.value)
    assert TOKEN not in info.value.body
    assert TOKEN not in str(info.value)
    assert '"dialToken": "[redacted]"' in info.value.body
    assert "dial_1" in info.value.body


async def test_other_bad_bodies_are_kept_as_received(
    client: vogent_async.Client, mocked: aioresponses
) -> None:
    """Without a secret key in it, the body is the raw text the server sent."""
    mocked.post(f"{BASE}/dials/d1/hangup", body='{"success": "yes"}')

    with pytest.raises(ResponseValidationError) as info:
        await client.dials.hangup("d1")

    assert info.value.body == '{"success": "yes"}'


def test_undocumented_eval_fields_are_kept_and_given_back() -> None:
    """extra holds what the partial contract does not list, at every level; it round-trips."""
    body = {
        "id": "run_1",
        "status": "RUNNING",
        "callAgentId": "agent_1",
        "aggregateResult": {"numPassing": 3, "numFailing": 1, "numErrored": 2},
        "judgeModel": "gpt-4o",
    }

    run = CONVERTER.structure(body, EvalRun)

    assert run.status == "RUNNING"
    assert run.extra == {"judgeModel": "gpt-4o"}
    assert run.aggregate_result == EvalRunResult(3, 1, extra={"numErrored": 2})
    assert CONVERTER.unstructure(run) == body


def test_documented_eval_values_decode_to_enums() -> None:
    """Known statuses and record types are enum members; a bare record has no extra."""
    run = CONVERTER.structure({"id": "r", "status": "PENDING"}, EvalRun)
    record = CONVERTER.structure({"id": "e", "recordType": "PROMPT"}, EvalRecord)

    assert run.status is EvalRunStatus.PENDING
    assert record.record_type is EvalRecordType.PROMPT
    assert record.extra == {}
    assert CONVERTER.unstructure(record) == {"id": "e", "recordType": "PROMPT"}


def test_a_mismatch_in_a_documented_eval_field_names_its_path() -> None:
    """Keeping extras does not make decoding lax: a wrong type still fails with its path."""
    with pytest.raises(Exception, match=r"aggregateResult\.numPassing"):
        CONVERTER.structure({"id": "r", "aggregateResult": {"numPassing": "3"}}, EvalRun)
    with pytest.raises(Exception, match=r"\$: expected an object"):
        CONVERTER.structure(["r"], EvalRun)


def test_a_phone_number_creation_of_an_unknown_type_is_kept_raw() -> None:
    """A tag this version does not know decodes to UnknownVariant and is sent back as it was."""
    body = {"type": "port_in", "portIn": {"number": "+15551234567"}}

    decoded: object = CONVERTER.structure(body, NewPhoneNumber)  # type: ignore[arg-type]

    assert decoded == UnknownVariant("port_in", body)
    assert CONVERTER.unstructure(decoded, NewPhoneNumber) == body
