"""The Phone Numbers group of the fake: the workspace's numbers, in a generic collection.

Seed them with ``fake.phone_numbers.seed(3)`` or your own bodies. A caller
number the workspace does not hold is refused (422) wherever it is named
(``fromNumberId`` of a dial, ``fromPhoneNumberIds`` of a batch job), as is an
unknown ``agentId`` on update (see `vogent_async.testing._world`); the batch
simulator calls only from numbers that still exist.
"""

from __future__ import annotations

from typing import Any

from vogent_async.testing._collection import Collection
from vogent_async.testing._generated import DataGenerator
from vogent_async.testing._groups import Group
from vogent_async.testing._routing import Call, Page, Paging, Reject, RouteTable

__all__ = ["GROUP", "generate_phone_number"]

routes = RouteTable()
_LIST_ITEM_KEYS = ("id", "number", "type")  # the contract lists items without agentId
_SUB_OBJECT = {"purchase": "purchase", "sip_import": "sipImport", "vogent_sip": "vogentSip"}


def generate_phone_number(data: DataGenerator, world: Any) -> dict[str, Any]:
    """A `PhoneNumber` body: a US number, linked to an agent or not."""
    return {"number": data.phone_number(), "type": "PSTN", "agentId": None}


def _numbers(call: Call) -> Collection:
    return call.fake.collection("phone_numbers")


@routes.get("/phone_numbers", name="listPhoneNumbers", paging=Paging(default_limit=100))
async def list_numbers(call: Call) -> Page:
    page = _numbers(call).page(call.limit, call.after)
    items = [{k: item[k] for k in _LIST_ITEM_KEYS} for item in page.items]
    return Page(items, page.next_key)


@routes.post("/phone_numbers", name="createPhoneNumber")
async def create_number(call: Call) -> dict[str, Any]:
    kind = call.body["type"]
    details = call.body.get(_SUB_OBJECT[kind])
    if details is None:
        raise Reject.invalid([f"{_SUB_OBJECT[kind]}: required when type is {kind!r}"])
    if kind == "vogent_sip":
        body = {"number": details["username"], "type": "SIP_USERNAME"}
    else:
        number = details["number"] if kind == "purchase" else details["phoneNumber"]
        body = {"number": number, "type": "PSTN"}
    return _numbers(call).create({**body, "agentId": None})


@routes.post("/phone_numbers/search", name="searchAvailablePhoneNumbers")
async def search_numbers(call: Call) -> list[dict[str, Any]]:
    prefix = "".join(c for c in call.body["prefix"] if c.isdigit())[:6]
    limit = call.body.get("limit", 5)
    country = "+1" if call.body.get("country", "US") in ("US", "CA") else "+44"
    taken = {item["number"] for item in _numbers(call)}
    candidates = (f"{country}{prefix}{n:0{10 - len(prefix)}d}" for n in range(1, 10**4))
    found: list[dict[str, Any]] = []
    for number in candidates:  # the first free numbers under the prefix
        if len(found) == limit:
            break
        if number not in taken:
            found.append({"number": number})
    return found


@routes.post("/phone_numbers/purchase", name="purchaseAvailablePhoneNumber")
async def purchase_number(call: Call) -> dict[str, Any]:
    return _numbers(call).create({"number": call.body["number"], "type": "PSTN", "agentId": None})


@routes.get("/phone_numbers/{id}", name="getPhoneNumber")
async def get_number(call: Call) -> dict[str, Any]:
    return _numbers(call).get(call.param("id"))


@routes.put("/phone_numbers/{id}", name="updatePhoneNumber")
async def update_number(call: Call) -> dict[str, Any]:
    number_id = call.param("id")
    if "agentId" not in call.body:
        return _numbers(call).get(number_id)
    return _numbers(call).update(number_id, {"agentId": call.body["agentId"] or None})


@routes.delete("/phone_numbers/{id}", name="deletePhoneNumber")
async def delete_number(call: Call) -> dict[str, Any]:
    return _numbers(call).delete(call.param("id"))


GROUP = Group("phone_numbers", routes, collections={"phone_numbers": generate_phone_number})
