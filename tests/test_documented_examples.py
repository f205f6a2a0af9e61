"""Every example body the API reference shows for dials and phone numbers decodes and round-trips.

The bodies are in tests/samples/<group>/, copied exactly (each README names its
page). Documented normalisation: timestamps come back as ``+00:00`` rather
than ``Z`` (the same instant).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from vogent_async import (
    AvailableNumber,
    Dial,
    DialSession,
    EvalConfig,
    EvalRecord,
    EvalRun,
    NewPhoneNumber,
    NumberPurchase,
    PhoneNumber,
    PhoneNumberType,
    PurchaseNewNumber,
)
from vogent_async._codec._converter import Converter
from vogent_async.resources.dials import _Hangup, _Token
from vogent_async.resources.evals import _Deleted

SAMPLES = Path(__file__).resolve().parent / "samples"
CONVERTER = Converter()


def sample(name: str) -> Any:
    """The JSON of ``tests/samples/<name>``."""
    return json.loads((SAMPLES / name).read_text("utf-8"))


def _z(data: Any) -> Any:
    """``+00:00`` offsets written back as ``Z``, as the examples spell UTC."""
    if isinstance(data, dict):
        return {k: _z(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_z(v) for v in data]
    if isinstance(data, str) and data.endswith("+00:00") and "T" in data:
        return data[: -len("+00:00")] + "Z"
    return data


RESPONSES = [
    ("dials/create_dial_response.json", DialSession),
    ("dials/get_dial_response.json", Dial),
    ("dials/hangup_dial_response.json", _Hangup),
    ("dials/get_dial_token_response.json", _Token),
    ("phone_numbers/get_phone_number_response.json", PhoneNumber),
    ("phone_numbers/create_number_response.json", PhoneNumber),
    ("phone_numbers/update_phone_number_response.json", PhoneNumber),
    ("phone_numbers/purchase_available_number_response.json", PhoneNumber),
    ("phone_numbers/delete_phone_number_response.json", PhoneNumber),
    # Built from the contract's schemas: the reference's mirror has no Evals page.
    ("evals/eval_record_dial.json", EvalRecord),
    ("evals/ai_eval_run.json", EvalRun),
    ("evals/delete_eval_record_response.json", _Deleted),
]


@pytest.mark.parametrize(("name", "cls"), RESPONSES, ids=[n for n, _ in RESPONSES])
def test_each_documented_response_decodes_and_round_trips(name: str, cls: type[Any]) -> None:
    """structure, then unstructure, gives the documented body back."""
    body = sample(name)

    decoded = CONVERTER.structure(body, cls)

    assert _z(CONVERTER.unstructure(decoded)) == body


def test_the_eval_bodies_decode_every_documented_field() -> None:
    """The schema-built eval bodies decode with nothing left in ``extra``.

    Documented normalisation: ``dialId: null`` is left out when encoded again.
    """
    page = sample("evals/list_eval_configs_response.json")
    configs = CONVERTER.structure_list(page["data"], EvalConfig, path="data")
    prompt = sample("evals/eval_record_prompt.json")
    record = CONVERTER.structure(prompt, EvalRecord)

    assert CONVERTER.unstructure(configs) == page["data"]
    assert record.prompt is not None
    assert record.prompt.extra == {}
    assert record.extra == {}
    assert _z(CONVERTER.unstructure(record)) == {k: v for k, v in prompt.items() if k != "dialId"}
    run = CONVERTER.structure(sample("evals/ai_eval_run.json"), EvalRun)
    assert run.aggregate_result is not None
    assert (run.aggregate_result.num_passing, run.aggregate_result.extra) == (7, {})


def test_the_documented_dial_decodes_its_enums() -> None:
    """The get-dial example's result type is the enum; its free-text status stays a string."""
    dial = CONVERTER.structure(sample("dials/get_dial_response.json"), Dial)

    assert dial.system_result_type == "BUSY"
    assert dial.status == "<string>"
    assert dial.started_at is not None
    assert dial.started_at.utcoffset() is not None


def test_the_documented_listing_and_search_decode_as_lists() -> None:
    """The list page's items are phone numbers; the search body is a bare array."""
    page = sample("phone_numbers/list_phone_numbers_response.json")
    items = CONVERTER.structure_list(page["data"], PhoneNumber, path="data")
    found = CONVERTER.structure_list(
        sample("phone_numbers/search_for_available_numbers_response.json"), AvailableNumber, path=""
    )

    assert items == [PhoneNumber("<string>", "+18001234567", PhoneNumberType.PSTN, "<string>")]
    assert CONVERTER.unstructure(items) == page["data"]
    assert found == [AvailableNumber("<string>")]


def test_the_documented_creation_request_decodes_to_its_tagged_variant() -> None:
    """type=purchase selects PurchaseNewNumber; the example's other two objects are ignored.

    Documented normalisation: the example fills in every variant's object; only the
    one its ``type`` names survives the round trip.
    """
    body = sample("phone_numbers/create_number_request.json")

    decoded: object = CONVERTER.structure(body, NewPhoneNumber)  # type: ignore[arg-type]

    assert decoded == PurchaseNewNumber(NumberPurchase("<string>"))
    again = CONVERTER.unstructure(decoded, NewPhoneNumber)
    assert again == {"type": "purchase", "purchase": body["purchase"]}
