"""FakeVogent as a process: ``python -m vogent_async.testing serve``, and `serve` behind it."""

from __future__ import annotations

import asyncio
import json
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

import vogent_async
from vogent_async.testing import FakeVogent, ServerStats, serve
from vogent_async.testing import _command as command
from vogent_async.testing import _process as serve_module
from vogent_async.testing._models import CATALOG

from .conftest import start_served, stop_served


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
async def test_the_command_serves_seeded_data_until_a_signal_then_prints_its_counts(
    sig: signal.Signals,
) -> None:
    """Jobs, dials and models are seeded; SIGTERM/SIGINT end it cleanly with the counters."""
    process, base_url = start_served(
        "--api-key", "k-1", "--seed", "4", "--jobs", "3", "--dials", "7"
    )
    try:
        async with vogent_async.Client("k-1", base_url=base_url) as client:
            jobs = await client.batch_dial_jobs.list().to_list()
            dials = await client.batch_dial_jobs.list_dials(jobs[0].id).to_list()
    finally:
        code, out = stop_served(process, sig)

    assert code == 0
    assert len(jobs) == 3
    assert len(dials) == 7
    assert json.loads(out.strip().splitlines()[-1]) == {
        "requests": 2,
        "throttled": 0,
        "maxInFlight": 1,
        "inFlight": 0,
    }


async def _gated(gate: asyncio.Event) -> AsyncIterator[bytes]:
    """A request body that ends only when ``gate`` is set: its request stays in flight."""
    yield b'{"paused": '
    await gate.wait()
    yield b"true}"


async def test_the_concurrency_limit_answers_429_and_the_admin_routes_show_it() -> None:
    """With --concurrency-limit 1 and one request held, the next is 429; /_fake/* count it."""
    process, base_url = start_served("--concurrency-limit", "1", "--jobs", "1")
    root = base_url.removesuffix("/api")
    try:
        async with aiohttp.ClientSession(headers={"Authorization": "Bearer test-key"}) as session:
            [job] = (await (await session.get(base_url + "/batch_dial_jobs")).json())["data"]
            gate = asyncio.Event()
            url = f"{base_url}/batch_dial_jobs/{job['id']}/paused"
            held = asyncio.create_task(session.post(url, data=_gated(gate)))
            for _ in range(2000):
                if (await (await session.get(root + "/_fake/stats")).json())["inFlight"]:
                    break
                await asyncio.sleep(0.005)
            refused = await session.get(base_url + "/batch_dial_jobs")
            gate.set()
            answered = await held
            stats = await (await session.get(root + "/_fake/stats")).json()
            log = await (await session.get(root + "/_fake/requests")).json()
    finally:
        code, _ = stop_served(process, signal.SIGTERM)

    assert code == 0
    assert (refused.status, refused.headers["Retry-After"]) == (429, "1")
    assert answered.status == 200
    assert stats == {"requests": 3, "throttled": 1, "maxInFlight": 1, "inFlight": 0}
    assert [(r["route"], r["status"]) for r in log] == [
        ("GET /batch_dial_jobs", 200),
        ("POST /batch_dial_jobs/{id}/paused", 200),  # in arrival order
        ("GET /batch_dial_jobs", 429),
    ]


def test_bad_arguments_exit_2_naming_the_option(capsys: pytest.CaptureFixture[str]) -> None:
    """A zero limit or a negative count is refused before anything starts."""
    for argv in (
        ["serve", "--concurrency-limit", "0"],
        ["serve", "--jobs", "-1"],
        ["serve", "--latency", "-2"],
        [],
    ):
        with pytest.raises(SystemExit) as caught:
            command.main(argv)
        assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--concurrency-limit: must be a positive integer, got 0" in err
    assert "--jobs: must be 0 or more, got -1" in err
    assert "--latency: must be 0 or more seconds, got -2" in err


def test_the_webhook_secret_comes_from_the_environment_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unset variable is a usage error naming it; the secret itself is no option."""
    monkeypatch.delenv("FAKE_HOOK_SECRET", raising=False)
    for argv in (["--webhook-secret-env", "FAKE_HOOK_SECRET"], ["--webhook-secret", "s3"]):
        with pytest.raises(SystemExit) as caught:
            command.main(["serve", *argv])
        assert caught.value.code == 2
    assert "FAKE_HOOK_SECRET is not set or is empty" in capsys.readouterr().err


def test_main_passes_every_option_to_serve(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each flag reaches serve() under its name; the counters are printed as JSON at the end."""
    seen: dict[str, Any] = {}

    def fake_serve(**options: Any) -> ServerStats:
        seen.update(options)
        return ServerStats(requests=5, throttled=1, max_in_flight=2, in_flight=0)

    monkeypatch.setattr(command, "serve", fake_serve)
    monkeypatch.setenv("FAKE_HOOK_SECRET", "s3")
    argv = "serve --port 8123 --host 127.0.0.2 --api-key k --seed 9 --concurrency-limit 3"
    argv += " --latency 0.25 --jobs 4 --dials 5 --models 6"
    argv += " --speed 2.5 --webhook-url http://127.0.0.1:9/hook"
    argv += " --webhook-secret-env FAKE_HOOK_SECRET"
    argv += " --seed-file world.json"

    assert command.main(argv.split()) == 0

    assert {k: v for k, v in seen.items() if k != "ready"} == {
        "port": 8123,
        "host": "127.0.0.2",
        "api_key": "k",
        "seed": 9,
        "max_concurrent_requests": 3,
        "latency": 0.25,
        "jobs": 4,
        "dials": 5,
        "models": 6,
        "speed": 2.5,
        "webhook_url": "http://127.0.0.1:9/hook",
        "webhook_secret": "s3",
        "seed_file": "world.json",
    }
    assert json.loads(capsys.readouterr().out) == {
        "requests": 5,
        "throttled": 1,
        "maxInFlight": 2,
        "inFlight": 0,
    }


def test_serve_stops_on_sigterm_in_this_process() -> None:
    """serve() runs until SIGTERM, seeds what it was asked, and returns the counters."""
    started: list[FakeVogent] = []

    def ready(fake: FakeVogent) -> None:
        started.append(fake)
        os.kill(os.getpid(), signal.SIGTERM)

    stats = serve(models=3, jobs=2, ready=ready)

    assert stats == ServerStats(requests=0, throttled=0, max_in_flight=0, in_flight=0)
    assert len(started[0].models) == len(CATALOG) + 3  # the stock models, and 3 more
    assert len(started[0].job(started[0].seed_jobs(1)[0])) > 0
    with pytest.raises(RuntimeError, match="not started"):
        _ = started[0].base_url
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


async def test_run_until_stopped_ends_when_its_event_is_set() -> None:
    """Inside a running loop, run_until_stopped serves a fake until the stop event is set."""
    stop = asyncio.Event()
    urls: list[str] = []

    def ready(fake: FakeVogent) -> None:
        urls.append(fake.base_url)
        stop.set()

    stats = await serve_module.run_until_stopped(FakeVogent(), models=2, ready=ready, stop=stop)

    assert urls[0].startswith("http://127.0.0.1:")
    assert stats.requests == 0


async def test_seeded_jobs_are_coherent_with_their_status() -> None:
    """serve's jobs: INIT ones have no finished dials yet; INIT and PAUSED ones resume."""
    stop, started = asyncio.Event(), asyncio.Event()
    fake = FakeVogent(api_key="k")
    serving = asyncio.create_task(
        serve_module.run_until_stopped(
            fake, jobs=24, dials=30, ready=lambda _: started.set(), stop=stop
        )
    )
    await started.wait()
    try:
        async with vogent_async.Client("k", base_url=fake.base_url) as client:
            jobs = await client.batch_dial_jobs.list().to_list()
            finished = {
                job.id: len(await client.batch_dial_jobs.list_dials(job.id).to_list())
                for job in jobs
            }
            waiting = [job for job in jobs if job.status in ("INIT", "PAUSED")]
            resumed = [(await client.batch_dial_jobs.resume(job.id)).status for job in waiting]
    finally:
        stop.set()
        await serving

    assert {"INIT", "PAUSED", "COMPLETE"} <= {job.status for job in jobs}
    assert [finished[job.id] for job in jobs if job.status == "INIT"] == [0] * sum(
        job.status == "INIT" for job in jobs
    )
    assert all(finished[job.id] == 30 for job in jobs if job.status == "COMPLETE")
    assert set(resumed) == {"ACTIVE"}


def test_serve_keeps_a_bounded_request_log() -> None:
    """A served fake keeps the last REQUEST_LOG_SIZE requests, not every one for ever."""
    size = serve_module.REQUEST_LOG_SIZE
    seen: list[list[str]] = []

    async def send(fake: FakeVogent) -> None:
        async with aiohttp.ClientSession() as session:
            for n in range(size + 2):
                async with session.get(f"{fake.base_url}/batch_dial_jobs/{n}") as resp:
                    assert resp.status == 401
        seen.append([r.path for r in fake.requests])
        os.kill(os.getpid(), signal.SIGTERM)

    tasks: list[asyncio.Task[None]] = []
    stats = serve(ready=lambda fake: tasks.append(asyncio.create_task(send(fake))))

    assert stats.requests == size + 2
    assert len(seen[0]) == size
    assert seen[0][0] == "/batch_dial_jobs/2"
    assert tasks[0].done()


def test_serve_seeds_the_groups_of_its_seed_file(tmp_path: Path) -> None:
    """--seed-file: each group's bodies are there when the fake is ready."""
    seed = tmp_path / "world.json"
    agent = {"id": "agent_1", "name": "Renewals", "language": "en-US"}
    number = {"id": "pn_1", "number": "+15550100001", "type": "PSTN", "agentId": None}
    seed.write_text(json.dumps({"agents": [agent], "phone_numbers": [number]}))
    seen: list[tuple[Any, ...]] = []

    def ready(fake: FakeVogent) -> None:
        seen.append((list(fake.agents), list(fake.phone_numbers), fake.speed))
        os.kill(os.getpid(), signal.SIGTERM)

    serve(seed_file=seed, ready=ready)

    [(agents, numbers, speed)] = seen
    [held] = agents
    assert isinstance(held.pop("defaultVersionedPromptId"), str)  # made with the agent
    assert (held, numbers, speed) == (agent, [number], serve_module.DEFAULT_SPEED)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (None, "cannot read the seed file"),
        ("{", "the seed file is not valid JSON"),
        ("[]", "expected a JSON object mapping group names to lists of bodies, got an array"),
        ('{"agent": []}', "unknown group 'agent'; the groups are: agents,"),
        ('{"agents": [1]}', "agents[0]: expected an object, got a number"),
    ],
)
def test_a_bad_seed_file_exits_2_saying_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str | None, words: str
) -> None:
    """Nothing is served: the command names the option, the file and the problem."""
    seed = tmp_path / "world.json"
    if content is not None:
        seed.write_text(content)
    with pytest.raises(SystemExit) as caught:
        command.main(["serve", "--seed-file", str(seed)])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--seed-file: " in err
    assert words in err


def test_bad_speed_or_webhook_url_exit_2_naming_the_option(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A negative speed, or a webhook URL off this machine, is refused before serving."""
    for argv in (
        ["serve", "--speed", "-1"],
        ["serve", "--webhook-url", "http://example.com/hook"],
    ):
        with pytest.raises(SystemExit) as caught:
            command.main(argv)
        assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "--speed: must be a number, 0 or more, got -1" in err
    assert "--webhook-url: webhook_url must point at a loopback address" in err
