"""Test against Vogent without the network: `FakeVogent`, a real HTTP server in your process.

::

    from vogent_async.testing import FakeVogent

    async with FakeVogent(api_key="test-key") as fake:
        [agent_id] = fake.agents.seed(1)  # the fake holds only what it is given
        fake.seed_jobs(250, call_agent_id=agent_id)
        async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
            jobs = await client.batch_dial_jobs.list().to_list()

It serves every group of the contract (batch dials, dials, agents with their
prompts and extractors, functions, voices, models, phone numbers, evals and
speech) as one world: a fresh fake lists stock models and voices; every id a
request names must be of an object it holds, and every seed is checked against
the contract. See `FakeVogent`.

From a shell (or another process), ``python -m vogent_async.testing serve --port 8080``
runs it as a server whose clock runs (``--speed``), with webhooks (``--webhook-url``),
seed data (``--seed-file``) and a control plane under ``/_fake``; `serve` is the
function behind that command.

With pytest, the ``fake_vogent`` and ``vogent_client`` fixtures of
`vogent_async.testing.pytest_plugin` are available once the package is installed.

Names are imported on first use, so that loading the pytest plugin (which
lives in this package) does not pull in the server.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vogent_async.testing._collection import Collection
    from vogent_async.testing._events import FakeEvent
    from vogent_async.testing._faults import FaultRule, Faults
    from vogent_async.testing._limits import ServerStats
    from vogent_async.testing._process import serve
    from vogent_async.testing._records import RecordedRequest
    from vogent_async.testing._replies import ERROR_BODY_SCHEMA
    from vogent_async.testing._sandbox import SANDBOX_NOTICE, sandbox
    from vogent_async.testing._server import FakeVogent, JobProgress
    from vogent_async.testing._webhook_sender import WebhookDelivery

__all__ = [
    "ERROR_BODY_SCHEMA",
    "SANDBOX_NOTICE",
    "Collection",
    "FakeEvent",
    "FakeVogent",
    "FaultRule",
    "Faults",
    "JobProgress",
    "RecordedRequest",
    "ServerStats",
    "WebhookDelivery",
    "sandbox",
    "serve",
]

_WHERE = {
    "ERROR_BODY_SCHEMA": "_replies",
    "Collection": "_collection",
    "FakeEvent": "_events",
    "FakeVogent": "_server",
    "FaultRule": "_faults",
    "Faults": "_faults",
    "JobProgress": "_server",
    "RecordedRequest": "_records",
    "SANDBOX_NOTICE": "_sandbox",
    "ServerStats": "_limits",
    "WebhookDelivery": "_webhook_sender",
    "sandbox": "_sandbox",
    "serve": "_process",
}


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE})
