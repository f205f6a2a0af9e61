"""Every file in docs/examples/ runs against the fake server, over real HTTP, as its page says."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import importlib.util
import inspect
import json
import re
import sys
import types
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

import vogent_async
from vogent_async.testing import FakeVogent

from .conftest import SleepRecorder

DOCS = Path(__file__).resolve().parent.parent / "docs"
EXAMPLES = DOCS / "examples"
# A page's copy of a part of an example file: the comment, then the fenced code.
SHOWN = re.compile(
    r"<!-- shown from (docs/examples/\w+\.py):([\w-]+) -->\n```python\n(.*?)```", re.S
)
DIALS = "GET /batch_dial_jobs/{id}/dials"
JOBS = "GET /batch_dial_jobs"
ONE_JOB = "GET /batch_dial_jobs/{id}"

Load = Callable[[str], types.ModuleType]
needs_task_group = pytest.mark.skipif(
    sys.version_info < (3, 11), reason="the recipe uses asyncio.TaskGroup, Python 3.11+"
)


@pytest.fixture
def load(monkeypatch: pytest.MonkeyPatch, fake_vogent: FakeVogent) -> Load:
    """Import an example file fresh, with VOGENT_API_KEY/VOGENT_BASE_URL naming the fake."""
    monkeypatch.setenv("VOGENT_API_KEY", fake_vogent.api_key)
    monkeypatch.setenv("VOGENT_BASE_URL", fake_vogent.base_url)

    def load(name: str) -> types.ModuleType:
        spec = importlib.util.spec_from_file_location(f"docs_example_{name}", EXAMPLES / name)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module

    return load


@pytest.fixture
def no_key(load: Load, monkeypatch: pytest.MonkeyPatch) -> Load:
    """`load`, with no VOGENT_API_KEY: an example's `sandbox` starts a fake of its own."""
    monkeypatch.delenv("VOGENT_API_KEY")
    monkeypatch.delenv("VOGENT_BASE_URL")
    return load


def names_of(fake: FakeVogent, job_ids: list[str]) -> list[str]:
    """The names the fake holds for these jobs."""
    return [fake.job(job_id)["name"] for job_id in job_ids]


def test_every_example_has_a_test() -> None:
    """No file in docs/examples/ goes untested: each is named by a test in a test_docs* module."""
    source = "".join(p.read_text() for p in Path(__file__).parent.glob("test_docs*.py"))
    untested = [p.name for p in EXAMPLES.glob("*.py") if f'"{p.name}"' not in source]
    assert untested == []


def section(path: str, name: str) -> str:
    """The lines between ``# --8<-- [start:name]`` and ``[end:name]`` of an example file."""
    lines = (DOCS.parent / path).read_text().splitlines()
    start, end = lines.index(f"# --8<-- [start:{name}]"), lines.index(f"# --8<-- [end:{name}]")
    return "\n".join(lines[start + 1 : end]).strip("\n") + "\n"


def test_guides_show_their_code_inline() -> None:
    """No page includes a Python file: the code is in the page, readable where it is stored."""
    includes = [
        f"{page.name}: {line}"
        for page in DOCS.rglob("*.md")
        for line in page.read_text().splitlines()
        if line.startswith("--8<--") and ".py" in line
    ]
    assert includes == []


def test_each_part_a_guide_shows_is_the_example_files_own_text() -> None:
    """A block marked as shown from an example is that file's part, to the character.

    Every marked part of every example is shown by some page, and every example is
    linked from a page, so a reader finds the whole program the suite runs.
    """
    pages = "".join(page.read_text() for page in DOCS.rglob("*.md"))
    shown = [(m[1], m[2], m[3]) for m in SHOWN.finditer(pages)]
    assert shown
    assert [(p, n) for p, n, code in shown if code != section(p, n)] == []
    marked = {
        (f"docs/examples/{p.name}", name)
        for p in EXAMPLES.glob("*.py")
        for name in re.findall(r"^# --8<-- \[start:([\w-]+)\]$", p.read_text(), re.M)
    }
    assert marked == {(p, n) for p, n, _ in shown}
    unlinked = [p.name for p in EXAMPLES.glob("*.py") if f"examples/{p.name})" not in pages]
    assert unlinked == []


async def test_quickstart_prints_the_active_jobs(
    load: Load, fake_vogent: FakeVogent, capsys: pytest.CaptureFixture[str]
) -> None:
    """The quickstart lists exactly the active jobs, across pages, one printed line each."""
    active = fake_vogent.seed_jobs(130, status="ACTIVE")
    fake_vogent.seed_jobs(20, status="PAUSED")

    names = await load("quickstart.py").main()

    assert sorted(names) == sorted(names_of(fake_vogent, active))
    assert len(capsys.readouterr().out.splitlines()) == 130
    assert [r.query.get("status") for r in fake_vogent.requests] == ["ACTIVE", "ACTIVE"]


async def test_pagination_items_and_pages(
    load: Load, fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """Items cross page boundaries; pages follow page_size; max_items stops the fetching."""
    ids = fake_vogent.seed_jobs(120, status="COMPLETE")
    paused = fake_vogent.seed_jobs(15, status="PAUSED")
    example = load("pagination.py")

    assert sorted(await example.all_job_names(vogent_client)) == sorted(
        names_of(fake_vogent, ids + paused)
    )
    assert await example.page_sizes(vogent_client) == [50, 50, 35]

    fake_vogent.requests.clear()
    newest = await example.newest_paused(vogent_client)
    assert len(newest) == 10
    assert {job.id for job in newest} <= set(paused)
    assert len(fake_vogent.requests) == 1  # the first page held ten: no second request


async def test_pagination_checkpoint_resumes_after_a_failure(
    load: Load, fake_vogent: FakeVogent, tmp_path: Path
) -> None:
    """A walk cut off by an error resumes from the saved cursor: every name once, then done."""
    ids = fake_vogent.seed_jobs(250)
    fake_vogent.faults.add(JOBS, status=500, after=1, times=None)
    example = load("pagination.py")
    state, out = tmp_path / "state.json", tmp_path / "names.txt"

    async with vogent_async.Client(max_retries=0) as client:
        with pytest.raises(vogent_async.InternalServerError):
            await example.export_names(client, state, out)
        assert len(out.read_text().splitlines()) == 100  # page one, checkpointed
        fake_vogent.faults.clear()
        fake_vogent.requests.clear()
        assert await example.export_names(client, state, out) == 150
        assert await example.export_names(client, state, out) == 0  # done: nothing re-read

    assert sorted(out.read_text().splitlines()) == sorted(names_of(fake_vogent, ids))
    first = fake_vogent.requests[0]
    assert first.query.get("cursor")  # the resumed walk did not start over
    assert len(fake_vogent.requests) == 2


@pytest.mark.parametrize("recipe", ["aiohttp_app.py", "fastapi_app.py"])
async def test_web_app_shares_one_client(
    recipe: str, load: Load, fake_vogent: FakeVogent, sleeps: SleepRecorder
) -> None:
    """The app serves jobs through its shared client and maps 404 and API failures."""
    active = fake_vogent.seed_jobs(3, status="ACTIVE")
    fake_vogent.seed_jobs(4, status="COMPLETE")
    broken = fake_vogent.seed_jobs(1, status="PAUSED")[0]
    fake_vogent.faults.add(ONE_JOB, status=503, after=2, times=None)  # after the first two

    results = await load(recipe).main([active[0], "job-that-does-not-exist", broken])

    listing, found, missing, failed = results
    assert listing[0] == 200
    assert sorted(job["id"] for job in listing[1]) == sorted(active)
    assert found == (
        200,
        {"id": active[0], "name": names_of(fake_vogent, active[:1])[0], "status": "ACTIVE"},
    )
    assert missing[0] == 404
    assert failed[0] == 502
    assert len(sleeps.delays) == 2  # the client retried the 503 twice before giving up


@pytest.mark.parametrize("recipe", ["aiohttp_app.py", "fastapi_app.py"])
async def test_web_app_client_closes_with_the_app(
    recipe: str, load: Load, monkeypatch: pytest.MonkeyPatch
) -> None:
    """aiohttp's cleanup_ctx and FastAPI's lifespan make one client and close it at shutdown."""
    module = load(recipe)
    made: list[vogent_async.Client] = []

    class Recording(vogent_async.Client):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

    patched = types.SimpleNamespace(**{**vars(vogent_async), "Client": Recording})
    monkeypatch.setattr(module, "vogent_async", patched)
    await module.main()
    assert len(made) == 1
    assert made[0].closed


@needs_task_group
async def test_export_pipeline_writes_every_dial_of_every_job(
    load: Load, fake_vogent: FakeVogent, tmp_path: Path
) -> None:
    """Each complete job's dials land in its own CSV, complete, with no partial files left."""
    jobs = fake_vogent.seed_jobs(9, status="COMPLETE")
    fake_vogent.seed_jobs(3, status="ACTIVE")
    expected = {job_id: 17 * n for n, job_id in enumerate(jobs)}  # 0 to 136 dials
    for job_id, n in expected.items():
        fake_vogent.seed_dials(job_id, n)

    counts = await load("export_pipeline.py").main(str(tmp_path))

    assert counts == expected
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{j}.csv" for j in jobs)
    for job_id, n in expected.items():
        with (tmp_path / f"{job_id}.csv").open(newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0] == [
            "dial_id",
            "to_number",
            "status",
            "result",
            "duration_seconds",
            "ended_at",
        ]
        assert len({row[0] for row in rows[1:]}) == len(rows) - 1 == n


@needs_task_group
async def test_export_pipeline_stops_every_worker_on_failure(
    load: Load, fake_vogent: FakeVogent, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    """One job's failing dials raise an ExceptionGroup, and no file claims to be complete."""
    jobs = fake_vogent.seed_jobs(6, status="COMPLETE")
    for job_id in jobs:
        fake_vogent.seed_dials(job_id, 120)
    fake_vogent.faults.add(DIALS, status=500, after=4, times=None)

    with pytest.raises(Exception, match="TaskGroup") as caught:  # an ExceptionGroup
        await load("export_pipeline.py").main(str(tmp_path))

    assert caught.group_contains(vogent_async.InternalServerError)
    finished = [p for p in tmp_path.iterdir() if p.suffix == ".csv"]
    assert len(finished) < len(jobs)
    for path in finished:
        with path.open(newline="") as f:
            assert len(list(csv.reader(f))) == 121  # a file with the final name is whole


@contextlib.asynccontextmanager
async def running_clock(fake: FakeVogent) -> AsyncIterator[None]:
    """Move the fake's clock ten minutes at every turn of the event loop, until the block ends."""

    async def tick() -> None:
        while True:
            await asyncio.sleep(0)
            fake.advance(600)

    ticking = asyncio.ensure_future(tick())
    try:
        yield
    finally:
        ticking.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await ticking


async def test_campaign_runs_against_its_own_fake(no_key: Load) -> None:
    """The campaign guide's script plays create, resume, watch and export to the end."""
    dials = await no_key("campaign.py").main(every=0.001)

    assert sorted(dial.to_number or "" for dial in dials) == [f"+1555010{i:04d}" for i in range(40)]


async def test_campaign_is_created_once(
    load: Load, fake_vogent: FakeVogent, vogent_client: vogent_async.Client
) -> None:
    """A second run with the same name finds the finished job instead of dialling again."""
    campaign = load("campaign.py")
    [agent] = fake_vogent.agents.seed(1)
    numbers = ["+15550100001", "+15550100002", "+15550100003"]

    async def run() -> list[Any]:
        async with running_clock(fake_vogent):
            return list(
                await campaign.run_campaign(
                    vogent_client, name="once", agent_id=agent, numbers=numbers, every=0.001
                )
            )

    first, second = await run(), await run()

    assert [d.id for d in first] == [d.id for d in second]
    assert len(first) == 3
    assert [r.route for r in fake_vogent.requests].count("POST /batch_dial_jobs") == 1
    assert [r.route for r in fake_vogent.requests].count("POST /batch_dial_jobs/{id}/paused") == 1


def dial_ids(out: Path) -> list[str]:
    """The dial ids a JSON-lines export holds, in file order."""
    return [json.loads(line)["id"] for line in out.read_text().splitlines()]


async def all_dial_ids(fake: FakeVogent, job_id: str) -> list[str]:
    """The job's dial ids as the API lists them."""
    async with vogent_async.Client(fake.api_key, base_url=fake.base_url) as client:
        return [dial.id async for dial in client.batch_dial_jobs.list_dials(job_id)]


async def test_resumable_worker_resumes_after_api_failures(
    load: Load, fake_vogent: FakeVogent, tmp_path: Path, sleeps: SleepRecorder
) -> None:
    """The supervisor restarts at the saved cursor, and every dial is written exactly once."""
    job_id = fake_vogent.seed_jobs(1, status="COMPLETE")[0]
    fake_vogent.seed_dials(job_id, 230)
    rule = fake_vogent.faults.add(DIALS, status=503, after=2, times=3)  # page 3, every retry
    out = tmp_path / "dials.jsonl"

    count = await load("resumable_worker.py").main(job_id, str(out), pause=0)

    assert rule.hits == 3
    assert count == 230
    assert dial_ids(out) == await all_dial_ids(fake_vogent, job_id)
    first_pages = [r for r in fake_vogent.requests if r.route == DIALS and "cursor" not in r.query]
    assert len(first_pages) == 2  # the worker's first page, and all_dial_ids' own walk


async def test_resumable_worker_survives_a_crash_between_write_and_checkpoint(
    load: Load, fake_vogent: FakeVogent, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page written but not checkpointed is cut off on restart, not duplicated."""
    job_id = fake_vogent.seed_jobs(1, status="COMPLETE")[0]
    fake_vogent.seed_dials(job_id, 180)
    worker = load("resumable_worker.py")
    out, state = tmp_path / "dials.jsonl", tmp_path / "dials.jsonl.state"
    real_save = getattr(worker, "save_checkpoint")  # noqa: B009 - a module loaded at run time
    saves = 0

    def crash_on_third_save(*args: Any) -> None:
        nonlocal saves
        saves += 1
        if saves == 3:
            raise SystemExit("killed")  # the process died after writing page 3
        real_save(*args)

    monkeypatch.setattr(worker, "save_checkpoint", crash_on_third_save)
    async with vogent_async.Client() as client:
        with pytest.raises(SystemExit):
            await worker.export_dials(client, job_id, out, state)
        assert len(dial_ids(out)) == 150  # three pages on disk, two checkpointed
        monkeypatch.setattr(worker, "save_checkpoint", real_save)
        assert await worker.export_dials(client, job_id, out, state) == 80
        assert await worker.export_dials(client, job_id, out, state) == 0

    assert dial_ids(out) == await all_dial_ids(fake_vogent, job_id)
    assert json.loads(state.read_text())["done"] is True


@pytest.mark.parametrize("recipe", ["webhooks_aiohttp.py", "webhooks_fastapi.py"])
async def test_webhook_recipes_play_nothing_with_a_key(recipe: str, load: Load) -> None:
    """With a key, Vogent sends the webhooks: the recipe plays nothing, and serves instead."""
    assert await load(recipe).main(rows=1) is None


@pytest.mark.parametrize("recipe", ["webhooks_aiohttp.py", "webhooks_fastapi.py"])
async def test_webhook_recipes_receive_the_fakes_signed_events(recipe: str, no_key: Load) -> None:
    """The receiving app learns every dial's outcome from real signed webhooks, and answers."""
    played = await no_key(recipe).main(rows=6)
    assert played is not None
    outcomes, answer = played
    assert len(outcomes) == 6
    assert all(outcome["status"] for outcome in outcomes.values())
    answered = [o for o in outcomes.values() if "result" in o]
    assert answered
    assert all(isinstance(o["result"], dict) for o in answered)
    assert answer == {"call_agent_input": {"caller": "+15550100"}, "keywords": []}


def _example_tests() -> list[str]:
    """The test functions of the testing guide's example file."""
    source = (EXAMPLES / "test_with_fake.py").read_text()
    return re.findall(r"^async def (test_\w+)\(", source, re.MULTILINE)


@pytest.mark.parametrize("name", _example_tests())
async def test_testing_guide_examples_pass(name: str, load: Load, fake_vogent: FakeVogent) -> None:
    """Each test of the testing guide passes, given the fixtures the pytest plugin provides."""
    test = getattr(load("test_with_fake.py"), name)
    wanted = inspect.signature(test).parameters
    async with vogent_async.Client(fake_vogent.api_key, base_url=fake_vogent.base_url) as client:
        fixtures = {"fake_vogent": fake_vogent, "vogent_client": client}
        await test(**{param: fixtures[param] for param in wanted})


async def test_speech_recipe_streams_chunked_audio_to_the_listener(
    load: Load, fake_vogent: FakeVogent
) -> None:
    """The app relays the fake's WAV with chunked encoding, byte for byte."""
    fake_vogent.tts.chunk_size = 2048
    stock_voice = next(iter(fake_vogent.voices))["id"]
    status, chunked, body = await load("speech_web_response.py").main("Hello " * 40, stock_voice)

    assert status == 200
    assert chunked == "chunked"
    assert body.startswith(b"RIFF")
    assert len(body) == fake_vogent.tts.bytes_sent


async def test_speech_recipe_maps_bad_input_and_refusals(
    load: Load, fake_vogent: FakeVogent, sleeps: SleepRecorder
) -> None:
    """An empty text is a 400 without a request to the API; a 422 from the API is a 502."""
    module = load("speech_web_response.py")
    status, _, body = await module.main("", "voice_1")
    assert (status, body) == (400, b"text: must not be empty")
    assert fake_vogent.requests == []

    fake_vogent.faults.add("POST /tts", status=422)
    status, _, body = await module.main("Hi", "voice_1")
    assert (status, body) == (502, b"Vogent API: 422")
