"""``client.phone_numbers`` against the fake: the collection, creation by type, search, purchase."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import vogent_async
from vogent_async import (
    AvailableNumber,
    InternalServerError,
    InvalidRequestError,
    PhoneNumber,
    PhoneNumberType,
)
from vogent_async.testing import FakeVogent

from .conftest import AGENT

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "phone_numbers"


async def test_list_walks_every_number_in_pages_of_100_by_default(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """250 numbers: three pages, oldest first, each item a PhoneNumber without its agent."""
    ids = [n["id"] for n in fake.phone_numbers] + fake.phone_numbers.seed(248)  # and the fixture's

    numbers = await fake_client.phone_numbers.list().to_list()

    assert [n.id for n in numbers] == ids
    assert all(n.type is PhoneNumberType.PSTN and n.agent_id is None for n in numbers)
    assert [r.query.get("limit") for r in fake.requests] == [None, None, None]


async def test_a_number_can_be_read_linked_unlinked_and_deleted(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """get shows the agent; update(agent_id=None) sends the empty string the API asks for."""
    [number_id] = fake.phone_numbers.seed(1)

    linked = await fake_client.phone_numbers.update(number_id, agent_id=AGENT)
    fetched = await fake_client.phone_numbers.get(number_id)
    unlinked = await fake_client.phone_numbers.update(number_id, agent_id=None)
    deleted = await fake_client.phone_numbers.delete(number_id)

    assert linked == fetched
    assert fetched.agent_id == AGENT
    assert fake.requests[2].json == {"agentId": ""}
    assert unlinked.agent_id is None
    assert deleted == unlinked
    assert number_id not in fake.phone_numbers
    with pytest.raises(vogent_async.NotFoundError):
        await fake_client.phone_numbers.get(number_id)


@pytest.mark.parametrize(
    ("method", "arguments", "sent", "number", "kind"),
    [
        (
            "create_purchase",
            {"number": "+15125550100"},
            {"type": "purchase", "purchase": {"number": "+15125550100"}},
            "+15125550100",
            PhoneNumberType.PSTN,
        ),
        (
            "create_sip_import",
            {
                "phone_number": "+15125550101",
                "termination_uri": "sip:pbx.example.com",
                "username": "trunk",
                "password": "s3cret",
            },
            {
                "type": "sip_import",
                "sipImport": {
                    "phoneNumber": "+15125550101",
                    "terminationUri": "sip:pbx.example.com",
                    "username": "trunk",
                    "password": "s3cret",
                },
            },
            "+15125550101",
            PhoneNumberType.PSTN,
        ),
        (
            "create_vogent_sip",
            {"sip_prefix": "acme", "username": "front-desk", "password": "s3cret!"},
            {
                "type": "vogent_sip",
                "vogentSip": {"sipPrefix": "acme", "username": "front-desk", "password": "s3cret!"},
            },
            "front-desk",
            PhoneNumberType.SIP_USERNAME,
        ),
    ],
)
async def test_each_create_method_sends_the_tagged_body_of_its_type(
    fake: FakeVogent,
    fake_client: vogent_async.Client,
    method: str,
    arguments: dict[str, Any],
    sent: dict[str, Any],
    number: str,
    kind: PhoneNumberType,
) -> None:
    """One method per variant: the type tag and the nested object the API expects."""
    created = await getattr(fake_client.phone_numbers, method)(**arguments)

    assert fake.requests[0].json == sent
    assert (created.number, created.type, created.agent_id) == (number, kind, None)
    assert created.id in fake.phone_numbers


async def test_bad_creation_requests_never_leave(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Every argument problem is listed by its name; a password is never echoed."""
    numbers = fake_client.phone_numbers
    with pytest.raises(InvalidRequestError) as info:
        await numbers.create_vogent_sip(sip_prefix="", username="abc", password="pw1")
    with pytest.raises(InvalidRequestError, match=r"^1 invalid.*\n  number: expected E\.164 like"):
        await numbers.create_purchase(number="5125550100")
    with pytest.raises(InvalidRequestError) as sip:
        await numbers.create_sip_import(
            phone_number="+15125550100",
            termination_uri="",
            username="u",
            password=b"pw-bytes",  # type: ignore[arg-type]
        )

    assert [p.split(":")[0] for p in info.value.problems] == ["sip_prefix", "username", "password"]
    assert [p.split(":")[0] for p in sip.value.problems] == ["termination_uri", "password"]
    assert "pw1" not in str(info.value)
    assert "pw-bytes" not in str(sip.value)
    assert fake.requests == []


async def test_create_is_sent_once_after_a_5xx(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """Buying a number costs money: no blind retry when the server may have acted."""
    fake.faults.add("POST /phone_numbers", status=502)

    with pytest.raises(InternalServerError):
        await fake_client.phone_numbers.create_purchase(number="+15125550100")

    assert [r.status for r in fake.requests] == [502]


async def test_search_returns_a_list_and_sends_its_limit_in_the_body(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """A bare JSON array becomes a list; limit (default 5) and country travel in the body."""
    fake.phone_numbers.seed([{"number": "+15120000001", "type": "PSTN", "agentId": None}])

    found = await fake_client.phone_numbers.search("512")
    three = await fake_client.phone_numbers.search("512", country="us", limit=3)

    assert [r.json for r in fake.requests] == [
        {"prefix": "512", "country": "US", "limit": 5},
        {"prefix": "512", "country": "US", "limit": 3},
    ]
    assert len(found) == 5
    assert all(isinstance(n, AvailableNumber) and n.number.startswith("+1512") for n in found)
    assert "+15120000001" not in {n.number for n in found}  # already the workspace's
    assert three == found[:3]


@pytest.mark.parametrize(
    ("arguments", "problem"),
    [
        ({"prefix": "5x2"}, "prefix: expected digits"),
        ({"prefix": ""}, "prefix: expected digits"),
        ({"prefix": "512", "country": "USA"}, "country: expected a two-letter code"),
        ({"prefix": "512", "limit": 11}, "limit: must be 1 to 10"),
        ({"prefix": "512", "limit": 0}, "limit: must be 1 to 10"),
        ({"prefix": "512", "limit": True}, "limit: expected an integer"),
    ],
)
async def test_search_arguments_are_checked_at_the_door(
    fake: FakeVogent, fake_client: vogent_async.Client, arguments: dict[str, Any], problem: str
) -> None:
    """Each bad argument is named; nothing is sent."""
    with pytest.raises(InvalidRequestError, match=problem):
        await fake_client.phone_numbers.search(**arguments)
    assert fake.requests == []


async def test_purchase_works_and_warns_that_it_is_deprecated(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """The deprecated endpoint still buys the number; the warning names the replacement."""
    [found] = await fake_client.phone_numbers.search("415", limit=1)

    with pytest.warns(DeprecationWarning, match=r"create_purchase\(number=number\)"):
        bought = await fake_client.phone_numbers.purchase(found.number)

    assert fake.requests[-1].path == "/phone_numbers/purchase"
    assert fake.requests[-1].json == {"number": found.number}
    assert bought == await fake_client.phone_numbers.get(bought.id)
    with (
        pytest.warns(DeprecationWarning, match="deprecated"),
        pytest.raises(InvalidRequestError, match="number"),
    ):
        await fake_client.phone_numbers.purchase("415")


async def test_ids_are_checked_and_unknown_ones_are_404(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """'' or '..' never leave; an id the workspace lacks is NotFoundError."""
    numbers = fake_client.phone_numbers
    for bad in ("", ".."):
        with pytest.raises(InvalidRequestError, match="number_id"):
            await numbers.get(bad)
        with pytest.raises(InvalidRequestError, match="number_id"):
            await numbers.update(bad, agent_id="a")
    with pytest.raises(InvalidRequestError, match="agent_id"):
        await numbers.update("pn", agent_id="")
    assert fake.requests == []
    with pytest.raises(vogent_async.NotFoundError):
        await numbers.delete("nope")


async def test_the_documented_request_bodies_are_what_the_methods_send(
    fake: FakeVogent, fake_client: vogent_async.Client
) -> None:
    """The reference's update, search and purchase examples, given as arguments, are sent as is.

    The create example carries all three variants' objects at once; the client sends the
    one its ``type`` names (see tests/test_documented_examples.py).
    """
    [number_id] = fake.phone_numbers.seed(1)
    update = _sample("update_phone_number_request.json")
    fake.agents.seed([{"id": update["agentId"], "name": "The example's", "language": "en"}])
    search = _sample("search_for_available_numbers_request.json")
    purchase = _sample("purchase_available_number_request.json")

    await fake_client.phone_numbers.update(number_id, agent_id=update["agentId"])
    with pytest.raises(InvalidRequestError):  # "<string>" is no prefix: checked, not sent
        await fake_client.phone_numbers.search(search["prefix"])
    await fake_client.phone_numbers.search("512", country=search["country"], limit=search["limit"])
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(InvalidRequestError):
        await fake_client.phone_numbers.purchase(purchase["number"])

    assert fake.requests[0].json == update
    assert fake.requests[1].json == {**search, "prefix": "512"}
    assert len(fake.requests) == 2


def _sample(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text("utf-8"))
    return loaded


def test_a_phone_number_prints_its_fields() -> None:
    """A plain model: id, number, type and agent in its repr."""
    number = PhoneNumber("pn_1", "+15125550100", PhoneNumberType.PSTN, "agent_1")
    assert "pn_1" in repr(number)
    assert "agent_1" in repr(number)
