"""`with_raw_response` works on every public API method, found by walking the client (issue 27).

The methods are enumerated from the client's groups, not listed by hand: a new
method fails `test_every_awaitable_method_has_arguments_here` until it has
arguments in `_ARGUMENTS`, and is then swept like the others against the fake.
"""

from __future__ import annotations

import inspect
import json
import warnings
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import vogent_async
from vogent_async import (
    AgentType,
    AllowedNumber,
    RawResponse,
    with_raw_response,
)
from vogent_async.resources._base import Resource
from vogent_async.testing import FakeVogent
from vogent_async.testing._evals import _OWNER

from .conftest import KEY


@attrs.frozen
class Ids:
    """What the fake was seeded with, for the arguments of each method."""

    agent: str
    prompt: str
    extractor: str
    function: str
    number: str
    job: str
    dial: str
    config: str
    record: str
    run: str
    model: str
    voice: str


Args = tuple[tuple[Any, ...], dict[str, Any]]


_SIP = {"username": "user1", "password": "secret-pass"}
_NUMBERS = [AllowedNumber("+15550100001")]


def _prompt(ids: Ids) -> dict[str, Any]:
    return {"ai_model_id": ids.model, "agent_type": AgentType.STANDARD, "name": "v1",
            "prompt": "Say hi."}  # fmt: skip


#: Each awaitable method's arguments, given the seeded ids. Its keys must be exactly the
#: methods the client has (checked below): the sweep covers every one of them.
_ARGUMENTS: dict[str, Callable[[Ids], Args]] = {
    "agents.create": lambda i: (
        (),
        {"name": "A", "default_voice_id": i.voice, "default_versioned_prompt": _prompt(i)},
    ),
    "agents.get": lambda i: ((i.agent,), {}),
    "agents.update": lambda i: ((i.agent,), {"name": "B"}),
    "agents.delete": lambda i: ((i.agent,), {}),
    "batch_dial_jobs.create": lambda i: (
        (),
        {
            "name": "J",
            "call_agent_id": i.agent,
            "max_concurrent_dials": 1,
            "rows": [{"toNumber": "+15550100000"}],
        },
    ),
    "batch_dial_jobs.get": lambda i: ((i.job,), {}),
    "batch_dial_jobs.update": lambda i: ((i.job,), {"max_concurrent_dials": 2}),
    "batch_dial_jobs.pause": lambda i: ((i.job,), {}),
    "batch_dial_jobs.resume": lambda i: ((i.job,), {}),
    "dials.create": lambda i: ((), {"call_agent_id": i.agent, "browser_call": True}),
    "dials.get": lambda i: ((i.dial,), {}),
    "dials.hangup": lambda i: ((i.dial,), {}),
    "dials.token": lambda i: ((i.dial,), {}),
    "dials.wait": lambda i: ((i.dial,), {"poll": 0.01}),
    "evals.create_config": lambda i: ((), {"name": "E"}),
    "evals.create_record": lambda i: (
        (i.config,),
        {"record_type": "PROMPT", "system_prompt": "Be a caller."},
    ),
    "evals.get_record": lambda i: ((i.config, i.record), {}),
    "evals.delete_record": lambda i: ((i.config, i.record), {}),
    "evals.get_run": lambda i: ((i.run,), {}),
    "evals.cancel_run": lambda i: ((i.run,), {}),
    "extractors.list": lambda i: ((i.agent,), {}),
    "extractors.create": lambda i: (
        (i.agent,),
        {"name": "X", "extractor_fields_json_schema": json.dumps({})},
    ),
    "extractors.get": lambda i: ((i.agent, i.extractor), {}),
    "extractors.update": lambda i: ((i.agent, i.extractor), {"name": "Y"}),
    "functions.create_api": lambda i: ((), {"name": "f", "description": "d"}),
    "functions.create_transfer": lambda i: (
        (),
        {"name": "f", "description": "d", "allowed_numbers": _NUMBERS},
    ),
    "functions.get": lambda i: ((i.function,), {}),
    "functions.update": lambda i: ((i.function,), {"allowed_numbers": _NUMBERS}),
    "functions.delete": lambda i: ((i.function,), {}),
    "phone_numbers.get": lambda i: ((i.number,), {}),
    "phone_numbers.create_purchase": lambda i: ((), {"number": "+15125550100"}),
    "phone_numbers.create_sip_import": lambda i: (
        (),
        {"phone_number": "+15125550102", "termination_uri": "sip:t@example.test", **_SIP},
    ),
    "phone_numbers.create_vogent_sip": lambda i: ((), {"sip_prefix": "acme", **_SIP}),
    "phone_numbers.update": lambda i: ((i.number,), {"agent_id": i.agent}),
    "phone_numbers.delete": lambda i: ((i.number,), {}),
    "phone_numbers.search": lambda i: (("512",), {}),
    "phone_numbers.purchase": lambda i: (("+15125550101",), {}),
    "versioned_prompts.create": lambda i: ((i.agent,), _prompt(i)),
    "versioned_prompts.get": lambda i: ((i.agent, i.prompt), {}),
    "versioned_prompts.update": lambda i: ((i.agent, i.prompt), {"name": "v2"}),
    "voices.clone": lambda i: (("Me", b"RIFF0000WAVE"), {"content_type": "audio/wav"}),
}


def _methods() -> dict[str, Callable[..., Any]]:
    """Every public method of every API group of a client: ``"group.method"`` -> function."""
    client = vogent_async.Client(api_key=KEY, base_url="http://127.0.0.1:9/api")
    found: dict[str, Callable[..., Any]] = {}
    for group in dir(client):
        resource = None if group.startswith("_") else getattr(client, group)
        if isinstance(resource, Resource):
            for name, function in inspect.getmembers(type(resource), inspect.isfunction):
                if not name.startswith("_"):
                    found[f"{group}.{name}"] = function
    return found


METHODS = _methods()
AWAITABLE = sorted(k for k, f in METHODS.items() if inspect.iscoroutinefunction(f))


def test_every_awaitable_method_has_arguments_here() -> None:
    """A method added to a group is swept as soon as it exists (it fails here until then)."""
    assert len(METHODS) > 40  # the enumeration found the groups
    assert sorted(_ARGUMENTS) == AWAITABLE


def test_the_other_methods_return_a_pager_or_a_stream_to_enter() -> None:
    """What is not awaitable sends nothing when called: a lazy listing or an ``async with``.

    Their requests go out later, page by page or on entering (`AsyncPager.pages`
    gives each page; an `AudioStream` has its ``content_type``).
    """
    others = {k: f for k, f in METHODS.items() if k not in AWAITABLE}
    returns = {k: str(inspect.signature(f).return_annotation) for k, f in others.items()}
    odd = {
        k: r for k, r in returns.items()
        if not r.startswith(("AsyncPager[", "contextlib.AbstractAsyncContextManager["))
    }  # fmt: skip
    assert odd == {}


_TRANSFER = {"type": "transfer", "name": "t", "description": "d", "allowedNumbers": []}


def _record(config: str, dial: str) -> dict[str, Any]:
    return {_OWNER: config, "recordType": "DIAL", "dialId": dial}


async def _a_dial(fake: FakeVogent, job: str) -> str:
    async with vogent_async.Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        [dial] = await client.batch_dial_jobs.list_dials(job).to_list()
    return dial.id


@pytest.fixture
async def seeded(fake_vogent: FakeVogent) -> tuple[FakeVogent, Ids]:
    fake = fake_vogent
    [agent] = fake.agents.seed(1)
    [job] = fake.seed_jobs(1, status="ACTIVE", rows=2)
    fake.seed_dials(job, 1)
    [config] = fake.eval_configs.seed(1)
    dial = await _a_dial(fake, job)
    return (
        fake,
        Ids(
            agent=agent,
            prompt=fake.versioned_prompts.seed(1, parent=agent)[0],
            extractor=fake.extractors.seed(1, parent=agent)[0],
            function=fake.functions.seed([_TRANSFER])[0],
            number=fake.phone_numbers.seed(1)[0],
            job=job,
            dial=dial,
            config=config,
            record=fake.eval_records.seed([_record(config, dial)])[0],
            run=fake.eval_runs.seed(1)[0],
            model=fake.models.seed(1)[0],
            voice=fake.voices.seed(1)[0],
        ),
    )


@pytest.mark.parametrize("key", AWAITABLE)
async def test_with_raw_response_works_on_every_method(
    seeded: tuple[FakeVogent, Ids], key: str
) -> None:
    """Status, headers and the method's result; for many requests, the last response."""
    fake, ids = seeded
    group, name = key.split(".")
    args, kwargs = _ARGUMENTS[key](ids)
    async with vogent_async.Client(api_key=fake.api_key, base_url=fake.base_url) as client:
        fake.requests.clear()
        method = getattr(getattr(client, group), name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # phone_numbers.purchase
            raw = await with_raw_response(method)(*args, **kwargs)
    assert isinstance(raw, RawResponse)
    assert 200 <= raw.status_code < 300
    assert raw.headers["content-type"].startswith("application/json")
    assert fake.requests, "the method made no request"
    assert raw.parsed is not None
