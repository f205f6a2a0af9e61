"""Smoke tests of `benchmarks/webhooks.py`: tiny sizes, results checked, never timings."""

from __future__ import annotations

import json

from benchmarks import webhooks
from benchmarks.config import SMOKE
from benchmarks.webhooks_server import KINDS, SECRET, SIGNATURE_HEADER
from tests.webhooks.conftest import event_samples
from vogent_async.webhooks import parse_event


def dial_ids(requests: list[bytes]) -> set[str]:
    """The dial ids of signed requests, each checked: length, signature, event."""
    dials = set()
    for raw in requests:
        head, body = raw.split(b"\r\n\r\n", 1)
        headers = dict(line.split(": ", 1) for line in head.decode().split("\r\n")[1:])
        assert int(headers["Content-Length"]) == len(body)
        event = parse_event(body, headers[SIGNATURE_HEADER], SECRET)
        dials.add(event.dial_id)  # type: ignore[union-attr]
    return dials


def test_a_campaign_signs_every_example_once_a_call_with_its_own_dial() -> None:
    requests = webhooks.campaign(2, 5)
    kinds = {json.loads(r.split(b"\r\n\r\n", 1)[1]).get("event") for r in requests}
    assert len(requests) == 2 * len(event_samples()) == 2 * len(kinds)
    assert len(dial_ids(requests)) == 2
    assert dial_ids(requests).isdisjoint(dial_ids(webhooks.campaign(2, 6)))  # no redeliveries


async def test_every_server_answers_every_event_200_and_reports_its_cpu() -> None:
    requests = webhooks.campaign(SMOKE.webhooks_calls, 0)
    with webhooks.running(list(KINDS)) as servers:
        for server in servers.values():
            before = server.cpu()
            assert await webhooks.send(server.port, requests, 2) == [200] * len(requests)
            assert server.cpu() >= before


async def test_the_receiver_answers_a_redelivery_without_its_handler_and_a_forgery_401() -> None:
    first = webhooks.campaign(1, 0)[:1]
    head, body = first[0].split(b"\r\n\r\n", 1)
    forged = head + b"\r\n\r\n" + body.replace(b"dial.", b"dial_", 1)
    with webhooks.running(["aiohttp-receiver"]) as servers:
        port = servers["aiohttp-receiver"].port
        assert await webhooks.send(port, first + first, 1) == [200, 200]
        assert await webhooks.send(port, [forged], 1) == [401]


def test_rows_compare_each_receiver_with_its_framework_s_minimal_handler() -> None:
    rows = webhooks.run("unused", SMOKE)
    assert [r.benchmark for r in rows] == [
        f"webhooks {framework} {unit}"
        for framework in ("aiohttp", "starlette")
        for unit in ("CPU", "wall")
        for _ in range(2)
    ]
    for minimal, receiver in zip(rows[::2], rows[1::2], strict=True):
        assert minimal.variant.endswith("minimal handler")
        assert receiver.baseline == minimal.variant
        assert receiver.target == webhooks.TARGET
        assert len(receiver.samples) == SMOKE.runs
        assert receiver.items == SMOKE.webhooks_calls * len(event_samples())
